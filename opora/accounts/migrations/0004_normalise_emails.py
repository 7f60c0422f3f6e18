"""Store every e-mail address in its normalised spelling (trimmed, case-folded).

Sign-in and the lockout counter now use the normalised spelling, so a stored address in another
spelling would no longer sign in. An address whose normalised spelling is already taken by
another account (two accounts for one person) is NOT changed: merging accounts is a decision
for a person, so the migration leaves both as they are and prints them for the operator.
"""

import sys

from django.db import migrations


def _normalise(value):
    return str(value or "").strip().casefold()


def normalise_emails(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    taken = {}
    for pk, email in User.objects.values_list("pk", "email"):
        taken.setdefault(_normalise(email), []).append(pk)
    skipped = []
    for pk, email in User.objects.values_list("pk", "email").order_by("pk"):
        wanted = _normalise(email)
        if wanted == email:
            continue
        if len(taken[wanted]) > 1:
            skipped.append((pk, email))
            continue
        User.objects.filter(pk=pk).update(email=wanted)
    for pk, email in skipped:
        sys.stdout.write(
            f"\n  accounts: user {pk} <{email}> NOT normalised: another account has the same address "
            "in another spelling; merge or rename one of them by hand.\n"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_membership_invitation"),
    ]

    operations = [
        migrations.RunPython(normalise_emails, migrations.RunPython.noop),
    ]
