from __future__ import annotations

from django import forms

from upstander.core.form_inputs import text_area
from upstander.policies.models import PolicyKind


class PolicyDraftForm(forms.Form):
    kind = forms.TypedChoiceField(choices=PolicyKind.choices, coerce=PolicyKind)
    title = forms.CharField(max_length=200)
    summary = text_area(max_length=2000)
    body = text_area(rows=18, max_length=100_000)
