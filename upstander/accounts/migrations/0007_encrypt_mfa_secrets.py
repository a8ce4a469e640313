"""Encrypt the TOTP keys and recovery-code seeds allauth stored as they were (accounts.adapters
.MFAAdapter encrypts new ones)."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from upstander.core.crypto import PREFIX, decrypt_text, encrypt_text

KEYS = ("secret", "seed")


def _each(apps: Any, change: Any) -> None:
    authenticator = apps.get_model("mfa", "Authenticator")
    for row in authenticator.objects.all().iterator():
        data = dict(row.data or {})
        updated = {k: change(v) for k, v in data.items() if k in KEYS and isinstance(v, str)}
        if any(data[k] != v for k, v in updated.items()):
            authenticator.objects.filter(pk=row.pk).update(data={**data, **updated})


def encrypt(apps: Any, schema_editor: Any) -> None:
    _each(apps, lambda v: v if v.startswith(PREFIX) else encrypt_text(v))


def decrypt(apps: Any, schema_editor: Any) -> None:
    _each(apps, lambda v: decrypt_text(v) if v.startswith(PREFIX) else v)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_instagram_and_youtube_platforms"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt, decrypt)]
