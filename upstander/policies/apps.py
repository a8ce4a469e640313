from __future__ import annotations

from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "upstander.policies"
    label = "policies"
    verbose_name = "Policies"
