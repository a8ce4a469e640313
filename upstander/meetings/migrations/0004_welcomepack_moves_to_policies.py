# The welcome pack moved to `policies` (P7): this app forgets the model; its table is kept and
# taken over (and renamed) by policies 0003.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_registration_token_nonce"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="WelcomePack")],
            database_operations=[],
        ),
    ]
