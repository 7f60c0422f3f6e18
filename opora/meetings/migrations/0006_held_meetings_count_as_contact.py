"""A held meeting the student or a close person attended is contact with the student or family
(issue 11): the cases' last contact is brought up to date from the meetings held before."""

from django.db import migrations
from django.db.models import Q
from django.utils import timezone


def forwards(apps, schema_editor):
    Meeting = apps.get_model("meetings", "Meeting")
    Case = apps.get_model("cases", "Case")
    latest: dict[int, object] = {}
    held = (
        Meeting.objects.filter(status="held", participants__attendance="present")
        .filter(Q(participants__is_student=True) | Q(participants__close_person__isnull=False))
        .values_list("case_id", "start")
        .distinct()
    )
    for case_id, start in held.iterator():
        day = timezone.localtime(start).date()
        if case_id not in latest or day > latest[case_id]:
            latest[case_id] = day
    for case_id, day in latest.items():
        Case.objects.filter(pk=case_id).filter(Q(last_contact_on__isnull=True) | Q(last_contact_on__lt=day)).update(
            last_contact_on=day
        )


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0005_participant_roles_from_institution_kinds"),
        ("cases", "0006_student_search_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
