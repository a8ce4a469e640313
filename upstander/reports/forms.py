"""Input parsing for the public report form and the receipt pages (400-level errors)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

from upstander.core.form_inputs import date_field, text_area
from upstander.core.submissions import SubmittedOnceForm
from upstander.evidence.conf import evidence_max_bytes
from upstander.reports.errors import InvalidPostLink
from upstander.reports.links import normalise_post_link
from upstander.reports.models import ReportPlatform, TargetKind

MAX_FILES = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            files = [single(item, initial) for item in data if item]
        else:
            files = [single(data, initial)] if data else []
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"Please send at most {MAX_FILES} files at once.")
        # By the size the upload declares, before any file is read into memory.
        limit = evidence_max_bytes()
        too_large = [f.name or "upload" for f in files if (f.size or 0) > limit]
        if too_large:
            raise forms.ValidationError(
                f"{', '.join(too_large)}: larger than {filesizeformat(limit)}. "
                "Please send a smaller file."
            )
        return files


# A mixin, not a form of its own (the form-markup test draws every form): typed as a form.
if TYPE_CHECKING:
    _FormMixinBase = forms.Form
else:
    _FormMixinBase = object


class AsksForFilesAgain(_FormMixinBase):
    """For a form with an `uploads` field that may be shown again after a refusal: browsers
    cannot refill a file input, so the page says at the field that the files must be chosen
    again."""

    FILES_NOT_KEPT = (
        "The files you chose were not kept, because the form had a problem. "
        "Please choose them again."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.files_not_kept = False

    def ask_for_files_again(self) -> None:
        """For the page shown again: point the file input at the note (and its error)."""
        if not self.files.getlist(self.add_prefix("uploads")):
            return
        self.files_not_kept = True
        described_by = [f"{self['uploads'].auto_id}_not_kept"]
        if "uploads" in self.errors:
            described_by.append(f"{self['uploads'].auto_id}_error")
        self.fields["uploads"].widget.attrs["aria-describedby"] = " ".join(described_by)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class ReportForm(AsksForFilesAgain, SubmittedOnceForm):
    target_kind = forms.ChoiceField(
        label="Who was targeted?",
        choices=TargetKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who was targeted."},
    )
    target_name = forms.CharField(
        label="Their name (if it was not you)", required=False, max_length=200
    )
    # No default: a preselected platform would be sent unread by anyone who skips the question.
    platform = forms.ChoiceField(
        label="Where did it happen?",
        choices=[("", "Choose…"), *ReportPlatform.choices],
        error_messages={"required": "Choose where it happened."},
    )
    post_links = text_area("Links to the posts (one per line)", required=False, max_length=20_000)
    offending_accounts = text_area(
        "The account(s) that posted them (one per line, e.g. @name.bsky.social)",
        rows=2,
        required=False,
        max_length=5_000,
    )
    what_happened = text_area(
        "What happened?",
        rows=6,
        max_length=20_000,
        error_messages={"required": "Tell us what happened."},
    )
    happened_on = date_field("When did it happen? (if you know)", required=False)
    urgent = forms.BooleanField(
        label="Someone's safety is at risk, or there was a threat of violence", required=False
    )
    uploads = MultipleFileField(
        label="Screenshots or files (images, PDF or text; up to 10 MB each)", required=False
    )
    text_evidence = text_area(
        "Or paste the text of the messages", required=False, max_length=50_000
    )
    contact_name = forms.CharField(label="Your name (optional)", required=False, max_length=200)
    contact_email = forms.EmailField(label="Your email (optional)", required=False)
    contact_phone = forms.CharField(label="Your phone (optional)", required=False, max_length=40)
    anonymous = forms.BooleanField(
        label="Report anonymously, even though I am signed in", required=False
    )

    def clean_post_links(self) -> list[str]:
        links = _lines(self.cleaned_data["post_links"])
        if len(links) > 50:
            raise forms.ValidationError("Please send at most 50 links.")
        normalised: list[str] = []
        refused: list[forms.ValidationError] = []
        for link in links:
            try:
                normalised.append(normalise_post_link(link))
            except InvalidPostLink as error:
                refused.append(forms.ValidationError(error.message, code="post_link"))
        if refused:
            raise forms.ValidationError(refused)
        return normalised

    def clean_offending_accounts(self) -> list[str]:
        accounts = _lines(self.cleaned_data["offending_accounts"])
        if len(accounts) > 20:
            raise forms.ValidationError("Please name at most 20 accounts.")
        return accounts

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor, message) for each error, in page order; a form-wide error has no anchor."""
        summary = [("", str(message)) for message in self.non_field_errors()]
        for name in self.fields:
            for message in self.errors.get(name, []):
                summary.append((self[name].auto_id or "", str(message)))
        return summary


class ReceiptForm(forms.Form):
    code = forms.CharField(
        label="Your receipt code",
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )


class ReporterMessageForm(forms.Form):
    body = text_area("Your message to the case worker", rows=4, max_length=10_000)


class MoreEvidenceForm(AsksForFilesAgain, forms.Form):
    uploads = MultipleFileField(label="Add screenshots or files", required=False)
    text = text_area("Or paste more text", required=False, max_length=50_000)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("uploads") and not (cleaned.get("text") or "").strip():
            # At the text box, where the person looks (the page is shown again).
            self.add_error("text", "Choose a file or paste some text to add.")
        return cleaned
