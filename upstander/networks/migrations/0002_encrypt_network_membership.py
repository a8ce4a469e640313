"""Encrypt who belongs to which network: the member becomes an encrypted user id found by a
blind index of (network, person); only representatives keep a plain link to their login.

Reversible: the reverse decrypts the user ids back into the plain link.
"""

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import upstander.core.blind_index
import upstander.core.crypto
from upstander.core.blind_index import blind_index
from upstander.core.crypto import decrypt_text, encrypt_text

PURPOSE = "networks.networkmembership.member_key"


def encrypt_members(apps: Any, schema_editor: Any) -> None:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, network_id, user_id, is_representative FROM networks_networkmembership"
        )
        rows = cursor.fetchall()
        for pk, network_id, user_id, representative in rows:
            cursor.execute(
                "UPDATE networks_networkmembership SET member = %s, member_index = %s,"
                " user_id = %s WHERE id = %s",
                [
                    encrypt_text(str(user_id)),
                    blind_index(PURPOSE, f"{network_id}:{user_id}"),
                    user_id if representative else None,
                    pk,
                ],
            )


def decrypt_members(apps: Any, schema_editor: Any) -> None:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, member FROM networks_networkmembership")
        for pk, member in cursor.fetchall():
            cursor.execute(
                "UPDATE networks_networkmembership SET user_id = %s WHERE id = %s",
                [int(decrypt_text(member)), pk],
            )


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="networkmembership",
            name="network_membership_once",
        ),
        migrations.AlterField(
            model_name="networkmembership",
            name="user",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="network_representations",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="networkmembership",
            name="member",
            field=upstander.core.crypto.EncryptedTextField(
                default="", help_text="The member's user id, encrypted."
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="networkmembership",
            name="member_index",
            field=upstander.core.blind_index.BlindIndexField(
                blank=True, db_index=True, editable=False, max_length=64, source="member_key"
            ),
        ),
        migrations.RunPython(encrypt_members, decrypt_members),
        migrations.AddConstraint(
            model_name="networkmembership",
            constraint=models.UniqueConstraint(
                fields=("network", "member_index"), name="network_membership_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="networkmembership",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("is_representative", True), ("user__isnull", False)),
                    models.Q(("is_representative", False), ("user__isnull", True)),
                    _connector="OR",
                ),
                name="network_representative_is_linked",
            ),
        ),
    ]
