"""Template helpers that render Django forms in the GOV.UK Design System's markup."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField

register = template.Library()

CHOICE_LIST_WIDGETS = (forms.CheckboxSelectMultiple, forms.RadioSelect)


def widget_kind(field: BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


CSS_FOR_KIND = {
    "input": "govuk-input",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "file": "govuk-file-upload",
    "checkbox": "govuk-checkboxes__input",
}


@register.inclusion_tag("components/field.html")
def govuk_field(field: BoundField, width: str = "") -> dict[str, Any]:
    kind = widget_kind(field)
    css = CSS_FOR_KIND.get(kind, "")
    if field.errors and kind in {"input", "textarea", "select", "file"}:
        css += f" {css}--error"
    if width and kind == "input":
        css += f" govuk-input--width-{width}"
    attrs: dict[str, Any] = {"class": css.strip()}
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}-hint")
    if field.errors:
        described_by.append(f"{field.auto_id}-error")
    if described_by and kind not in {"checkboxes", "radios"}:
        attrs["aria-describedby"] = " ".join(described_by)
    if field.field.required and kind not in {"checkboxes", "radios", "checkbox"}:
        attrs["aria-required"] = "true"
    return {
        "field": field,
        "kind": kind,
        "widget_html": field.as_widget(attrs=attrs) if kind not in {"checkboxes", "radios"} else "",
        "options": list(field.subwidgets) if kind in {"checkboxes", "radios"} else [],
        "described_by": " ".join(described_by),
    }


@register.inclusion_tag("components/error_summary.html")
def govuk_error_summary(*forms_: forms.BaseForm) -> dict[str, Any]:
    """Every form's errors, linked to their fields, at the top of the page."""
    items: list[dict[str, str]] = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        items.extend({"text": str(message), "href": ""} for message in form.non_field_errors())
        for name, errors in form.errors.items():
            if name == "__all__":
                continue
            bound = form[name]
            anchor = bound.auto_id
            if widget_kind(bound) in {"checkboxes", "radios"}:
                anchor = f"{bound.auto_id}_0"
            items.extend({"text": str(message), "href": f"#{anchor}"} for message in errors)
    return {"items": items}


@register.filter
def has_errors(*forms_: forms.BaseForm) -> bool:
    return any(form is not None and form.is_bound and form.errors for form in forms_)


@register.simple_tag(takes_context=True)
def page_url(context: dict[str, Any], number: int) -> str:
    """A link to another page of the list on screen, keeping its filters."""
    from coproduce.common.pagination import url_for_page

    return url_for_page(context["request"], number)
