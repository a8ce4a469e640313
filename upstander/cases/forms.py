"""Input parsing for the staff case pages (400-level errors)."""

from __future__ import annotations

from typing import Any

from django import forms

from upstander.cases.models import (
    Category,
    Characteristic,
    ContactMethod,
    Outcome,
    Severity,
    Wish,
)
from upstander.core.form_inputs import date_field, text_area, tick_to_go_on
from upstander.core.submissions import SubmittedOnceForm
from upstander.reports.forms import MultipleFileField
from upstander.reports.models import ReportPlatform


class QueueFilterForm(forms.Form):
    state = forms.ChoiceField(
        choices=[
            ("new", "New"),
            ("triaged", "Triaged"),
            ("consulting", "Consulting"),
            ("action", "Action"),
            ("closed", "Closed"),
        ],
        required=False,
    )
    category = forms.ChoiceField(
        choices=[("any", "Any category"), *Category.choices], required=False
    )
    mine = forms.BooleanField(label="Only mine", required=False)
    unassigned = forms.BooleanField(label="Only unassigned", required=False)
    overdue = forms.BooleanField(label="Only overdue", required=False)
    page = forms.IntegerField(min_value=1, max_value=100_000, required=False)


class TriageForm(forms.Form):
    severity = forms.TypedChoiceField(choices=Severity.choices, coerce=int, initial=Severity.MEDIUM)
    category = forms.ChoiceField(choices=[c for c in Category.choices if c[0]])
    targeted_characteristic = forms.ChoiceField(
        label="Targeted characteristic (for identity-based abuse)",
        choices=Characteristic.choices,
        required=False,
    )
    platform = forms.ChoiceField(choices=ReportPlatform.choices)
    possible_crime = forms.BooleanField(label="This may be a crime", required=False)
    protected_person_email = forms.EmailField(
        label="Email of the person targeted (if they have an account)", required=False
    )
    summary = text_area("Case summary", max_length=10_000, required=False)
    safeguarding_notes = text_area(
        "Safeguarding notes (health, disability or other sensitive details; encrypted)",
        rows=2,
        max_length=10_000,
        required=False,
    )


class ConsultationForm(forms.Form):
    held_on = date_field("Date of the conversation")
    method = forms.ChoiceField(label="How did it happen?", choices=ContactMethod.choices)
    wishes = forms.MultipleChoiceField(
        label="What do they want?", choices=Wish.choices, widget=forms.CheckboxSelectMultiple
    )
    consent_police = forms.BooleanField(
        label="They consent to sharing the evidence with the police", required=False
    )
    consent_panel = forms.BooleanField(
        label="They consent to sharing the evidence with a disciplinary panel", required=False
    )
    preferred_contact = forms.CharField(
        label="How they prefer to be contacted", required=False, max_length=500
    )
    next_check_in = date_field("Next check-in", required=False)
    notes = text_area("Notes", rows=4, required=False, max_length=20_000)


class ActionForm(SubmittedOnceForm):
    kind = forms.ChoiceField(
        label="Action", choices=[c for c in Wish.choices if c[0] != Wish.POLICE]
    )
    note = forms.CharField(label="Note", required=False, max_length=5_000)
    safeguarding_reason = text_area(
        "Safeguarding reason (only when acting against or beyond their wishes)",
        rows=2,
        required=False,
        max_length=5_000,
    )


class PoliceReferralForm(SubmittedOnceForm):
    force = forms.CharField(label="Police force", max_length=120)
    crime_reference = forms.CharField(label="Crime reference number", required=False, max_length=64)
    officer_name = forms.CharField(label="Officer's name", required=False, max_length=200)
    officer_contact = forms.CharField(
        label="Officer's contact details", required=False, max_length=500
    )
    referred_on = date_field("Date referred")
    safeguarding_reason = text_area(
        "Safeguarding reason (only without the person's wish or consent)",
        rows=2,
        required=False,
        max_length=5_000,
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(choices=[c for c in Outcome.choices if c[0]])
    reason = text_area(
        "Why close it without talking to the person targeted (safeguarding leads only)",
        rows=2,
        required=False,
        max_length=5_000,
    )
    confirm = tick_to_go_on(
        "I confirm the case should be closed with this outcome",
        unticked="Tick the box to confirm closing the case.",
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(label="Why reopen it?", max_length=2_000)


class MessageForm(forms.Form):
    body = text_area("Message to the reporter", max_length=10_000)


class PersonMessageForm(forms.Form):
    """To the person targeted (their thread in "Your cases"; a field of its own on the page)."""

    message = text_area("Message to the person targeted", max_length=10_000)


class AssignForm(forms.Form):
    email = forms.EmailField(label="Assign to (email)")


class CaseEvidenceForm(forms.Form):
    uploads = MultipleFileField(label="Files", required=False)
    text = text_area("Or text", rows=2, required=False, max_length=50_000)
    source_url = forms.URLField(
        label="Where it was found", required=False, max_length=2048, assume_scheme="https"
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("uploads") and not (cleaned.get("text") or "").strip():
            # At the text box, where the person looks (the page is shown again).
            self.add_error("text", "Choose a file or paste some text to add.")
        return cleaned


class SubjectAccessForm(forms.Form):
    email = forms.EmailField(label="Email address of the person asking")


class YourMessageForm(forms.Form):
    body = text_area("Message to your case worker", max_length=10_000)


class WishesChangeForm(forms.Form):
    """What the person targeted wants now; it reaches the case worker as a request."""

    wishes = forms.MultipleChoiceField(
        label="What would you like done now?",
        choices=Wish.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    note = text_area(
        "Anything else your case worker should know (optional)", max_length=5_000, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("wishes") and not (data.get("note") or "").strip():
            self.add_error("note", "Tick what you want now, or tell us in a few words.")
        return data
