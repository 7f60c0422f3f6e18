"""Every goal's free-text indicator becomes a measured indicator (yes/no, target yes), so the
text is kept and can now be observed. Goal.indicator itself is left as it was."""

from django.db import migrations


def forward(apps, schema_editor):
    Goal = apps.get_model("cases", "Goal")
    Indicator = apps.get_model("progress", "Indicator")
    have = set(Indicator.objects.values_list("goal_id", flat=True))
    Indicator.objects.bulk_create(
        [
            Indicator(goal_id=g.pk, case_id=g.case_id, name=g.indicator.strip()[:300], kind="yes_no", target=1)
            for g in Goal.objects.exclude(indicator="").only("pk", "case_id", "indicator").iterator()
            if g.pk not in have and g.indicator.strip()
        ],
        batch_size=500,
    )


def backward(apps, schema_editor):
    pass  # the goals still hold their text


class Migration(migrations.Migration):
    dependencies = [("progress", "0001_initial"), ("cases", "0006_student_search_name")]
    operations = [migrations.RunPython(forward, backward)]
