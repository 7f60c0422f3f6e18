"""The compare-and-set helper behind "no lost updates" (opora.core.concurrency)."""

import pytest
from django.core.exceptions import ValidationError

from opora.cases.models import Task
from opora.cases.tests.factories import TaskFactory
from opora.core.concurrency import StaleEdit, make_stamp, read_stamp, save_versioned

pytestmark = pytest.mark.django_db


def test_a_save_at_the_read_version_goes_through_and_raises_the_version():
    task = TaskFactory()
    stamp = make_stamp(task)
    task.title = "Nový název"
    save_versioned(task, stamp=stamp)
    assert task.version == 2
    assert Task.objects.values_list("title", "version").get(pk=task.pk) == ("Nový název", 2)


def test_a_save_at_an_old_version_changes_nothing_and_names_what_changed():
    task = TaskFactory(title="Původní", note="")
    read = make_stamp(task)
    other = Task.objects.get(pk=task.pk)
    other.title, other.status = "Cizí změna", "done"
    save_versioned(other, stamp=make_stamp(Task.objects.get(pk=task.pk)))

    task.note = "Moje poznámka"
    with pytest.raises(StaleEdit) as caught:
        save_versioned(task, stamp=read)
    assert caught.value.changed == ["title", "status"]
    assert read_stamp(caught.value.stamp, instance=task).version == 2  # the fresh stamp
    assert Task.objects.values_list("title", "status", "note", "version").get(pk=task.pk) == (
        "Cizí změna",
        "done",
        "",
        2,
    )


def test_only_the_named_fields_are_written():
    task = TaskFactory(title="A", note="")
    Task.objects.filter(pk=task.pk).update(note="written by another step")
    task.title = "B"
    save_versioned(task, stamp=make_stamp(task), fields=["title"])
    assert Task.objects.values_list("title", "note").get(pk=task.pk) == ("B", "written by another step")


def test_writers_without_a_stamp_still_make_older_reads_stale():
    task = TaskFactory()
    read = make_stamp(task)
    task.status = "done"
    task.save()  # a plain save, e.g. the minutes of a meeting
    assert task.version == 2
    with pytest.raises(StaleEdit):
        save_versioned(Task.objects.get(pk=task.pk), stamp=read)
    save_versioned(task, stamp=None)
    assert task.version == 3


def test_a_forged_or_foreign_stamp_is_refused():
    task, other = TaskFactory(), TaskFactory()
    for token in ("", "1", make_stamp(task)[:-2] + "xx", make_stamp(other)):
        with pytest.raises(ValidationError) as caught:
            save_versioned(task, stamp=token)
        assert caught.value.code == "bad_stamp"
    assert Task.objects.get(pk=task.pk).version == 1


def test_a_stale_form_shows_what_the_other_person_saved_where_the_user_changed_nothing(world):
    """After a stale save the form is shown again with the other person's values in the fields
    this user left as read (a checkbox, a choice of a record, a number), and this user's own
    input where they changed something: saving it again as it is loses nobody's change."""
    from django import forms

    from opora.cases.models import Case
    from opora.core.concurrency import VersionedFormMixin, make_stamp
    from opora.core.forms import apply_validation_error

    class CaseForm(VersionedFormMixin, forms.ModelForm):
        class Meta:
            model = Case
            fields = ["voluntary", "parent_contact_running", "lead", "school_report_every_days"]

    case = Case.objects.get(pk=world.case.pk)
    read = {
        "voluntary": "on",
        "lead": str(case.lead_id),
        "school_report_every_days": "30",
        "edit_stamp": make_stamp(case),
    }
    other = Case.objects.get(pk=case.pk)
    other.voluntary, other.parent_contact_running = False, True
    other.lead = world.members["case_manager_other"]
    save_versioned(other, stamp=make_stamp(Case.objects.get(pk=case.pk)))

    form = CaseForm({**read, "school_report_every_days": "14"}, instance=case)
    assert form.is_valid(), form.errors
    with pytest.raises(StaleEdit) as caught:
        save_versioned(form.instance, stamp=form.cleaned_data["edit_stamp"])
    apply_validation_error(form, caught.value)

    assert "voluntary" not in form.data and form.data["parent_contact_running"] == "on"
    assert form.data["lead"] == str(world.members["case_manager_other"].pk)
    assert form.data["school_report_every_days"] == "14"
    assert form.non_field_errors() == [
        "Mezitím někdo jiný změnil: odpovědný/á case manažer/ka, klient spolupracuje dobrovolně, kontakt s "
        "rodičem probíhá. "
        "Jeho změny jsou teď ve formuláři níže spolu s vašimi; zkontrolujte ho a uložte znovu."
    ]
    again = CaseForm(form.data, instance=Case.objects.get(pk=case.pk))
    assert again.is_valid(), again.errors
    save_versioned(again.instance, stamp=again.cleaned_data["edit_stamp"])
    saved = Case.objects.get(pk=case.pk)
    assert (saved.voluntary, saved.parent_contact_running, saved.lead_id, saved.school_report_every_days) == (
        False,
        True,
        world.members["case_manager_other"].pk,
        14,
    )
