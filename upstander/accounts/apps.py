from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "upstander.accounts"
    label = "accounts"
    verbose_name = "People and membership"

    def ready(self) -> None:
        from upstander.accounts import signals  # noqa: F401  # connects the receivers
        from upstander.accounts.adapters import MFA_SECRET_KEYS
        from upstander.core.rotation import SecretsInJson, secrets_in_json_register

        secrets_in_json_register(SecretsInJson("mfa.Authenticator", "data", MFA_SECRET_KEYS))
