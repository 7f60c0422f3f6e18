import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from opora.accounts.models import Role
from opora.core.testing.factories import MembershipFactory, SchoolFactory
from opora.network.tests.factories import InstitutionFactory
from opora.schools import selectors, services
from opora.schools.models import CaseStudy, School, StageTransition
from opora.schools.tests.factories import (
    EvaluationMeetingFactory,
    LocalityMeetingFactory,
    SchoolContactFactory,
    StageTransitionFactory,
    ThemeRecordFactory,
)
from opora.schools.workflow import Stage

pytestmark = pytest.mark.django_db


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_school_staff_see_their_school_page_but_never_the_pipeline_notes(client, login, world):
    StageTransitionFactory(school=world.school, note="Ředitel je vůči nám skeptický")
    SchoolContactFactory(school=world.school, name="Mgr. Alena Veselá")
    login(client, world.members["school_staff"])
    html = _page(client, reverse("schools:detail", args=[world.school.pk]))
    assert "Mgr. Alena Veselá" in html
    assert "skeptický" not in html
    assert "Ředitel váhá" not in html  # the matrix world's note
    assert reverse("schools:transition", args=[world.school.pk]) not in html


def test_the_theme_threshold_hides_themes_with_fewer_than_three_students(client, login, world):
    ThemeRecordFactory(school=world.school, theme="drugs", student_count=1)
    ThemeRecordFactory(school=world.school, theme="drugs", student_count=1)  # 2 students: hidden
    ThemeRecordFactory(school=world.school, theme="teacher_behaviour", student_count=2)
    ThemeRecordFactory(school=world.school, theme="teacher_behaviour", student_count=1)  # 3: shown
    shown = {t["theme"] for t in selectors.themes_for_school_staff(world.school)}
    assert "drugs" not in shown and "teacher_behaviour" in shown
    login(client, world.members["school_staff"])
    html = _page(client, reverse("schools:detail", args=[world.school.pk]))
    assert "Drogy a závislosti" not in html and "Drugs and addictions" not in html
    assert "Chování učitele" in html or "A teacher&#x27;s behaviour" in html
    # The service sees both, with the hidden one marked.
    login(client, world.members["case_manager"])
    html = _page(client, reverse("schools:detail", args=[world.school.pk]))
    assert "Drogy a závislosti" in html or "Drugs and addictions" in html


def test_themes_outside_the_period_do_not_count(world):
    today = timezone.localdate()
    old = today - datetime.timedelta(days=400)
    ThemeRecordFactory(school=world.school, theme="drugs", student_count=5, period_start=old, period_end=old)
    start, end = services.default_period()
    themes = selectors.themes_for_school_staff(world.school, date_from=start, date_to=end)
    assert "drugs" not in {t["theme"] for t in themes}


def test_overdue_evaluation_is_shown_on_the_board_and_the_school_page(client, login, world):
    school = SchoolFactory(organisation=world.org, name="ZŠ Zapomenutá", stage=Stage.ACTIVE, evaluation_cadence_days=30)
    EvaluationMeetingFactory(school=school, held_on=timezone.localdate() - datetime.timedelta(days=45))
    login(client, world.members["coordinator"])
    html = _page(client, reverse("schools:board"))
    assert "ZŠ Zapomenutá" in html and "Evaluační schůzka je po termínu" in html
    html = _page(client, reverse("schools:detail", args=[school.pk]))
    assert "je po termínu" in html


def test_the_board_lists_schools_by_stage_with_the_next_follow_up_in_few_queries(
    client, login, world, django_assert_max_num_queries
):
    for i, stage in enumerate(Stage.values * 4):
        SchoolFactory(organisation=world.org, name=f"Škola {i}", stage=stage, next_follow_up=datetime.date(2030, 1, 2))
    login(client, world.members["coordinator"])
    with django_assert_max_num_queries(12):
        html = _page(client, reverse("schools:board"))
    assert "2. 1. 2030" in html
    assert html.count("board-card") >= len(Stage.values) * 4


def test_the_school_list_is_paginated_in_few_queries(client, login, world, django_assert_max_num_queries):
    School.objects.bulk_create([School(organisation=world.org, name=f"ZŠ {i:03d}") for i in range(80)])
    login(client, world.members["case_manager"])
    with django_assert_max_num_queries(10):
        html = _page(client, reverse("schools:list"))
    assert "ZŠ 000" in html and "ZŠ 079" not in html


def test_the_transition_screen_moves_the_school_and_refuses_a_forbidden_move(client, login, world):
    school = SchoolFactory(organisation=world.org, stage=Stage.OFFER_SENT)
    login(client, world.members["coordinator"])
    url = reverse("schools:transition", args=[school.pk])
    response = client.post(url, {"to_stage": Stage.ACTIVE, "note": "x"})
    assert response.status_code == 200
    assert "nemůže přesunout" in response.content.decode()
    school.refresh_from_db()
    assert school.stage == Stage.OFFER_SENT
    response = client.post(url, {"to_stage": Stage.NO_RESPONSE, "note": "Nikdo nebere telefon"})
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.stage == Stage.NO_RESPONSE
    assert StageTransition.objects.get(school=school).by == world.members["coordinator"]


def test_the_funnel_counts_schools_that_reached_each_stage_in_the_period(world):
    by = world.members["coordinator"]
    StageTransition.objects.all().delete()
    a, b = SchoolFactory(organisation=world.org), SchoolFactory(organisation=world.org)
    for school in (a, b):
        services.school_transition(school=school, to_stage=Stage.OFFER, by=by)
        services.school_transition(school=school, to_stage=Stage.OFFER_SENT, by=by)
    services.school_transition(school=a, to_stage=Stage.RESPONDED, by=by)
    long_ago = timezone.now() - datetime.timedelta(days=800)
    StageTransition.objects.create(school=b, from_stage="offer_sent", to_stage="no_response", at=long_ago)
    today = timezone.localdate()
    rows = {r["stage"]: r["count"] for r in selectors.funnel(by, date_from=today, date_to=today)}
    assert rows["offer"] == 2 and rows["offer_sent"] == 2 and rows["responded"] == 1 and rows["no_response"] == 0


def test_the_network_of_options_lists_fitting_services_and_renders_a_pdf(client, login, world):
    InstitutionFactory(organisation=world.org, name="Bytový odbor MČ Praha 9", needs=["housing"])
    InstitutionFactory(organisation=world.org, name="Pediatr MUDr. Nová", needs=["health"])
    InstitutionFactory(organisation=world.other, name="Cizí bytová služba", needs=["housing"])
    login(client, world.members["case_manager"])
    url = reverse("schools:options", args=[world.school.pk])
    html = _page(client, url + "?needs=housing")
    assert "Bytový odbor MČ Praha 9" in html and "Pediatr" not in html and "Cizí" not in html
    response = client.get(url + "?needs=housing&format=pdf")
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


def test_a_case_study_can_be_exported_only_after_confirmation(client, login, world):
    meeting = LocalityMeetingFactory(organisation=world.org)
    login(client, world.members["case_manager"])
    response = client.post(
        reverse("schools:case_study_create", args=[meeting.pk]),
        {
            "case": world.case.pk,
            "title": "Záškoláctví",
            "source_text": "Jaroslav Dvořák chodí za Petrem Malým.",
            "extra_names": "",
        },
    )
    study = CaseStudy.objects.get(meeting=meeting)
    assert response.status_code == 302
    assert "Dvořák" not in study.anonymised_text and "Jaroslav" not in study.anonymised_text
    html = _page(client, reverse("schools:case_study", args=[study.pk]))
    assert '<mark class="suspect">Petrem</mark>' in html
    export = reverse("schools:case_study_export", args=[study.pk, "txt"])
    assert client.get(export).status_code == 403
    client.post(reverse("schools:case_study_confirm", args=[study.pk]))  # not ticked: refused
    study.refresh_from_db()
    assert not study.is_confirmed
    client.post(reverse("schools:case_study_confirm", args=[study.pk]), {"checked": "1"})
    study.refresh_from_db()
    assert study.is_confirmed and study.source_text == ""
    response = client.get(export)
    assert response.status_code == 200 and "Dvořák" not in response.content.decode()
    # The Czech title names the file, encoded as RFC 6266 wants (not mangled, not a broken header).
    czech = "kazuistika-z%C3%A1%C5%A1kol%C3%A1ctv%C3%AD"  # kazuistika-záškoláctví
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{czech}.txt"
    pdf = client.get(reverse("schools:case_study_export", args=[study.pk, "pdf"]))
    assert pdf.content.startswith(b"%PDF")
    assert pdf["Content-Disposition"] == f"attachment; filename*=utf-8''{czech}.pdf"


def test_a_case_manager_cannot_build_a_case_study_from_someone_elses_case(client, login, world):
    meeting = LocalityMeetingFactory(organisation=world.org)
    login(client, world.members["case_manager_other"])
    client.post(
        reverse("schools:case_study_create", args=[meeting.pk]),
        {"case": world.case.pk, "title": "x", "source_text": "y"},
    )
    assert not CaseStudy.objects.filter(meeting=meeting).exists()


def test_a_case_manager_cannot_move_the_pipeline(client, login, world):
    login(client, world.members["case_manager"])
    response = client.post(reverse("schools:transition", args=[world.school.pk]), {"to_stage": "offer"})
    assert response.status_code == 403


def test_school_staff_of_another_organisation_get_404(client, login, world):
    stranger = MembershipFactory(organisation=world.other, role=Role.SCHOOL_STAFF, school=world.school_of_other_org)
    login(client, stranger)
    assert client.get(reverse("schools:detail", args=[world.school.pk])).status_code == 404


def test_the_overview_shows_schools_needing_attention_to_the_service_only(client, login, world):
    SchoolFactory(organisation=world.org, name="ZŠ Brzký kontakt", next_follow_up=timezone.localdate())
    login(client, world.members["case_manager"])
    assert "ZŠ Brzký kontakt" in _page(client, reverse("core:home"))
    login(client, world.members["school_staff"])
    assert "ZŠ Brzký kontakt" not in _page(client, reverse("core:home"))


def test_the_school_page_is_rendered_in_few_queries(client, login, world, django_assert_max_num_queries):
    for i in range(10):
        SchoolContactFactory(school=world.school, name=f"Kontakt {i}")
        StageTransitionFactory(school=world.school, by=world.members["coordinator"])
        ThemeRecordFactory(school=world.school, student_count=i + 1)
        EvaluationMeetingFactory(school=world.school)
    login(client, world.members["coordinator"])
    with django_assert_max_num_queries(16):
        _page(client, reverse("schools:detail", args=[world.school.pk]))


def test_a_bad_ico_re_renders_the_school_form_in_czech_and_saves_nothing(client, login, world):
    login(client, world.members["case_manager"])
    before = School.objects.count()
    response = client.post(
        reverse("schools:create"), {"name": "ZŠ Nová", "kind": "primary", "ico": "00064582", "red_izo": "12"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "nesouhlasí kontrolní číslice" in html and "RED IZO musí mít přesně 9 číslic" in html
    assert School.objects.count() == before


def test_a_theme_period_ending_before_it_starts_is_refused(client, login, world):
    login(client, world.members["case_manager"])
    count = world.school.themes.count()
    response = client.post(
        reverse("schools:theme_add", args=[world.school.pk]),
        {"theme": "drugs", "period_start": "2026-09-01", "period_end": "2026-08-01", "student_count": 3},
    )
    assert response.status_code == 200 and "Období nemůže skončit dřív" in response.content.decode()
    assert world.school.themes.count() == count


def test_confirmation_is_refused_when_a_known_name_was_typed_back(world):
    from django.core.exceptions import ValidationError

    meeting = LocalityMeetingFactory(organisation=world.org)
    cm = world.members["case_manager"]
    study = services.case_study_create(
        meeting=meeting, case=world.case, by=cm, title="K", source_text="Jaroslav nechodí do školy."
    )
    services.case_study_revise(study=study, by=cm, anonymised_text="Jaroslavovi Dvořákovi nikdo nepomohl.")
    with pytest.raises(ValidationError):
        services.case_study_confirm(study=study, by=cm)
    study.refresh_from_db()
    assert not study.is_confirmed and study.source_text
