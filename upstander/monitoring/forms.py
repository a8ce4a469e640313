"""Input parsing for the review queue and the account pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict

from upstander.accounts.models import Platform
from upstander.classify import LABELS
from upstander.core.form_inputs import date_field, text_area, tick_to_go_on
from upstander.core.outbound import validate_public_server
from upstander.monitoring.models import Band, ReviewStatus
from upstander.monitoring.selectors import QueueFilters

ACTIONS = [
    ("dismiss", "Dismiss"),
    ("case", "Create a case"),
    ("block", "Request a block"),
    ("hide", "Hide on the platform"),
    ("delete", "Delete the comment"),
    ("ban", "Ban the author from the page/channel"),
]


class QueueFilterForm(forms.Form):
    person = forms.TypedChoiceField(label="Person", required=False, coerce=int, empty_value=None)
    band = forms.ChoiceField(
        label="Score band", required=False, choices=[("", "Any band"), *Band.choices]
    )
    label = forms.ChoiceField(
        label="Label",
        required=False,
        choices=[("", "Any label")] + [(label, label.replace("_", " ")) for label in LABELS],
    )
    platform = forms.ChoiceField(
        label="Platform", required=False, choices=[("", "Any platform"), *Platform.choices]
    )
    author = forms.CharField(label="Author", required=False, max_length=253)
    since = date_field("Posted from", required=False)
    until = date_field("Posted until", required=False)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *ReviewStatus.choices]
    )

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person_field = self.fields["person"]
        assert isinstance(person_field, forms.TypedChoiceField)
        person_field.choices = [("", "Everyone you follow"), *people]

    def filters(self) -> QueueFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return QueueFilters(
            person=data.get("person"),
            band=data.get("band") or "",
            label=data.get("label") or "",
            platform=data.get("platform") or "",
            author=(data.get("author") or "").strip(),
            since=data.get("since"),
            until=data.get("until"),
            status=data.get("status", ReviewStatus.NEW) if self.is_bound else ReviewStatus.NEW,
        )


class BulkActionForm(forms.Form):
    items = forms.TypedMultipleChoiceField(
        label="Selected posts",
        coerce=int,
        error_messages={
            "required": "Select at least one post first.",
            # Usually someone else dismissed or acted on it since the page was loaded.
            "invalid_choice": "A selected post is no longer in your queue (it may have been "
            "handled already). Reload the queue and try again.",
        },
    )
    action = forms.ChoiceField(
        label="Action",
        choices=ACTIONS,
        error_messages={
            "required": "Choose what to do with the selected posts.",
            "invalid_choice": "Choose dismiss, create a case, request a block, hide, delete "
            "or ban.",
        },
    )
    summary = text_area(
        "Case summary (for “Create a case”)", rows=2, required=False, max_length=2000
    )

    def __init__(self, *args: Any, item_ids: list[int], **kwargs: Any) -> None:
        if args and args[0] is not None and args[0].get("act_on"):
            args = (_one_item(args[0]), *args[1:])
        super().__init__(*args, **kwargs)
        items_field = self.fields["items"]
        assert isinstance(items_field, forms.TypedMultipleChoiceField)
        items_field.choices = [(item_id, str(item_id)) for item_id in item_ids]


def _one_item(data: QueryDict) -> QueryDict:
    """A button on one post (`act_on=<action>:<item id>`) acts on that post alone, whatever
    else is ticked."""
    action, _, item = str(data.get("act_on", "")).partition(":")
    one = data.copy()
    one.setlist("items", [item])
    one["action"] = action
    return one


class ConnectAccountForm(forms.Form):
    platform = forms.ChoiceField(
        label="Platform",
        choices=[
            (Platform.BLUESKY, "Bluesky"),
            (Platform.MASTODON, "Mastodon"),
            (Platform.FACEBOOK, "Facebook Page"),
            (Platform.INSTAGRAM, "Instagram professional account"),
            (Platform.YOUTUBE, "YouTube channel"),
            (Platform.X, "X"),
        ],
    )
    handle = forms.CharField(
        label="Your handle (Facebook: your page's id; YouTube: your channel's @handle or id; "
        "Instagram or X: your username)",
        max_length=253,
        help_text="For example priya.bsky.social, @priya@mastodon.social, the id of your "
        "Facebook Page, @priya on YouTube, your Instagram username, or @priya on X. Only "
        "Facebook Pages can be read, not personal profiles; only Instagram professional "
        "(business or creator) accounts, not personal ones.",
    )
    server = forms.URLField(
        label="Server address",
        required=False,
        assume_scheme="https",
        help_text="Mastodon: your server, e.g. https://mastodon.social. Bluesky: leave empty "
        "unless you host your own.",
        validators=[validate_public_server],
    )
    credential = forms.CharField(
        label="App password (Bluesky), access token (Mastodon, X, YouTube), page access token "
        "(Facebook, or Instagram: the token of the Page your Instagram account is linked to)",
        required=False,
        max_length=500,
        widget=forms.PasswordInput(render_value=False),
        help_text="Stored encrypted; deleted as soon as you stop monitoring.",
    )
    consent = tick_to_go_on(
        "I agree that the party's case workers watch replies and mentions of this account "
        "on my behalf, and may act on abuse as we agree.",
        unticked="We can only watch an account with your consent.",
    )


class DelegateForm(forms.Form):
    person = forms.TypedChoiceField(widget=forms.HiddenInput, coerce=int)
    delegate = forms.TypedChoiceField(label="Case worker", coerce=int)

    def __init__(
        self,
        *args: Any,
        caseworkers: list[tuple[int, str]],
        people: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, choices in (("delegate", caseworkers), ("person", people)):
            field = self.fields[name]
            assert isinstance(field, forms.TypedChoiceField)
            field.choices = choices


class ThresholdForm(forms.Form):
    threshold = forms.FloatField(
        label="Alert me when a post scores at least", min_value=0.0, max_value=1.0
    )
