"""Input parsing for the discipline pages (400-level errors); the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms

from upstander.core.form_inputs import date_field, text_area
from upstander.core.quarters import Quarter
from upstander.core.submissions import SubmittedOnceForm
from upstander.core.validators import LARGEST_ID, validate_plausible_date
from upstander.discipline.models import (
    AppealOutcome,
    Appellant,
    AssessmentOutcome,
    Conduct,
    ConflictKind,
    FactorKind,
    Sanction,
    Seat,
)


class ComplaintOpenForm(SubmittedOnceForm):
    membership_number = forms.CharField(
        label="Membership number of the member complained about", max_length=32
    )
    conduct = forms.ChoiceField(label="Conduct alleged", choices=Conduct.choices)
    description = text_area("What happened", rows=4, max_length=5000)
    second_conduct = forms.ChoiceField(
        label="Another allegation (optional)",
        choices=[("", "None"), *Conduct.choices],
        required=False,
    )
    second_description = text_area(
        "What happened (second allegation)", rows=4, max_length=5000, required=False
    )
    complainant_email = forms.EmailField(
        label="Complainant's email (if they have an account)", required=False
    )
    complainant_anonymous_to_respondent = forms.BooleanField(
        label="The complainant asks not to be named to the member", required=False
    )
    sexual_harassment = forms.BooleanField(
        label="This is a sexual harassment complaint (the complainant stays anonymous until "
        "the hearing)",
        required=False,
    )
    source_case_id = forms.IntegerField(
        label="Case number (optional)", required=False, min_value=1, max_value=LARGEST_ID
    )
    evidence_ids = forms.CharField(
        label="Evidence the victim consented to share (item numbers, separated by commas)",
        required=False,
        max_length=500,
    )

    def clean_evidence_ids(self) -> list[int]:
        raw = self.cleaned_data["evidence_ids"]
        parts = [part for part in raw.replace(" ", "").split(",") if part]
        if not all(
            part.isascii() and part.isdigit() and 0 < int(part) <= LARGEST_ID for part in parts
        ):
            raise forms.ValidationError("Write item numbers only, like 12, 15.")
        return [int(part) for part in parts]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("second_conduct") and not (data.get("second_description") or "").strip():
            self.add_error("second_description", "Describe the second allegation too.")
        return data


class AssessForm(forms.Form):
    outcome = forms.ChoiceField(label="Assessment", choices=AssessmentOutcome.choices)
    criteria = text_area("Criteria applied", rows=4, max_length=5000)
    reason = text_area("Reason", rows=4, max_length=5000)


class AppointForm(forms.Form):
    email = forms.EmailField(label="Their email address")
    seat = forms.ChoiceField(label="Seat", choices=Seat.choices)


class ReportForm(forms.Form):
    report = text_area("Investigation findings", rows=6, max_length=20000)


class NoticeForm(forms.Form):
    hearing_at = forms.DateTimeField(
        validators=[validate_plausible_date],
        label="Hearing date and time",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    hearing_place = forms.CharField(label="Where", max_length=200)
    disclose = forms.TypedMultipleChoiceField(
        label="Evidence to disclose to the member",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, evidence_choices: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["disclose"].choices = evidence_choices  # type: ignore[attr-defined]


class ResponseForm(forms.Form):
    response = text_area("The member's response", rows=6, max_length=20000)


class InterimForm(forms.Form):
    criteria = text_area("Criteria", rows=4)
    reason = text_area("Reason", rows=4)
    review_on = date_field("Review date")


class EndInterimForm(forms.Form):
    reason = text_area("Why it ends", rows=4)


def _sanction(value: str) -> Sanction:
    return Sanction(int(value))


class DecisionForm(forms.Form):
    """Its cleaned data are `decision_record`'s arguments (the appeal form's: `appeal_decide`'s)."""

    sanction = forms.TypedChoiceField(label="Sanction", choices=Sanction.choices, coerce=_sanction)
    ends_on = date_field("End date (suspension) or expiry date (formal warning)", required=False)
    education_course = forms.BooleanField(
        label="Also ask the member to complete the education course", required=False
    )
    factors = forms.MultipleChoiceField(
        label="Aggravating and mitigating factors found",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    criteria = text_area("Criteria applied", rows=4, max_length=5000)
    reason = text_area("The panel's reasons", rows=4, max_length=10000)
    outside_range_reason = text_area(
        "If outside the guide's range: why", rows=2, required=False, max_length=5000
    )

    def __init__(self, *args: Any, factor_choices: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["factors"].choices = factor_choices  # type: ignore[attr-defined]


class AppealDecisionForm(DecisionForm):
    outcome = forms.TypedChoiceField(
        label="Outcome", choices=AppealOutcome.choices, coerce=AppealOutcome
    )
    how_reached = text_area("How the appeal panel reached its decision", rows=4, max_length=5000)
    field_order = ["outcome", "sanction", "ends_on", "education_course", "factors"]

    def __init__(self, *args: Any, factor_choices: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, factor_choices=factor_choices, **kwargs)
        self.fields["sanction"].required = False
        self.fields["sanction"].empty_value = None  # type: ignore[attr-defined]
        self.fields["sanction"].help_text = "Only when the outcome is to vary the decision."


class AppealForm(forms.Form):
    appellant = forms.ChoiceField(label="Who appeals", choices=Appellant.choices)
    grounds = text_area("Grounds of appeal", rows=4, max_length=10000)


class GroundsForm(forms.Form):
    grounds = text_area("Why you appeal", rows=4, max_length=10000)


class ExtendForm(forms.Form):
    until = date_field("New appeal deadline")
    reason = text_area("Reason for the extension", rows=4)


class UpdateForm(forms.Form):
    news = text_area("Update for the complainant", rows=4, max_length=5000)


class RepresentationForm(forms.Form):
    official_name = forms.CharField(label="Who approached you", max_length=200)
    official_position = forms.CharField(label="Their position", max_length=200, required=False)
    summary = text_area("What they said or asked", rows=4, max_length=5000)


class ConflictForm(forms.Form):
    email = forms.EmailField(label="Email of the person with the conflict")
    kind = forms.ChoiceField(label="Kind of conflict", choices=ConflictKind.choices)
    note = forms.CharField(label="Note", max_length=500, required=False)


class GuidePublishForm(forms.Form):
    notes = text_area("What changed in this version", rows=4, max_length=2000, required=False)


class GuideEntryForm(forms.Form):
    """One kind of conduct's range. There is no channel to set: online = offline (P2)."""

    conduct = forms.ChoiceField(choices=Conduct.choices, widget=forms.HiddenInput)
    lowest = forms.TypedChoiceField(label="Lowest", choices=Sanction.choices, coerce=int)
    highest = forms.TypedChoiceField(label="Highest", choices=Sanction.choices, coerce=int)
    examples = text_area("Examples", rows=2, max_length=500, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        lowest, highest = cleaned.get("lowest"), cleaned.get("highest")
        if lowest is not None and highest is not None and lowest > highest:
            self.add_error("highest", "The highest sanction cannot be below the lowest.")
        return cleaned


class GuideFactorForm(forms.Form):
    code = forms.SlugField(
        label="Code", max_length=40, help_text="Short, lower case, no spaces (e.g. repeated)."
    )
    label = forms.CharField(label="Description", max_length=200)
    kind = forms.ChoiceField(label="Kind", choices=FactorKind.choices)
    weight = forms.IntegerField(
        label="Steps", min_value=1, max_value=3, initial=1, help_text="How far it moves the range."
    )


GuideEntryFormSet = forms.formset_factory(
    GuideEntryForm,
    extra=0,
    min_num=len(Conduct.values),
    max_num=len(Conduct.values),
    validate_min=True,
    validate_max=True,
)
GuideFactorFormSet = forms.formset_factory(
    GuideFactorForm, extra=2, can_delete=True, max_num=30, validate_max=True
)


class StatisticsForm(forms.Form):
    """A closed quarter: the running one is never shown, its figures would still move."""

    quarter = forms.ChoiceField(label="Quarter")

    def __init__(self, *args: Any, quarters: list[Quarter], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.quarters = {f"{q.year}-{q.number}": q for q in quarters}
        field = self.fields["quarter"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(key, q.label) for key, q in self.quarters.items()]

    def chosen(self) -> Quarter:
        return self.quarters[self.cleaned_data["quarter"]]


class ReferralAcceptForm(forms.Form):
    conduct = forms.ChoiceField(label="Conduct alleged", choices=Conduct.choices)
    description = text_area(
        "The allegation, as the complaint will state it", rows=4, max_length=5000
    )


class ReferralDeclineForm(forms.Form):
    reason = text_area("Why no complaint opens (kept with the referral)", rows=4, max_length=5000)
