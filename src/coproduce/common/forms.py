"""Form helpers shared by every app."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied

from coproduce.common.errors import ServiceError


def add_service_error(form: forms.BaseForm, error: ServiceError) -> None:
    """Show a service's refusal in the form, beside the field it is about.

    A refusal for lack of permission is not the person's typing: it becomes a 403 page.
    """
    if error.status == 403:
        raise DjangoPermissionDenied(error.message)
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
