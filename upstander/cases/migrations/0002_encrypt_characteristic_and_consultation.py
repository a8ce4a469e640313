"""Encrypt the targeted characteristic and the victim's wishes and consent; count
characteristics per quarter for the statistics. Reversible: the reverse decrypts in place."""

from collections import Counter
from datetime import date
from typing import Any

from django.db import migrations, models
from django.utils import timezone

import upstander.core.crypto
from upstander.core.encrypt_migration import encrypt_columns


def count_characteristics(apps: Any, schema_editor: Any) -> None:
    """Count the characteristics already recorded (read while the column is still plain)."""
    case_model = apps.get_model("cases", "Case")
    count_model = apps.get_model("cases", "CharacteristicCount")
    counts: Counter[tuple[date, str]] = Counter()
    rows = case_model.objects.exclude(targeted_characteristic="").values_list(
        "created_at", "targeted_characteristic"
    )
    for created, characteristic in rows.iterator():
        local = timezone.localdate(created)
        counts[date(local.year, 3 * ((local.month - 1) // 3) + 1, 1), characteristic] += 1
    count_model.objects.bulk_create(
        count_model(quarter_starts_on=quarter, characteristic=characteristic, count=n)
        for (quarter, characteristic), n in counts.items()
    )


def forget_counts(apps: Any, schema_editor: Any) -> None:
    apps.get_model("cases", "CharacteristicCount").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="CharacteristicCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("quarter_starts_on", models.DateField()),
                (
                    "characteristic",
                    models.CharField(
                        choices=[
                            ("", "None recorded"),
                            ("sex_gender", "Sex or gender"),
                            ("lgbti", "LGBTI"),
                            ("race_ethnicity", "Race or ethnicity"),
                            ("religion", "Religion or belief"),
                            ("disability", "Disability"),
                            ("other", "Other"),
                        ],
                        max_length=16,
                    ),
                ),
                ("count", models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(count_characteristics, forget_counts),
        migrations.RemoveConstraint(
            model_name="case",
            name="case_characteristic_known",
        ),
        migrations.AlterField(
            model_name="case",
            name="targeted_characteristic",
            field=upstander.core.crypto.EncryptedTextField(
                blank=True,
                choices=[
                    ("", "None recorded"),
                    ("sex_gender", "Sex or gender"),
                    ("lgbti", "LGBTI"),
                    ("race_ethnicity", "Race or ethnicity"),
                    ("religion", "Religion or belief"),
                    ("disability", "Disability"),
                    ("other", "Other"),
                ],
            ),
        ),
        migrations.AlterField(
            model_name="consultation",
            name="consent_panel",
            field=upstander.core.crypto.EncryptedJSONField(default=False),
        ),
        migrations.AlterField(
            model_name="consultation",
            name="consent_police",
            field=upstander.core.crypto.EncryptedJSONField(default=False),
        ),
        migrations.AlterField(
            model_name="consultation",
            name="wishes",
            field=upstander.core.crypto.EncryptedJSONField(default=list),
        ),
        migrations.AddConstraint(
            model_name="characteristiccount",
            constraint=models.UniqueConstraint(
                fields=("quarter_starts_on", "characteristic"), name="characteristic_count_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="characteristiccount",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "characteristic__in",
                        [
                            "",
                            "sex_gender",
                            "lgbti",
                            "race_ethnicity",
                            "religion",
                            "disability",
                            "other",
                        ],
                    ),
                    models.Q(("characteristic", ""), _negated=True),
                ),
                name="characteristic_count_known",
            ),
        ),
        encrypt_columns("cases_case", {"targeted_characteristic": "text"}),
        encrypt_columns(
            "cases_consultation",
            {"wishes": "json", "consent_police": "bool", "consent_panel": "bool"},
        ),
    ]
