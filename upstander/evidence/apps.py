from __future__ import annotations

from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "upstander.evidence"
    label = "evidence"
