"""Forms for voting. They only shape the input; the services decide whether it is allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.budgeting.models import Process, Proposal
from coproduce.budgeting.services._base import money
from coproduce.budgeting.voting.models import (
    BallotKind,
    CountingRule,
    IdentityCheck,
    VotingSettings,
)


class BallotForm(forms.Form):
    """Ticks for an approval ballot, or a points box for each project on a cumulative one."""

    def __init__(
        self,
        *args: Any,
        process: Process,
        settings: VotingSettings,
        proposals: list[Proposal],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.cumulative = settings.ballot_kind == BallotKind.CUMULATIVE
        self.proposals = proposals
        if self.cumulative:
            for proposal in proposals:
                self.fields[f"points_{proposal.pk}"] = forms.IntegerField(
                    label=f"{proposal.title} ({money(int(proposal.cost), process.currency)})",
                    required=False,
                    min_value=0,
                    max_value=10_000,
                    error_messages={"invalid": _("Enter a whole number of points, like 3.")},
                )
        else:
            self.fields["choices"] = forms.MultipleChoiceField(
                label=_("Your choices"),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                choices=[
                    (
                        str(proposal.pk),
                        f"{proposal.title} ({money(int(proposal.cost), process.currency)})",
                    )
                    for proposal in proposals
                ],
            )

    def chosen(self) -> dict[str, int]:
        data = self.cleaned_data
        if self.cumulative:
            return {
                str(proposal.pk): data.get(f"points_{proposal.pk}") or 0
                for proposal in self.proposals
                if data.get(f"points_{proposal.pk}")
            }
        return dict.fromkeys(data.get("choices") or [], 1)


class AssistedPersonForm(forms.Form):
    email = forms.EmailField(
        label=_("The person's email address"),
        help_text=_("They must have an account. Make one for them first if they have none."),
        max_length=254,
    )
    identity_checked = forms.BooleanField(
        label=_("I have checked who this person is, as the guidance says"), required=False
    )


class PaperForm(forms.Form):
    paper_number = forms.CharField(label=_("Paper number"), max_length=40)
    voter_reference = forms.CharField(
        label=_("Polling-card code or email address on the paper"), max_length=254
    )


class PollingCardForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your polling card"),
        help_text=_("It looks like ABCD-EFGH-JKLM."),
        max_length=40,
    )


class PhoneForm(forms.Form):
    phone = forms.CharField(label=_("Mobile phone number"), max_length=30)


class PhoneCodeForm(forms.Form):
    code = forms.CharField(label=_("The 6-digit code we sent"), max_length=10)


class SettingsForm(forms.Form):
    ballot_kind = forms.ChoiceField(
        label=_("Kind of ballot"), choices=BallotKind.choices, widget=forms.RadioSelect
    )
    max_choices = forms.IntegerField(
        label=_("Most projects a voter may choose"),
        help_text=_("Only for 'Choose up to a number of projects'."),
        required=False,
        min_value=1,
        max_value=1_000,
    )
    points = forms.IntegerField(
        label=_("Points each voter shares out"),
        help_text=_("Only for 'Share out points between projects'."),
        required=False,
        min_value=1,
        max_value=1_000,
    )
    can_change = forms.BooleanField(
        label=_("Voters may change their online ballot until voting closes"), required=False
    )
    identity_check = forms.ChoiceField(
        label=_("How voters prove who they are"),
        choices=IdentityCheck.choices,
        widget=forms.RadioSelect,
    )
    rule = forms.ChoiceField(
        label=_("Counting rule"), choices=CountingRule.choices, widget=forms.RadioSelect
    )


class PbImportForm(forms.Form):
    """A `.pb` file to set up as a new budget. The service reads and checks what is in it."""

    file = forms.FileField(
        label=_("The .pb file"),
        help_text=_("A text file in the pabulib format, up to 50 MB."),
        error_messages={
            "required": _("Choose a .pb file to import."),
            "empty": _("The file is empty. Choose a .pb file with a budget and projects."),
        },
    )
    title = forms.CharField(
        label=_("Title"),
        help_text=_("Leave empty to use the description in the file."),
        required=False,
        max_length=160,
    )

    def clean_file(self) -> Any:
        # Checked before the file is read into memory; the service checks the same limit.
        from coproduce.budgeting.voting.services import results

        upload = self.cleaned_data["file"]
        if upload.size is not None and upload.size > results.MAX_PB_BYTES:
            raise forms.ValidationError(_("The file is too large. A .pb file can be up to 50 MB."))
        return upload


class PrintLayoutForm(forms.Form):
    layout = forms.ChoiceField(
        label=_("How to print the cards"),
        choices=[
            ("one", _("One card on each A4 page")),
            ("two", _("Two cards on each A4 page, to cut along the dashed line")),
        ],
        initial="one",
        widget=forms.RadioSelect,
    )
