"""Areas of need: from the comma-joined text ",code,code," to a JSON list of codes."""

from django.db import migrations, models
from django.utils.translation import gettext_lazy as _


def text_to_list(apps, schema_editor):
    Institution = apps.get_model("network", "Institution")
    for inst in Institution.objects.only("pk", "needs").iterator():
        codes = [c for c in inst.needs.split(",") if c]
        if codes:
            Institution.objects.filter(pk=inst.pk).update(need_list=codes)


def list_to_text(apps, schema_editor):
    Institution = apps.get_model("network", "Institution")
    for inst in Institution.objects.only("pk", "need_list").iterator():
        if inst.need_list:
            Institution.objects.filter(pk=inst.pk).update(needs=f",{','.join(inst.need_list)},")


class Migration(migrations.Migration):
    dependencies = [("network", "0004_versioned_institutions")]

    operations = [
        migrations.AddField(
            model_name="institution",
            name="need_list",
            field=models.JSONField(blank=True, default=list, verbose_name=_("areas of need")),
        ),
        migrations.RunPython(text_to_list, list_to_text, elidable=False),
        migrations.RemoveField(model_name="institution", name="needs"),
        migrations.RenameField(model_name="institution", old_name="need_list", new_name="needs"),
    ]
