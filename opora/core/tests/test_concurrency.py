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
