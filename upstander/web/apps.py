from __future__ import annotations

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "upstander.web"
    label = "web"
    verbose_name = "Public site and staff dashboard"
