from __future__ import annotations

from django.apps import AppConfig


class DisciplineConfig(AppConfig):
    name = "upstander.discipline"
    label = "discipline"
