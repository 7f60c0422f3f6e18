import datetime
import zoneinfo

import factory

from opora.cases.tests.factories import CaseFactory
from opora.meetings.models import AgendaItem, Kind, Meeting, Participant

PRAGUE = zoneinfo.ZoneInfo("Europe/Prague")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    case = factory.SubFactory(CaseFactory)
    kind = Kind.SCHOOL_CASE_MEETING
    place = "ZŠ Na Výsluní, kabinet výchovného poradce"
    start = factory.LazyFunction(lambda: datetime.datetime(2026, 12, 3, 14, 0, tzinfo=PRAGUE))
    duration_minutes = 90
    purpose = "Dohodnout plán podpory"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = "Pohled školy"
    minutes = 15


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    meeting = factory.SubFactory(MeetingFactory)
    name = "Věra Šťastná"
    institution = "rodina"
    role = Participant.Role.PARENT
    email = "vera.stastna@example.cz"
