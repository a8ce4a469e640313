from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "upstander.accounts"
    label = "accounts"
    verbose_name = "People and membership"
