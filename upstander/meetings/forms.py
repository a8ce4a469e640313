from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Model

from upstander.accounts.models import Branch
from upstander.core.form_inputs import text_area, tick_to_go_on
from upstander.core.validators import LARGEST_ID, validate_plausible_date
from upstander.meetings.models import Audience, Meeting, MeetingPlatform


def _network_model() -> type[Model]:
    # Networks sits beside meetings in the layers, so it is reached through the foreign key.
    model = Meeting._meta.get_field("network").related_model
    assert isinstance(model, type)
    return model


class MeetingForm(forms.Form):
    title = forms.CharField(max_length=200)
    starts_at = forms.DateTimeField(
        validators=[validate_plausible_date],
        label="Starts at",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    duration_minutes = forms.IntegerField(label="Length (minutes)", min_value=10, max_value=720)
    platform = forms.ChoiceField(choices=MeetingPlatform.choices)
    join_link = forms.URLField(
        label="Joining link",
        max_length=2000,
        assume_scheme="https",
        help_text="Shown only to people who have signed the code of conduct.",
    )
    audience = forms.ChoiceField(label="Who may register", choices=Audience.choices)
    branch = forms.ModelChoiceField(
        queryset=Branch.objects.all(), required=False, help_text="Only for a branch meeting."
    )
    network: forms.ModelChoiceField[Model] = forms.ModelChoiceField(
        queryset=None, required=False, help_text="Only for a network meeting."
    )
    guidance = text_area(
        "Behaviour guidance",
        rows=4,
        max_length=4000,
        required=False,
        help_text="Leave empty to use the summary of the current code of conduct.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        network_field = self.fields["network"]
        assert isinstance(network_field, forms.ModelChoiceField)
        network_field.queryset = _network_model()._default_manager.all()

    def clean_join_link(self) -> str:
        link = str(self.cleaned_data["join_link"])
        if not link.startswith("https://"):
            raise forms.ValidationError("The joining link must start with https://.")
        return link

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        audience = data.get("audience")
        if audience == Audience.BRANCH and not data.get("branch"):
            self.add_error("branch", "Choose the branch whose members may register.")
        if audience == Audience.NETWORK and not data.get("network"):
            self.add_error("network", "Choose the network whose members may register.")
        return data


class RegisterForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=150)
    email = forms.EmailField(label="Your email address", max_length=254)

    def __init__(self, *args: Any, signed_in: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if signed_in:
            del self.fields["email"]
            self.fields["name"].required = False
            self.fields["name"].help_text = "Leave empty to use the name in the register."


class SignForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=LARGEST_ID)
    signed_name = forms.CharField(label="Type your full name to sign", max_length=150)
    agree = tick_to_go_on(
        "I have read the code of conduct and I agree to follow it.",
        unticked="Please tick the box to show you agree.",
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(label="Why is this place withdrawn?", max_length=300)
    # Ticked on the host's page: the person removed may know the password. An unticked box
    # is absent from the post, so leaving it out keeps the password.
    rotate_password = forms.BooleanField(
        label="Also change the password and send the new one to everyone still admitted",
        required=False,
        initial=True,
    )


class IncidentForm(forms.Form):
    what_happened = text_area("What happened in the meeting", rows=5, max_length=10_000)
    people_involved = forms.CharField(
        label="Who was involved (names as shown in the meeting)", max_length=500, required=False
    )
