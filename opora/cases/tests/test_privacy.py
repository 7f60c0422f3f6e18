import datetime
import json

import pytest

from opora.cases.models import Activity, ClosePerson
from opora.cases.privacy import anonymise, subject_access_cases, subject_access_student
from opora.cases.tests.factories import ActivityFactory, AttachmentFactory, CaseFactory, ClosePersonFactory
from opora.core import privacy

pytestmark = pytest.mark.django_db


def test_subject_access_lists_what_the_cases_app_holds_about_the_student():
    case = CaseFactory()
    ActivityFactory(case=case, note="Návštěva v rodině")
    ClosePersonFactory(student=case.student, name="Renata Horváthová")
    cases, student = subject_access_cases(case.student), subject_access_student(case.student)
    json.dumps([cases, student])  # serialisable
    assert cases[0]["number"] == case.number
    assert cases[0]["activities"][0]["note"] == "Návštěva v rodině"
    assert student["close_persons"][0]["name"] == "Renata Horváthová"
    names = privacy.subject_access.keys()
    assert names.count("cases") == 1 and names.count("student") == 1
    assert privacy.subject_access.get("cases").load is subject_access_cases


def test_retention_blanks_a_closed_case_and_forgets_the_student_idempotently():
    case = CaseFactory(state="closed", closed_at=datetime.date(2015, 6, 30))
    ActivityFactory(case=case, note="citlivé")
    ClosePersonFactory(student=case.student)
    attachment = AttachmentFactory(case=case)
    storage, name = attachment.file.storage, attachment.file.name
    anonymise(case)
    anonymise(case)
    case.student.refresh_from_db()
    assert case.student.first_name == privacy.ANONYMISED
    assert case.student.last_name == f"#{case.student.pk}"
    assert case.student.date_of_birth == datetime.date(2012, 1, 1)  # only the year is kept
    assert not Activity.objects.filter(case=case).exclude(note="").exists()
    assert not ClosePerson.objects.filter(student=case.student).exists()
    assert not storage.exists(name)


def test_retention_leaves_an_open_case_alone():
    case = CaseFactory(state="active")
    ActivityFactory(case=case, note="probíhá")
    anonymise(case)
    assert Activity.objects.get(case=case).note == "probíhá"


def test_the_student_keeps_their_name_while_another_case_of_theirs_is_still_kept():
    old = CaseFactory(state="closed", closed_at=datetime.date(2015, 6, 30))
    CaseFactory(organisation=old.organisation, student=old.student, state="active")
    anonymise(old)
    old.student.refresh_from_db()
    assert old.student.first_name != privacy.ANONYMISED
