# The welcome pack moved here from `meetings` (P7). Its rows stay: the model takes over the
# table meetings made, which is then renamed; its content type (and so any admin permissions
# and log entries) moves with it.

import django.db.models.deletion
from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def move_content_type(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _relabel(apps, "meetings", "policies")


def move_content_type_back(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _relabel(apps, "policies", "meetings")


def _relabel(apps: Apps, old: str, new: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    if not content_type.objects.filter(app_label=new, model="welcomepack").exists():
        content_type.objects.filter(app_label=old, model="welcomepack").update(app_label=new)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("meetings", "0004_welcomepack_moves_to_policies"),
        ("policies", "0002_body_help_text"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="WelcomePack",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("sent_to", models.EmailField(blank=True, max_length=254)),
                        ("sent_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "member",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="welcome_pack",
                                to="accounts.member",
                            ),
                        ),
                        (
                            "equality",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="policies.policydocument",
                            ),
                        ),
                        (
                            "behaviour",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="policies.policydocument",
                            ),
                        ),
                        (
                            "code_of_conduct",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="policies.policydocument",
                            ),
                        ),
                    ],
                    options={"db_table": "meetings_welcomepack"},
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="welcomepack", table=None),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
