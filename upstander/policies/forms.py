from __future__ import annotations

from django import forms

from upstander.policies.models import PolicyKind


class PolicyDraftForm(forms.Form):
    kind = forms.TypedChoiceField(choices=PolicyKind.choices, coerce=PolicyKind)
    title = forms.CharField(max_length=200)
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 18}), max_length=100_000)
