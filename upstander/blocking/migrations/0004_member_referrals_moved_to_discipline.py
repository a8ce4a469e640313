"""Member referrals now live in discipline (`discipline.Referral`, the lead's queue).

`discipline.0004` copied every row across first; this drops the old table.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("blocking", "0003_facebook_platform"),
        ("discipline", "0004_referrals_from_blocking_member_referrals"),
    ]

    operations = [
        migrations.DeleteModel(
            name="MemberReferral",
        ),
    ]
