"""Sessions keyed by a hash of their key; the old sessions (keys in clear) are deleted, so
everyone signs in again once."""

from __future__ import annotations

from typing import Any

from django.db import migrations, models


def delete_clear_key_sessions(apps: Any, schema_editor: Any) -> None:
    apps.get_model("sessions", "Session").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("sessions", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="HashedSession",
            fields=[
                ("session_data", models.TextField(verbose_name="session data")),
                ("expire_date", models.DateTimeField(db_index=True, verbose_name="expire date")),
                (
                    "session_key",
                    models.CharField(
                        max_length=64,
                        primary_key=True,
                        serialize=False,
                        verbose_name="session key hash",
                    ),
                ),
            ],
            options={"verbose_name": "session"},
        ),
        migrations.RunPython(delete_clear_key_sessions, migrations.RunPython.noop),
    ]
