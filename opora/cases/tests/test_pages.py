import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opora.accounts.models import Membership, Role
from opora.audit.models import AuditEvent
from opora.cases.models import Activity, Attachment, Case, Referral, Task
from opora.cases.tests.factories import ActivityFactory, CaseFactory, NetworkActorFactory, TaskFactory
from opora.cases.workflow import State
from opora.core.concurrency import make_stamp
from opora.core.testing.auth import login
from opora.core.testing.files import pdf_upload
from opora.schools.models import School

pytestmark = pytest.mark.django_db


def client_of(membership):
    return login(Client(), membership)


def detail(case, tab=""):
    return reverse("cases:detail", args=[case.pk]) + (f"?tab={tab}" if tab else "")


# --- My cases ---------------------------------------------------------------------------------


def test_my_cases_lists_only_the_case_managers_cases(world):
    mine = world.case
    CaseFactory(organisation=world.org, lead=world.members["case_manager_other"], number="2026-0999")
    html = client_of(world.members["case_manager"]).get(reverse("cases:list")).content.decode()
    assert mine.number in html and "2026-0999" not in html


def test_the_list_filters_by_state_school_overdue_and_name(world):
    cm = world.members["case_manager"]
    other = CaseFactory(organisation=world.org, lead=cm, school=world.school_other, state=State.ACTIVE)
    other.student.last_name = "Zelenka"
    other.student.save()
    TaskFactory(case=other, due_date=timezone.localdate() - datetime.timedelta(days=2))
    c = client_of(cm)
    url = reverse("cases:list")

    ours = {world.case.number, other.number}  # other apps' test-world cases are not this test's business

    def numbers(query):
        return {case.number for case in c.get(url + query).context["page"]} & ours

    assert numbers("?state=active") == {other.number}
    assert numbers(f"?school={world.school.pk}") == {world.case.number}
    assert numbers("?overdue=on") == {other.number}
    assert numbers("?q=zelen") == {other.number}
    assert numbers("?q=Dvořák") == {world.case.number}


def test_the_list_signals_no_contact_and_not_attending(world):
    cm = world.members["case_manager"]
    Case.objects.filter(pk=world.case.pk).update(
        state=State.NOT_ATTENDING, last_contact_on=timezone.localdate() - datetime.timedelta(days=40)
    )
    response = client_of(cm).get(reverse("cases:list") + "?no_contact=30")
    html = response.content.decode()
    assert world.case.number in html
    assert "40" in html and ("Not attending" in html or "Nedochází" in html)
    listed = client_of(cm).get(reverse("cases:list") + "?no_contact=60").context["page"].object_list
    assert world.case not in listed


def test_school_staff_see_only_their_schools_cases(world):
    html = client_of(world.members["school_staff_other"]).get(reverse("cases:list")).content.decode()
    assert world.case.number not in html
    html = client_of(world.members["school_staff"]).get(reverse("cases:list")).content.decode()
    assert world.case.number in html


# --- The case page ----------------------------------------------------------------------------


def test_the_case_page_shows_the_header_and_the_next_steps(world):
    response = client_of(world.members["case_manager"]).get(detail(world.case))
    html = response.content.decode()
    assert world.case.number in html
    assert reverse("cases:transition", args=[world.case.pk, "start_contacting"]) in html
    assert reverse("cases:transition", args=[world.case.pk, "evaluate"]) not in html
    assert AuditEvent.objects.filter(action="cases.view", case_id=world.case.pk).exists()


def test_overdue_tasks_stand_out_in_the_header_and_the_plan(world):
    TaskFactory(case=world.case, title="Zavolat do SAS", due_date=timezone.localdate() - datetime.timedelta(days=1))
    response = client_of(world.members["case_manager"]).get(detail(world.case, "plan"))
    assert response.context["overdue_count"] == 1
    assert 'data-testid="overdue-count"' in response.content.decode()
    assert 'class="overdue"' in response.content.decode()


def test_two_actors_with_the_same_support_give_a_visible_warning(world):
    NetworkActorFactory(case=world.case, name="Jiná SAS", support_kind=world.actor.support_kind)
    html = client_of(world.members["case_manager"]).get(detail(world.case, "network")).content.decode()
    assert 'data-testid="duplication-warning"' in html and "Jiná SAS" in html


def test_two_open_tasks_with_the_same_title_give_a_visible_warning(world):
    TaskFactory(case=world.case, title=world.task.title.upper())
    html = client_of(world.members["case_manager"]).get(detail(world.case, "plan")).content.decode()
    assert 'data-testid="duplication-warning"' in html


def test_school_staff_get_the_limited_school_view(world):
    ActivityFactory(case=world.case, note="Maminka mluvila o dluzích.")
    html = client_of(world.members["school_staff"]).get(detail(world.case, "timeline")).content.decode()
    assert 'data-testid="school-view"' in html
    assert "Jaroslav" in html and world.case.referral.school_view in html
    assert "dluzích" not in html
    assert world.close_person.name not in html
    assert reverse("cases:attachment_download", args=[world.case.pk, world.attachment.pk]) not in html


def test_school_staff_never_see_restricted_notes(world):
    ActivityFactory(case=world.case, note="Citlivé: psychiatrická léčba matky.", restricted=True)
    for tab in ("", "timeline", "assessment", "family"):
        html = client_of(world.members["school_staff"]).get(detail(world.case, tab)).content.decode()
        assert "psychiatrická" not in html
    html = client_of(world.members["case_manager"]).get(detail(world.case, "timeline")).content.decode()
    assert "psychiatrická" in html


# --- Referral ---------------------------------------------------------------------------------


def _referral_data(world, **extra):
    data = {
        "first_name": "Matyáš",
        "last_name": "Horváth",
        "school": world.school.pk,
        "school_class": "4.A",
        "referred_on": "2026-03-02",
        "referred_by_name": "Ivana Černá",
        "school_view": "Chodí hladový.",
        "consent_to_pass_contacts": "on",
        "lead": world.members["case_manager"].pk,
    }
    data.update(extra)
    return data


def test_a_case_manager_records_a_referral(world):
    response = client_of(world.members["case_manager"]).post(reverse("cases:refer"), _referral_data(world))
    case = Case.objects.get(student__last_name="Horváth")
    assert response.status_code == 302 and response.url == detail(case)
    assert case.state == State.REFERRED and case.number.startswith("2026-")
    assert Referral.objects.get(case=case).consent_to_pass_contacts is True
    assert case.referrer_kind == "school"
    assert AuditEvent.objects.filter(action="cases.refer", case_id=case.pk).exists()


def test_a_referral_may_come_from_the_family_or_ospod(world):
    client_of(world.members["case_manager"]).post(
        reverse("cases:refer"), _referral_data(world, referrer_kind="ospod", worker="Jana Veselá")
    )
    assert Case.objects.get(student__last_name="Horváth").referrer_kind == "ospod"


def test_a_bad_referral_is_shown_again_and_changes_nothing(world):
    before = Case.objects.count()
    response = client_of(world.members["case_manager"]).post(
        reverse("cases:refer"), _referral_data(world, first_name="", referred_on="zítra")
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"first_name", "referred_on"}
    assert Case.objects.count() == before


def test_school_staff_refer_only_when_the_partnership_accepts_referrals(world):
    staff = world.members["school_staff"]
    assert client_of(staff).post(reverse("cases:refer"), _referral_data(world)).status_code == 403
    School.objects.filter(pk=world.school.pk).update(stage="active")
    staff.school.refresh_from_db()
    response = client_of(staff).post(reverse("cases:refer"), _referral_data(world, school=world.school_other.pk))
    assert response.status_code == 200  # another school is not offered
    response = client_of(staff).post(reverse("cases:refer"), _referral_data(world))
    case = Case.objects.get(student__last_name="Horváth")
    assert case.school == world.school and case.lead.role == Role.COORDINATOR
    assert case.referral.referred_by == staff


def test_a_school_referral_goes_to_a_coordinator_and_is_refused_without_one(world):
    staff = world.members["school_staff"]
    School.objects.filter(pk=world.school.pk).update(stage="active")
    staff.school.refresh_from_db()
    coordinators = Membership.objects.filter(organisation=world.org, role=Role.COORDINATOR, is_active=True)
    ids = list(coordinators.values_list("pk", flat=True))
    coordinators.update(is_active=False)
    response = client_of(staff).post(reverse("cases:refer"), _referral_data(world, referred_by_name=""))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Organizace nemá koordinátora, který by doporučení převzal."]
    assert not Case.objects.filter(student__last_name="Horváth").exists()
    Membership.objects.filter(pk__in=ids).update(is_active=True)
    response = client_of(staff).post(reverse("cases:refer"), _referral_data(world, referred_by_name=""))
    case = Case.objects.get(student__last_name="Horváth")
    assert case.lead.pk == min(ids) and case.referral.referred_by_name == staff.user.full_name


# --- Transitions and records through the pages --------------------------------------------------


def test_a_refused_step_shows_the_reason_and_leaves_the_state(world):
    c = client_of(world.members["case_manager"])
    world.case.state = State.CONTACTING
    world.case.save()
    response = c.post(reverse("cases:transition", args=[world.case.pk, "not_arranged"]), {"reason": ""})
    assert response.status_code == 200 and response.context["form"].errors
    world.case.refresh_from_db()
    assert world.case.state == State.CONTACTING


def test_a_closed_case_offers_no_editing(world):
    Case.objects.filter(pk=world.case.pk).update(state=State.CLOSED)
    c = client_of(world.members["case_manager"])
    assert c.get(reverse("cases:record_new", args=[world.case.pk, "activity"])).status_code == 403
    assert c.get(reverse("cases:transition", args=[world.case.pk, "start_contacting"])).status_code == 403
    assert c.get(reverse("cases:transition", args=[world.case.pk, "reopen"])).status_code == 200


def test_recording_an_activity_updates_the_last_contact(world):
    c = client_of(world.members["case_manager"])
    day = timezone.localdate() - datetime.timedelta(days=1)
    response = c.post(
        reverse("cases:record_new", args=[world.case.pk, "activity"]),
        {"kind": "home_visit", "occurred_on": day.isoformat(), "duration_minutes": 90, "attendance": "attended"},
    )
    assert response.status_code == 302
    world.case.refresh_from_db()
    assert world.case.last_contact_on == day


def test_an_activity_in_the_future_is_refused(world):
    c = client_of(world.members["case_manager"])
    day = timezone.localdate() + datetime.timedelta(days=3)
    response = c.post(
        reverse("cases:record_new", args=[world.case.pk, "activity"]),
        {"kind": "call", "occurred_on": day.isoformat(), "duration_minutes": 5, "attendance": "na"},
    )
    assert response.status_code == 200 and "occurred_on" in response.context["form"].errors
    assert not Activity.objects.filter(case=world.case, kind="call").exists()


def test_a_task_without_anyone_responsible_is_refused(world):
    c = client_of(world.members["case_manager"])
    response = c.post(reverse("cases:record_new", args=[world.case.pk, "task"]), {"title": "Něco", "status": "open"})
    assert response.status_code == 200 and "responsible_label" in response.context["form"].errors


def test_records_of_another_case_cannot_be_edited_through_this_one(world):
    foreign = TaskFactory(case=CaseFactory(organisation=world.org, lead=world.members["case_manager"]))
    c = client_of(world.members["case_manager"])
    assert c.get(reverse("cases:record_edit", args=[world.case.pk, "task", foreign.pk])).status_code == 404


def test_each_assessment_save_keeps_the_earlier_version(world):
    c = client_of(world.members["case_manager"])
    url = reverse("cases:assessment", args=[world.case.pk])
    c.post(url, {"assessed_on": "2026-01-10", "needs": "jídlo"})
    c.post(url, {"assessed_on": "2026-04-10", "needs": "bydlení"})
    versions = list(world.case.assessments.order_by("version").values_list("version", "needs"))
    assert versions == [(1, "jídlo"), (2, "bydlení")]


# --- Attachments ------------------------------------------------------------------------------


def test_an_attachment_is_checked_for_type_and_size(world, settings):
    c = client_of(world.members["case_manager"])
    url = reverse("cases:attachment_add", args=[world.case.pk])
    fake = SimpleUploadedFile("zprava.pdf", b"MZ not a pdf", content_type="application/pdf")
    assert c.post(url, {"file": fake}).status_code == 200
    exe = SimpleUploadedFile("virus.exe", b"MZ....", content_type="application/octet-stream")
    assert c.post(url, {"file": exe}).status_code == 200
    settings.OPORA_UPLOAD_MAX_BYTES = 10
    big = SimpleUploadedFile("velka.pdf", b"%PDF-" + b"x" * 100, content_type="application/pdf")
    assert c.post(url, {"file": big}).status_code == 200
    assert Attachment.objects.filter(case=world.case).count() == 1  # only the world's one
    settings.OPORA_UPLOAD_MAX_BYTES = 1_000_000
    good = pdf_upload("vysvedceni.pdf")
    assert c.post(url, {"file": good, "description": "vysvědčení"}).status_code == 302
    assert Attachment.objects.filter(case=world.case).count() == 2


def test_an_attachment_is_served_only_through_the_access_check(world):
    url = reverse("cases:attachment_download", args=[world.case.pk, world.attachment.pk])
    response = client_of(world.members["case_manager"]).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Disposition"].startswith("attachment")
    assert client_of(world.members["school_staff"]).get(url).status_code == 403
    assert client_of(world.members["other_org"]).get(url).status_code == 404
    downloads = AuditEvent.objects.filter(action="cases.view", data__section=f"attachment:{world.attachment.pk}")
    assert downloads.count() == 1  # the case manager's; the refused ones are audited as denials
    assert AuditEvent.objects.filter(action="access.denied", actor=world.members["other_org"].user).count() == 1


# --- Coordinator ------------------------------------------------------------------------------


def test_the_caseload_is_flagged_above_the_ratio_of_the_model(world):
    cm = world.members["case_manager"]
    coordinator = client_of(world.members["coordinator"])

    def row_of(membership):
        rows = coordinator.get(reverse("cases:caseload")).context["rows"]
        return next(r for r in rows if r["membership"] == membership)

    before = row_of(cm)["total"]
    for _ in range(10):
        CaseFactory(organisation=world.org, lead=cm, model="assertive", state=State.ACTIVE)
    row = row_of(cm)
    assert row["total"] == before + 10 and row["over"] is True
    assert row_of(world.members["case_manager_other"])["over"] is False


def test_the_coordinator_sees_all_cases_of_the_organisation(world):
    CaseFactory(organisation=world.org, lead=world.members["case_manager_other"], number="2026-0777")
    html = client_of(world.members["coordinator"]).get(reverse("cases:list")).content.decode()
    assert "2026-0777" in html and world.case.number in html
    assert f">{world.case_of_other_org.number}<" not in html


def test_the_case_manager_overview_shows_open_cases_and_overdue_tasks(world):
    Task.objects.filter(pk=world.task.pk).update(due_date=timezone.localdate() - datetime.timedelta(days=4))
    html = client_of(world.members["case_manager"]).get(reverse("core:home")).content.decode()
    assert 'data-testid="my-cases-panel"' in html and world.task.title in html


# --- Query counts -----------------------------------------------------------------------------


@pytest.fixture
def busy(world):
    cm = world.members["case_manager"]
    cases = [CaseFactory(organisation=world.org, lead=cm, school=world.school) for _ in range(50)]
    Activity.objects.bulk_create(
        [
            Activity(case=case, kind="call", occurred_on=timezone.localdate(), note=f"poznámka {i}", created_by=cm)
            for case in cases
            for i in range(50)
        ]
    )
    for case in cases[:10]:
        TaskFactory(case=case, due_date=timezone.localdate() - datetime.timedelta(days=1))
    return cases


def test_the_list_needs_a_bounded_number_of_queries(world, busy, django_assert_max_num_queries):
    c = client_of(world.members["case_manager"])
    with django_assert_max_num_queries(12):
        response = c.get(reverse("cases:list") + "?state=open")
    assert len(response.context["page"]) == 25


@pytest.mark.parametrize("tab", ["overview", "timeline", "assessment", "plan", "network", "family", "attachments"])
def test_the_case_page_needs_a_bounded_number_of_queries(world, busy, tab, django_assert_max_num_queries):
    c = client_of(world.members["case_manager"])
    case = busy[0]
    with django_assert_max_num_queries(20):
        response = c.get(detail(case, tab))
    assert response.status_code == 200


def test_a_task_status_changes_inline_with_htmx_and_without_js(world):
    c = client_of(world.members["case_manager"])
    url = reverse("cases:task_status", args=[world.case.pk, world.task.pk])
    response = c.post(url, {"status": "done", "edit_stamp": make_stamp(world.task)}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and f'id="task-{world.task.pk}"' in response.content.decode()
    world.task.refresh_from_db()
    assert world.task.status == "done"
    response = c.post(url, {"status": "not_done", "edit_stamp": make_stamp(world.task)})
    assert response.status_code == 302
    world.task.refresh_from_db()
    assert world.task.status == "not_done"
    c.post(url, {"status": "bogus", "edit_stamp": make_stamp(world.task)})
    world.task.refresh_from_db()
    assert world.task.status == "not_done"


def test_two_missed_meetings_in_a_row_are_signalled(world):
    Case.objects.filter(pk=world.case.pk).update(state=State.ACTIVE)
    c = client_of(world.members["case_manager"])
    ActivityFactory(case=world.case, attendance="did_not_come", occurred_on=timezone.localdate())
    assert 'data-testid="missed-meetings"' not in c.get(detail(world.case)).content.decode()
    ActivityFactory(case=world.case, attendance="did_not_come", occurred_on=timezone.localdate())
    assert 'data-testid="missed-meetings"' in c.get(detail(world.case)).content.decode()


def test_missed_meetings_read_with_the_case_match_the_query_of_their_own(world):
    """The header reads the last two attendances as columns of the case's query: the same answer
    as asking for them separately, whatever the sequence (newest first, not-applicable skipped)."""
    import datetime

    from opora.cases import selectors

    today = timezone.localdate()
    sequences = [
        [],
        ["did_not_come"],
        ["came", "did_not_come"],
        ["did_not_come", "came"],
        ["did_not_come", "not_applicable", "did_not_come"],
        ["did_not_come", "did_not_come", "did_not_come"],
    ]
    seen = set()
    for sequence in sequences:
        world.case.activities.all().delete()
        for days_ago, attendance in enumerate(sequence):  # the first is the newest
            on = today - datetime.timedelta(days=days_ago)
            ActivityFactory(case=world.case, attendance=attendance, occurred_on=on)
        read_with = selectors.with_recent_attendance(Case.objects.filter(pk=world.case.pk)).get()
        plain = Case.objects.get(pk=world.case.pk)
        assert selectors.missed_meetings(read_with) == selectors.missed_meetings(plain), sequence
        seen.add(selectors.missed_meetings(read_with))
    assert seen == {0, 1, 2}


def test_the_student_can_be_edited_by_the_team(world):
    c = client_of(world.members["case_manager"])
    response = c.post(
        reverse("cases:student_edit", args=[world.case.pk]),
        {
            "first_name": "Jaroslav",
            "last_name": "Dvořák",
            "school_class": "8.B",
            "email": "neplatny",
            "edit_stamp": make_stamp(world.student),
        },
    )
    assert response.status_code == 200 and "email" in response.context["form"].errors
    response = c.post(
        reverse("cases:student_edit", args=[world.case.pk]),
        {
            "first_name": "Jaroslav",
            "last_name": "Dvořák",
            "school_class": "8.B",
            "edit_stamp": make_stamp(world.student),
        },
    )
    assert response.status_code == 302
    world.student.refresh_from_db()
    assert world.student.school_class == "8.B"


def test_the_coordinator_hands_a_case_over_and_builds_the_team(world):
    c = client_of(world.members["coordinator"])
    other = world.members["case_manager_other"]
    response = c.post(
        reverse("cases:tracks", args=[world.case.pk]),
        {
            "lead": other.pk,
            "team": [world.members["case_manager"].pk],
            "referrer_kind": "school",
            "voluntary": "on",
            "model": "broker",
            "school_report_every_days": 30,
            "edit_stamp": make_stamp(world.case),
        },
    )
    assert response.status_code == 302
    world.case.refresh_from_db()
    assert world.case.lead == other and list(world.case.team.all()) == [world.members["case_manager"]]
    assert client_of(world.members["case_manager"]).get(detail(world.case)).status_code == 200


def test_a_case_manager_cannot_hand_the_case_over(world):
    c = client_of(world.members["case_manager"])
    response = c.get(reverse("cases:tracks", args=[world.case.pk]))
    assert "lead" not in response.context["form"].fields


def test_other_apps_add_tabs_badges_and_school_panels(world, monkeypatch):
    from opora.cases import extensions
    from opora.core.registry import Panel, Tab

    def team_only(request, case):
        return case.access_level == "team"

    tab = Tab("extra", "Schůzky", "cases/tabs/warnings.html", load=lambda r, c: {"warnings": []}, visible=team_only)
    badge = Panel("badge", "Odznak", "cases/tabs/attachments.html", lambda r, c: {} if team_only(r, c) else None)
    panel = Panel("panel", "Zprávy pro školu", "cases/tabs/warnings.html", lambda r, c: {"warnings": []})
    with (
        extensions.case_tabs.replaced([tab]),
        extensions.header_badges.replaced([badge]),
        extensions.school_panels.replaced([panel]),
    ):
        response = client_of(world.members["case_manager"]).get(detail(world.case, "extra"))
        used = [t.name for t in response.templates]
        assert 'aria-current="page">Schůzky' in response.content.decode()
        assert "cases/tabs/warnings.html" in used and "cases/tabs/attachments.html" in used
        response = client_of(world.members["school_staff"]).get(detail(world.case))
        assert "Zprávy pro školu" in response.content.decode()
        assert "cases/tabs/attachments.html" not in [t.name for t in response.templates]


def test_other_apps_get_no_activities_outside_the_case_team(world):
    from opora.cases.selectors import activities_visible_to

    ActivityFactory(case=world.case, restricted=True)
    assert activities_visible_to(world.members["case_manager"], world.case).count() == 2
    assert activities_visible_to(world.members["school_staff"], world.case).count() == 0
    assert activities_visible_to(world.members["case_manager_other"], world.case).count() == 0


@pytest.mark.parametrize("language", ["cs", "en"])
def test_the_tab_bar_is_what_the_template_loop_wrote(language):
    """{% tab_items %} (the case page's tab bar, written in Python) against the template loop it
    replaced: lazy labels translated, every value escaped, the current tab marked."""
    from django.template import Context, engines
    from django.utils import translation

    from opora.cases.views import TABS

    engine = engines["django"].engine
    loop = engine.from_string(
        '{% for slug, label in tabs %}<li><a href="?tab={{ slug }}"{% if slug == tab %} aria-current="page"{% endif %}>'
        "{{ label }}</a></li>{% endfor %}"
    )
    tag = engine.from_string("{% load case_rows %}{% tab_items tabs tab %}")
    tabs = [*TABS, ('x"<y>', "A & <b>"), ("outcomes", "Výsledky")]
    with translation.override(language):
        for tab in ("overview", "plan", 'x"<y>', "nothing"):
            context = {"tabs": tabs, "tab": tab}
            assert tag.render(Context(context)) == loop.render(Context(context)), tab
        assert 'aria-current="page">' + str(TABS[3][1]) in tag.render(Context({"tabs": TABS, "tab": "plan"}))


def test_the_kept_tab_bar_follows_the_language_the_tab_and_the_labels():
    """The tab bar is kept between pages: another language, another current tab or another
    label under the same slug gives its own bar."""
    from django.template import Context, engines
    from django.utils import translation

    from opora.cases.templatetags import case_rows
    from opora.cases.views import TABS

    case_rows._TAB_BARS.clear()
    tag = engines["django"].engine.from_string("{% load case_rows %}{% tab_items tabs tab %}")
    bars = {}
    for language in ("cs", "en", "cs"):
        with translation.override(language):
            bars.setdefault(language, tag.render(Context({"tabs": TABS, "tab": "plan"})))
            assert tag.render(Context({"tabs": TABS, "tab": "plan"})) == bars[language]
    with translation.override("en"):
        assert ">Overview<" in bars["en"] and ">Overview<" not in bars["cs"]
        assert f'<a href="?tab=overview">{TABS[0][1]}</a>' in bars["en"]
        assert 'aria-current="page"' not in tag.render(Context({"tabs": TABS, "tab": "none"}))
    renamed = [("outcomes", "Výsledky"), ("outcomes", "Dopady")]
    assert "Výsledky" in tag.render(Context({"tabs": renamed[:1], "tab": ""}))
    assert "Dopady" in tag.render(Context({"tabs": renamed[1:], "tab": ""}))
