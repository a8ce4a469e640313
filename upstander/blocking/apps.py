from __future__ import annotations

from django.apps import AppConfig


class BlockingConfig(AppConfig):
    name = "upstander.blocking"
    label = "blocking"
