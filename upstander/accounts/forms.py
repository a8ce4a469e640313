from __future__ import annotations

from django import forms

from upstander.accounts.models import Platform, Role
from upstander.core.form_inputs import text_area
from upstander.core.submissions import SubmittedOnceForm

MAX_IMPORT_BYTES = 5 * 1024 * 1024


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class RoleChangeForm(forms.Form):
    email = forms.EmailField(label="Person's email address", max_length=254)
    role = forms.ChoiceField(choices=Role.choices)
    action = forms.ChoiceField(choices=[("grant", "Grant"), ("revoke", "Revoke")])


class MemberImportForm(forms.Form):
    file = forms.FileField(
        label="Membership register (CSV, UTF-8)",
        help_text="Columns: membership_number, given_name, family_name, email, status, "
        "joined_on (YYYY-MM-DD), branch, handles (platform:handle; separated by semicolons).",
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("The file is larger than 5 MB; split it into parts.")
        raw = upload.read()
        if b"\x00" in raw:
            raise forms.ValidationError("This is not a CSV text file.")
        try:
            return str(raw.decode("utf-8-sig"))
        except UnicodeDecodeError as error:
            raise forms.ValidationError(
                "The file is not UTF-8 text; save it from your spreadsheet as 'CSV UTF-8'."
            ) from error


class EmailUpdateForm(SubmittedOnceForm):
    subject = forms.CharField(label="Subject", max_length=200)

    def clean_subject(self) -> str:
        subject: str = self.cleaned_data["subject"]
        if "\n" in subject or "\r" in subject:
            raise forms.ValidationError("The subject must be one line.")
        return subject

    body = text_area(
        "Message",
        rows=12,
        max_length=20_000,
        help_text="Plain text. Each mail ends with the reader's own one-click unsubscribe link.",
    )


class HandleDeclareForm(forms.Form):
    platform = forms.ChoiceField(label="Platform", choices=[("", "Choose"), *Platform.choices])
    handle = forms.CharField(
        label="Your handle or profile address",
        help_text="For example sam.bsky.social, @sam@mastodon.social or a link to your profile.",
        max_length=300,
    )
