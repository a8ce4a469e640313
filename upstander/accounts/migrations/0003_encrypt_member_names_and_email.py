"""Encrypt the membership register's names and emails, with blind indexes for exact lookups.

Reversible: the reverse decrypts in place and drops the indexes.
"""

from django.db import migrations

import upstander.core.blind_index
import upstander.core.crypto
from upstander.core.encrypt_migration import encrypt_columns, index_columns


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_hashed_sessions"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="member",
            options={"ordering": ["membership_number"]},
        ),
        migrations.AddField(
            model_name="member",
            name="email_index",
            field=upstander.core.blind_index.BlindIndexField(
                blank=True, db_index=True, editable=False, max_length=64, source="email"
            ),
        ),
        migrations.AddField(
            model_name="member",
            name="family_name_index",
            field=upstander.core.blind_index.BlindIndexField(
                blank=True, db_index=True, editable=False, max_length=64, source="family_name"
            ),
        ),
        migrations.AddField(
            model_name="member",
            name="given_name_index",
            field=upstander.core.blind_index.BlindIndexField(
                blank=True, db_index=True, editable=False, max_length=64, source="given_name"
            ),
        ),
        index_columns(
            "accounts_member",
            {
                "email_index": ("email", "accounts.member.email"),
                "family_name_index": ("family_name", "accounts.member.family_name"),
                "given_name_index": ("given_name", "accounts.member.given_name"),
            },
        ),
        migrations.AlterField(
            model_name="member",
            name="email",
            field=upstander.core.crypto.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name="member",
            name="family_name",
            field=upstander.core.crypto.EncryptedTextField(),
        ),
        migrations.AlterField(
            model_name="member",
            name="given_name",
            field=upstander.core.crypto.EncryptedTextField(),
        ),
        encrypt_columns(
            "accounts_member", {"given_name": "text", "family_name": "text", "email": "text"}
        ),
    ]
