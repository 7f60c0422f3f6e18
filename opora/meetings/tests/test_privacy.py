import datetime

import pytest

from opora.cases.models import Case
from opora.core.privacy import ANONYMISED
from opora.core.testing.files import pdf_upload
from opora.meetings import privacy, services
from opora.meetings.models import Participant
from opora.meetings.tests.factories import AgendaItemFactory, MeetingFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def test_subject_access_lists_the_students_meetings_with_minutes(world):
    world.agenda_item.notes = "Matka popsala situaci."
    world.agenda_item.save()
    data = privacy.subject_access(world.student)
    assert [m["case"] for m in data] == [world.case.number]
    assert data[0]["agenda"][0]["notes"] == "Matka popsala situaci."
    assert {p["name"] for p in data[0]["participants"]} >= {world.parent.name}


def test_retention_blanks_the_minutes_names_and_scans_of_a_closed_case_only(world):
    cm = world.members["case_manager"]
    meeting = MeetingFactory(case=world.case)
    item = AgendaItemFactory(meeting=meeting, notes="Citlivé údaje", decisions="Rozhodnutí")
    mother = ParticipantFactory(meeting=meeting, attendance="present")
    scan = pdf_upload("podpis.pdf")
    services.signature_record(participant=mother, kind=Participant.Signature.PAPER, scan=scan, by=cm)
    privacy.anonymise(world.case)  # open case: nothing happens
    item.refresh_from_db()
    assert item.notes == "Citlivé údaje"
    Case.objects.filter(pk=world.case.pk).update(state="closed", closed_at=datetime.date(2020, 1, 1))
    world.case.refresh_from_db()
    privacy.anonymise(world.case)
    privacy.anonymise(world.case)  # idempotent
    item.refresh_from_db()
    mother.refresh_from_db()
    assert (item.notes, item.decisions) == ("", "")
    assert mother.name == ANONYMISED and not mother.signature_scan
    staff = world.school_participant
    staff.refresh_from_db()
    assert staff.name == world.members["school_staff"].user.full_name  # users keep their names
