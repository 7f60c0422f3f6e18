"""Attacks on who receives a meeting's content (issue 9, attack 3), made from outside through
HTTP as the attacker's membership. Recipients are facts: the typed role decides nothing."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from opora.accounts.models import Role
from opora.cases.models import ClosePerson
from opora.consents.models import Disclosure
from opora.core.testing.factories import MembershipFactory
from opora.meetings.models import Participant
from opora.meetings.tests.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(world):
    m = MeetingFactory(case=world.case, facilitator=world.members["facilitator"], status="planned")
    AgendaItemFactory(meeting=m, title="Pohled rodiny", minutes=15, notes="Matka popsala dluhy a bydlení v ubytovně.")
    return m


def _as(login, membership):
    return login(Client(), membership)


def test_after_withdrawal_a_director_added_as_parent_gets_no_invitation_and_nothing_is_recorded(world, login, meeting):
    cm = _as(login, world.members["case_manager"])
    assert cm.post(reverse("consents:consent_withdraw", args=[world.consent.pk])).status_code == 302
    director = MembershipFactory(
        organisation=world.org, role=Role.SCHOOL_STAFF, school=world.school, job_title="ředitelka"
    )
    participants_url = reverse("meetings:participants", args=[meeting.pk])
    # The careless colleague types the role "parent" for the school's director.
    assert cm.post(participants_url, {"membership": director.pk, "role": "parent"}).status_code == 302
    p = meeting.participants.get(membership=director)
    before = Disclosure.objects.count()

    response = cm.post(reverse("meetings:invite", args=[meeting.pk, p.pk]), follow=True)

    assert mail.outbox == []
    assert Disclosure.objects.count() == before
    p.refresh_from_db()
    assert p.invitation == Participant.Invitation.NOT_SENT and p.invitation_disclosure is None
    body = response.content.decode()
    assert "Souhlas byl odvolán" in body  # the page says why
    page = cm.get(participants_url).content.decode()
    assert "Souhlas byl odvolán" in page
    assert reverse("meetings:invite", args=[meeting.pk, p.pk]) not in page  # no button offered


def test_staff_of_another_school_ticked_present_cannot_read_the_minutes_or_the_pdf(world, login, meeting):
    other = world.members["school_staff_other"]
    cm = _as(login, world.members["case_manager"])
    cm.post(reverse("meetings:participants", args=[meeting.pk]), {"membership": other.pk, "role": "school"})
    p = meeting.participants.get(membership=other)
    cm.post(reverse("meetings:invite", args=[meeting.pk, p.pk]))  # refused: not the referring school
    cm.post(reverse("meetings:attendance", args=[meeting.pk, p.pk]), {"attendance": "present"})
    p.refresh_from_db()
    assert p.is_present and p.invitation_disclosure is None and mail.outbox == []

    attacker = _as(login, other)
    assert attacker.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 404
    assert attacker.get(reverse("meetings:minutes_pdf", args=[meeting.pk])).status_code == 404
    assert attacker.get(reverse("meetings:signatures", args=[meeting.pk])).status_code == 404
    listed = attacker.get(reverse("meetings:upcoming")).content.decode()
    assert reverse("meetings:detail", args=[meeting.pk]) not in listed


def test_a_present_participant_whose_invitation_was_never_checked_reads_nothing(world, login, meeting):
    """Ticking "present" or setting the invitation status by hand is no disclosure."""
    staff = world.members["school_staff"]
    cm = _as(login, world.members["case_manager"])
    cm.post(reverse("meetings:participants", args=[meeting.pk]), {"membership": staff.pk, "role": "school"})
    p = meeting.participants.get(membership=staff)
    cm.post(reverse("meetings:attendance", args=[meeting.pk, p.pk]), {"attendance": "present"})
    cm.post(reverse("meetings:invitation_status", args=[meeting.pk, p.pk]), {"status": "accepted"})
    reader = _as(login, staff)
    assert reader.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 404
    # Invited through the check (the consent covers minutes to the referring school): now they read.
    assert cm.post(reverse("meetings:invite", args=[meeting.pk, p.pk])).status_code == 302
    p.refresh_from_db()
    assert p.invitation_disclosure.basis == "consent" and p.invitation_disclosure.recipient_membership == staff
    assert reader.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 200
    assert reader.get(reverse("meetings:minutes_pdf", args=[meeting.pk])).status_code == 200


def test_the_student_and_a_legal_guardian_are_invited_with_their_own_basis_a_relative_needs_consent(
    world, login, meeting
):
    world.student.email = "jaroslav@example.cz"
    world.student.save()
    mother = ClosePerson.objects.create(
        student=world.student, name="Hana Dvořáková", relation="matka", legal_guardian=True, email="h@example.cz"
    )
    aunt = ClosePerson.objects.create(student=world.student, name="Věra Malá", relation="teta", email="v@example.cz")
    cm = _as(login, world.members["case_manager"])
    url = reverse("meetings:participants", args=[meeting.pk])
    for data in ({"is_student": "on", "role": "child"}, {"close_person": mother.pk}, {"close_person": aunt.pk}):
        assert cm.post(url, {"role": "parent", **data}).status_code == 302
    for p in meeting.participants.all():
        cm.post(reverse("meetings:invite", args=[meeting.pk, p.pk]))
    sent = {p.name: p.invitation_disclosure for p in meeting.participants.all()}
    assert sent[str(world.student)].basis == "own_meeting"
    assert sent[str(world.student)].recipient_kind == "student"
    assert sent["Hana Dvořáková"].basis == "own_meeting"
    assert sent["Věra Malá"] is None  # the consent does not name her
    assert sorted(m.to[0] for m in mail.outbox) == ["h@example.cz", "jaroslav@example.cz"]


def test_a_close_person_of_another_student_cannot_be_added(world, login, meeting):
    from opora.cases.tests.factories import CaseFactory

    stranger = ClosePerson.objects.create(
        student=CaseFactory(organisation=world.org).student, name="Cizí matka", relation="matka", legal_guardian=True
    )
    cm = _as(login, world.members["case_manager"])
    before = meeting.participants.count()
    response = cm.post(
        reverse("meetings:participants", args=[meeting.pk]), {"close_person": stranger.pk, "role": "parent"}
    )
    assert response.status_code == 200
    assert meeting.participants.count() == before


def test_the_invitation_to_print_is_refused_where_it_may_not_go_and_a_hand_over_is_a_disclosure(world, login, meeting):
    """The PDF to print is the invitation itself: after the consent is withdrawn the school's
    director (typed as "parent") gets no PDF and no hand-over can be recorded for her; the
    referring school's counsellor, covered by the consent before, gets both, and the hand-over
    is recorded as a disclosure without an e-mail."""
    from opora.audit.models import AuditEvent

    cm = _as(login, world.members["case_manager"])
    participants_url = reverse("meetings:participants", args=[meeting.pk])
    staff = world.members["school_staff"]
    assert cm.post(participants_url, {"membership": staff.pk, "role": "school"}).status_code == 302
    counsellor = meeting.participants.get(membership=staff)
    pdf = cm.get(reverse("meetings:invitation_pdf", args=[meeting.pk, counsellor.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert cm.post(reverse("meetings:invitation_handed_over", args=[meeting.pk, counsellor.pk])).status_code == 302
    counsellor.refresh_from_db()
    assert counsellor.invitation == Participant.Invitation.SENT and mail.outbox == []
    assert counsellor.invitation_disclosure.basis == "consent"
    assert counsellor.invitation_disclosure.recipient_membership == staff

    assert cm.post(reverse("consents:consent_withdraw", args=[world.consent.pk])).status_code == 302
    director = MembershipFactory(organisation=world.org, role=Role.SCHOOL_STAFF, school=world.school)
    assert cm.post(participants_url, {"membership": director.pk, "role": "parent"}).status_code == 302
    p = meeting.participants.get(membership=director)
    before = Disclosure.objects.count()
    response = cm.get(reverse("meetings:invitation_pdf", args=[meeting.pk, p.pk]), follow=True)
    assert response["Content-Type"].startswith("text/html") and "Souhlas byl odvolán" in response.content.decode()
    assert AuditEvent.objects.filter(action="meetings.invitation_refused", object_id=str(p.pk)).exists()
    cm.post(reverse("meetings:invitation_handed_over", args=[meeting.pk, p.pk]))
    p.refresh_from_db()
    assert p.invitation == Participant.Invitation.NOT_SENT and p.invitation_disclosure is None
    assert Disclosure.objects.count() == before
    page = cm.get(participants_url).content.decode()
    assert reverse("meetings:invitation_pdf", args=[meeting.pk, p.pk]) not in page
    assert reverse("meetings:invitation_handed_over", args=[meeting.pk, p.pk]) not in page
