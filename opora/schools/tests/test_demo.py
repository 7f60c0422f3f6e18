import pytest
from django.core.management import call_command

from opora.network.models import Institution
from opora.schools.models import School, StageTransition
from opora.schools.selectors import themes_for_school_staff

pytestmark = pytest.mark.django_db


def test_the_demo_puts_schools_at_several_stages_with_their_records():
    call_command("seed_demo", quiet=True)
    schools = {s.name: s for s in School.objects.filter(organisation__slug="cesta-spolu")}
    vysluni = schools["Základní škola Na Výsluní"]
    assert vysluni.stage == "active" and vysluni.contract_file
    assert list(StageTransition.objects.filter(school=vysluni).order_by("at").values_list("to_stage", flat=True)) == [
        "offer", "offer_sent", "responded", "intro_meeting", "contract_signed", "active",
    ]  # fmt: skip
    assert schools["Střední odborná škola Libeňská"].stage == "contract_pending"
    stages = {s.stage for s in schools.values()}
    assert {"not_interested", "cannot_provide", "mapping"} <= stages
    assert all(s.next_follow_up for s in schools.values() if s.stage in ("not_interested", "cannot_provide"))
    assert Institution.objects.filter(organisation__slug="cesta-spolu").count() >= 20
    shown = {t["theme"] for t in themes_for_school_staff(vysluni)}
    assert "teacher_behaviour" in shown and "drugs" not in shown
