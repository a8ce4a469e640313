"""Input for the blocking pages: each form rejects bad input with a clear message."""

from __future__ import annotations

from typing import Any

from django import forms

from upstander.accounts.models import Platform
from upstander.blocking.models import Method
from upstander.core.form_inputs import text_area
from upstander.core.outbound import validate_public_server

PLATFORMS = [(Platform.BLUESKY, "Bluesky"), (Platform.MASTODON, "Mastodon"), (Platform.X, "X")]


class BlockRequestForm(forms.Form):
    platform = forms.ChoiceField(choices=PLATFORMS)
    account_id = forms.CharField(
        label="Account's stable id",
        max_length=512,
        help_text="The Bluesky DID (did:plc:…), the Mastodon account URI (https://…/users/…) "
        "or the X account's numeric id.",
    )
    handle = forms.CharField(label="Handle as shown", max_length=253, required=False)
    reason = text_area("Why block this account")
    evidence_ids = forms.CharField(
        label="Evidence already captured (numbers, separated by commas)",
        required=False,
        max_length=500,
    )
    post_url = forms.URLField(
        label="Or: the address of an abusive post", required=False, assume_scheme="https"
    )
    post_text = text_area("Its text, copied exactly", required=False, max_length=10_000)
    report_to_platform = forms.BooleanField(
        label="Also report the account and the posts to the platform's moderators (needs the "
        "case: the person targeted must have asked for it)",
        required=False,
    )
    case_id = forms.IntegerField(label="Case number (for a report)", required=False, min_value=1)

    def clean_account_id(self) -> str:
        value: str = self.cleaned_data["account_id"].strip()
        if not value.startswith(("did:", "https://")) and not value.isdigit():
            raise forms.ValidationError(
                "Give the account's stable id: a DID (did:plc:…), an account URI (https://…) "
                "or an X account's numeric id."
            )
        return value

    def clean_evidence_ids(self) -> list[int]:
        raw: str = self.cleaned_data["evidence_ids"]
        try:
            return [int(part) for part in raw.replace(" ", "").split(",") if part]
        except ValueError:
            raise forms.ValidationError("Evidence numbers must be whole numbers.") from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("post_url") and not (data.get("post_text") or "").strip():
            self.add_error("post_text", "Copy the post's text so it is kept as evidence.")
        account_id = data.get("account_id") or ""
        if account_id and (data.get("platform") == Platform.X) != account_id.isdigit():
            self.add_error(
                "account_id", "An X account's stable id is its number; other platforms' are not."
            )
        return data


class StableIdForm(forms.Form):
    """A hand-over's account named by hand (the service checks the form of id per platform)."""

    account_id = forms.CharField(label="Stable id", max_length=512)
    next = forms.CharField(required=False, max_length=2000)


class ReasonForm(forms.Form):
    reason = text_area("Reason", rows=2, max_length=2000)


class ConnectForm(forms.Form):
    platform = forms.ChoiceField(choices=PLATFORMS)
    handle = forms.CharField(label="Your handle", max_length=253)
    account_id = forms.CharField(
        label="Your account's stable id (Bluesky DID, Mastodon account URI or X numeric id)",
        max_length=512,
    )
    service_url = forms.URLField(
        label="Your server's address (Bluesky PDS or Mastodon server; not needed for X)",
        required=False,
        assume_scheme="https",
        validators=[validate_public_server],
    )
    credential = forms.CharField(
        label="App password (Bluesky) or access token (Mastodon, X)",
        widget=forms.PasswordInput(render_value=False),
        max_length=2000,
    )
    method = forms.ChoiceField(choices=Method.choices, widget=forms.RadioSelect)
    consent = forms.BooleanField(label="I have read the text above and I agree")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("method") == Method.MODLIST and data.get("platform") != Platform.BLUESKY:
            self.add_error("method", "Only Bluesky has moderation lists: choose block or mute.")
        elif data.get("platform") == Platform.X and data.get("method") != Method.MUTE:
            self.add_error("method", "On X the party can only mute: choose mute.")
        if data.get("platform") != Platform.X and not data.get("service_url"):
            self.add_error("service_url", "Give your server's address.")
        return data
