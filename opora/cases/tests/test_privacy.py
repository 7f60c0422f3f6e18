import json

import pytest

from opora.cases.models import Activity, ClosePerson
from opora.cases.privacy import anonymise, subject_access
from opora.cases.tests.factories import ActivityFactory, AttachmentFactory, CaseFactory, ClosePersonFactory
from opora.core import privacy

pytestmark = pytest.mark.django_db


def test_subject_access_lists_what_the_cases_app_holds_about_the_student():
    case = CaseFactory()
    ActivityFactory(case=case, note="Návštěva v rodině")
    ClosePersonFactory(student=case.student, name="Renata Horváthová")
    data = subject_access(case.student)
    json.dumps(data)  # serialisable
    assert data["cases"][0]["number"] == case.number
    assert data["cases"][0]["activities"][0]["note"] == "Návštěva v rodině"
    assert data["close_persons"][0]["name"] == "Renata Horváthová"
    assert "cases" in [name for _, name, _ in privacy.subject_access_sections]


def test_retention_blanks_a_closed_case_and_forgets_the_student_idempotently():
    case = CaseFactory(state="closed")
    ActivityFactory(case=case, note="citlivé")
    ClosePersonFactory(student=case.student)
    attachment = AttachmentFactory(case=case)
    storage, name = attachment.file.storage, attachment.file.name
    anonymise(case)
    anonymise(case)
    case.student.refresh_from_db()
    assert case.student.last_name == "—"
    assert not Activity.objects.filter(case=case).exclude(note="").exists()
    assert not ClosePerson.objects.filter(student=case.student).exists()
    assert not storage.exists(name)


def test_retention_leaves_an_open_case_alone():
    case = CaseFactory(state="active")
    ActivityFactory(case=case, note="probíhá")
    anonymise(case)
    assert Activity.objects.get(case=case).note == "probíhá"
