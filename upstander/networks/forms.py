from __future__ import annotations

from typing import Any

from django import forms

from upstander.core.form_fields import RowsChoiceField
from upstander.core.form_inputs import text_area
from upstander.core.validators import LARGEST_ID, validate_plausible_date
from upstander.networks.models import Network
from upstander.policies.models import PolicyDocument, PolicyStatus


class ConsultationForm(forms.Form):
    title = forms.CharField(max_length=200)
    draft = text_area("Strategy draft", rows=10, max_length=50_000)
    networks = RowsChoiceField(queryset=Network.objects.all(), widget=forms.CheckboxSelectMultiple)
    deadline = forms.DateTimeField(
        validators=[validate_plausible_date],
        label="Responses by",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class ResponseForm(forms.Form):
    network = forms.ModelChoiceField(queryset=Network.objects.none(), label="On behalf of")
    point = text_area("Your network's point", rows=5, max_length=5000)

    def __init__(self, *args: Any, networks: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["network"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = networks if networks is not None else Network.objects.none()


class ReplyForm(forms.Form):
    response = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=LARGEST_ID)
    reply = text_area("What we did", max_length=5000)


class PublishForm(forms.Form):
    summary = text_area("Summary ('you said, we did' introduction)", rows=4, max_length=10_000)


class LinkPolicyForm(forms.Form):
    document = forms.ModelChoiceField(
        label="Policy version shaped by this consultation",
        queryset=PolicyDocument.objects.exclude(status=PolicyStatus.SUPERSEDED),
    )


class NetworkMemberForm(forms.Form):
    network = forms.ModelChoiceField(queryset=Network.objects.all())
    email = forms.EmailField(label="Person's email (they need a login)")
    representative = forms.BooleanField(required=False, label="Representative of the network")
