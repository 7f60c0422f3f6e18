"""Case lists at scale: accent-insensitive search, "my cases" without duplicates, a capped
count, query counts that do not grow with the data, and the regional data generator."""

import datetime
import io

import pytest
from django.contrib.auth.hashers import check_password
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from opora.accounts.models import Membership, Role
from opora.audit.models import AuditEvent
from opora.cases.models import Activity, Case, Student, Task, normalise_name
from opora.cases.tests.factories import CaseFactory, StudentFactory, TaskFactory
from opora.consents.models import Consent
from opora.core import pagination, region
from opora.core.testing.auth import login
from opora.core.testing.edits import open_form
from opora.meetings.models import Meeting, Participant

pytestmark = pytest.mark.django_db

LIST = reverse("cases:list")


def listed(membership, query=""):
    response = login(Client(), membership).get(LIST + query)
    assert response.status_code == 200
    return [case.number for case in response.context["page"]]


def case_of(world, first, last, number, lead=None):
    student = StudentFactory(organisation=world.org, first_name=first, last_name=last, school=world.school)
    return CaseFactory(
        organisation=world.org,
        student=student,
        school=world.school,
        lead=lead or world.members["case_manager"],
        number=number,
    )


# --- Accent-insensitive search ------------------------------------------------------------------


def test_normalise_name_drops_diacritics_and_case():
    assert normalise_name("  Jiří   HORÁK ") == "jiri horak"
    assert normalise_name("Šťastná Žofie") == "stastna zofie"


@pytest.mark.parametrize("query", ["Horak", "horák", "HORÁK", "hora", "Jiri Horak", "horák jiří"])
def test_a_name_is_found_with_or_without_accents_in_any_case(world, query):
    horak = case_of(world, "Jiří", "Horák", "2026-0401")
    novak = case_of(world, "Jan", "Novák", "2026-0402")
    numbers = listed(world.members["coordinator"], f"?q={query}")
    assert horak.number in numbers and novak.number not in numbers


def test_a_case_is_found_by_a_part_of_its_number(world):
    wanted = case_of(world, "Eva", "Malá", "2025-0815")
    other = case_of(world, "Eva", "Velká", "2025-0915")
    assert listed(world.members["coordinator"], "?q=0815") == [wanted.number]
    assert other.number in listed(world.members["coordinator"], "?q=2025-09")


def test_the_search_stays_within_what_the_membership_may_see(world):
    mine = case_of(world, "Tomáš", "Šťovíček", "2026-0501")
    colleagues = case_of(world, "Tomáš", "Šťovíček", "2026-0502", lead=world.members["case_manager_other"])
    other_org_student = StudentFactory(organisation=world.other, first_name="Tomáš", last_name="Šťovíček")
    CaseFactory(organisation=world.other, student=other_org_student, number="2026-0503")
    assert listed(world.members["case_manager"], "?q=stovicek") == [mine.number]
    assert sorted(listed(world.members["coordinator"], "?q=stovicek")) == [mine.number, colleagues.number]


def test_renaming_a_student_keeps_the_search_name(world):
    case = case_of(world, "Petr", "Svoboda", "2026-0601")
    student = case.student
    student.last_name = "Šimek"
    student.save(update_fields=["last_name"])
    student.refresh_from_db()
    assert student.search_name == "petr simek"
    assert listed(world.members["coordinator"], "?q=simek") == [case.number]


def test_the_student_edit_form_updates_the_search(world):
    case = case_of(world, "Petr", "Svoboda", "2026-0602")
    client = login(Client(), world.members["case_manager"])
    url = reverse("cases:student_edit", args=[case.pk])
    response = client.post(url, {**open_form(client, url), "last_name": "Říha", "school_class": "8.A"})
    assert response.status_code == 302
    assert listed(world.members["coordinator"], "?q=riha") == [case.number]
    assert listed(world.members["coordinator"], "?q=svoboda") == []


def test_a_number_without_letters_is_searched_within_the_organisation_only(world):
    """Letter-free words take their own path (a plain LIKE on the number, not the trigram
    index): it still matches inside numbers with letters and never crosses organisations."""
    lettered = case_of(world, "Eva", "Malá", "OS-2025/0815")
    plain = case_of(world, "Jan", "Malý", "2025-0815")
    foreign_student = StudentFactory(organisation=world.other, first_name="Eva", last_name="Cizí")
    CaseFactory(organisation=world.other, student=foreign_student, number="2025-0815")
    coordinator = world.members["coordinator"]
    assert sorted(listed(coordinator, "?q=0815")) == sorted([lettered.number, plain.number])
    assert listed(coordinator, "?q=2025/08") == [lettered.number]
    assert listed(coordinator, "?q=os-2025") == [lettered.number]  # with letters: any case
    assert listed(world.members["case_manager_other"], "?q=0815") == []  # not theirs to open


def test_every_page_of_a_list_shows_the_next_cases_in_order(world):
    """The page's ids are selected first and only then their rows: every case once, newest
    first, across pages, with the filter and the search applied to the ids."""
    lead = world.members["case_manager"]
    start = datetime.date(2026, 1, 1)
    for i in range(60):
        student = StudentFactory(organisation=world.org, first_name="Jana", last_name="Horáková" if i % 3 else "Dvořák")
        CaseFactory(
            organisation=world.org,
            lead=lead,
            student=student,
            school=world.school,
            number=f"2019-{i:04d}",
            opened_at=start + datetime.timedelta(days=i // 2),  # two cases a day: the id decides
        )
    expected = list(
        Case.objects.filter(organisation=world.org, student__last_name="Horáková")
        .order_by("-opened_at", "-id")
        .values_list("number", flat=True)
    )
    client = login(Client(), world.members["coordinator"])
    shown = []
    for number in (1, 2):
        response = client.get(LIST + f"?q=horakova&page={number}")
        shown += [case.number for case in response.context["page"]]
    assert len(expected) == 40 and shown == expected
    beyond = client.get(LIST + "?q=horakova&page=9")  # the last page, as Django's paginator does
    assert [case.number for case in beyond.context["page"]] == expected[25:]
    nothing = client.get(LIST + "?q=nikdo")
    assert list(nothing.context["page"]) == [] and "Žádný případ neodpovídá." in nothing.content.decode()


def test_names_in_the_rows_are_escaped(world):
    case = case_of(world, '<img src=x onerror="alert(1)">', "O'Brien & <b>syn</b>", "2026-0990")
    body = login(Client(), world.members["coordinator"]).get(LIST + "?q=2026-0990").content.decode()
    assert "<img src=x" not in body and "<b>syn</b>" not in body
    assert "O&#x27;Brien &amp; &lt;b&gt;syn&lt;/b&gt; &lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in body
    assert f'href="{reverse("cases:detail", args=[case.pk])}">2026-0990</a>' in body


# --- My cases: lead or team, once each ----------------------------------------------------------


def test_my_cases_has_the_led_and_the_team_cases_once_each(world):
    cm = world.members["case_manager"]
    led = case_of(world, "Anna", "Králová", "2026-0701")
    led.team.add(cm)  # lead and in the team: still listed once
    helped = case_of(world, "Adam", "Král", "2026-0702", lead=world.members["case_manager_other"])
    helped.team.add(cm)
    foreign = case_of(world, "Ema", "Králová", "2026-0703", lead=world.members["case_manager_other"])
    numbers = listed(cm, "?q=kral")
    assert sorted(numbers) == [led.number, helped.number]
    assert foreign.number not in numbers
    response = login(Client(), cm).get(LIST + "?q=kral")
    assert response.context["page"].paginator.count == 2


# --- The capped count ----------------------------------------------------------------------------


def test_a_long_list_counts_up_to_the_cap_and_says_so(world, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 30)
    lead = world.members["case_manager"]
    for i in range(35):
        CaseFactory(organisation=world.org, lead=lead, school=world.school, number=f"2024-{i:04d}")
    response = login(Client(), world.members["coordinator"]).get(LIST)
    page = response.context["page"]
    assert page.paginator.capped and page.paginator.count == 30 and page.paginator.num_pages == 2
    assert "Odpovídá více než 30 případů; zobrazeno je nejnovějších 30." in response.content.decode()
    short = login(Client(), world.members["coordinator"]).get(LIST + "?q=2024-0001")
    assert not short.context["page"].paginator.capped
    assert "Odpovídá 1 případ." in short.content.decode()


# --- Query counts do not grow with the data ----------------------------------------------------

QUERIES = {
    "mine": ("case_manager", ""),
    "all": ("coordinator", ""),
    "state": ("coordinator", "?state=open"),
    "school": ("coordinator", "?school={school}"),
    "overdue": ("coordinator", "?overdue=on"),
    "no contact": ("coordinator", "?no_contact=21"),
    "search": ("coordinator", "?q=novak"),
    "search two words": ("case_manager", "?q=jaroslav+novak"),
}


def _add_cases(world, n):
    cm = world.members["case_manager"]
    for _ in range(n):
        case = CaseFactory(organisation=world.org, lead=cm, school=world.school)
        TaskFactory(case=case, due_date=timezone.localdate() - datetime.timedelta(days=3))
        case.team.add(world.members["case_manager_other"])


def _query_counts(world):
    counts = {}
    for label, (who, query) in QUERIES.items():
        client = login(Client(), world.members[who])
        client.get(LIST)  # the session and caches are warm, as in real use
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(LIST + query.format(school=world.school.pk))
        assert response.status_code == 200
        counts[label] = len(ctx.captured_queries)
    return counts


def test_the_lists_need_the_same_number_of_queries_for_few_and_many_cases(world, django_assert_max_num_queries):
    _add_cases(world, 3)
    few = _query_counts(world)
    _add_cases(world, 40)
    many = _query_counts(world)
    assert few == many
    client = login(Client(), world.members["case_manager"])
    with django_assert_max_num_queries(12):
        response = client.get(LIST + "?q=novak&overdue=on&state=open")
    assert len(response.context["page"]) == 25


# --- The regional data generator --------------------------------------------------------------


def test_the_generator_writes_a_consistent_small_region(db):
    summary = region.generate(cases=60, seed=3)
    assert Case.objects.count() == 60 and Student.objects.count() == 60
    assert summary["counts"]["audit_auditevent"] == AuditEvent.objects.count() > 60 * 20
    assert Activity.objects.count() > 60 * 5 and Task.objects.exists()
    assert Meeting.objects.exists() and Participant.objects.exists() and Consent.objects.exists()
    # Everything stays within its organisation.
    assert not Case.objects.exclude(student__organisation=F("organisation")).exists()
    assert not Case.objects.exclude(lead__organisation=F("organisation")).exists()
    assert not Case.objects.exclude(lead__role=Role.CASE_MANAGER).exists()
    assert not Case.objects.filter(school__isnull=False).exclude(school__organisation=F("organisation")).exists()
    assert not Case.team.through.objects.exclude(membership__organisation=F("case__organisation")).exists()
    assert (
        not Participant.objects.filter(membership__isnull=False)
        .exclude(membership__organisation=F("meeting__case__organisation"))
        .exists()
    )
    assert not AuditEvent.objects.exclude(organisation_id__in=Case.objects.values("organisation_id")).exists()
    assert not Case.objects.filter(state="closed", closed_at__isnull=True).exists()
    assert not Case.objects.filter(closed_at__lt=F("opened_at")).exists()
    assert not Activity.objects.filter(occurred_on__lt=F("case__opened_at")).exists()
    for student in Student.objects.all():
        assert student.search_name == normalise_name(f"{student.first_name} {student.last_name}")
    # Attendance months for the students at a school, and each one's latest as the writers keep it.
    from opora.outcomes.models import AttendanceMonth, LatestAttendance

    assert AttendanceMonth.objects.count() > Case.objects.filter(school__isnull=False).count() > 0
    columns = ("pk", "organisation_id", "month", "unexcused_hours")
    kept = list(LatestAttendance.objects.order_by("pk").values_list(*columns))
    LatestAttendance.refresh(Student.objects.values_list("pk", flat=True))
    assert kept == list(LatestAttendance.objects.order_by("pk").values_list(*columns))
    assert set(AttendanceMonth.objects.values_list("student_id", flat=True)) == {row[0] for row in kept}
    # The sequences continue after the generated ids.
    assert CaseFactory(organisation_id=Case.objects.first().organisation_id, number="2099-0001").pk > 60
    # The known sign-ins work and see their cases.
    manager = Membership.objects.get(user__email=region.CASE_MANAGER_EMAIL)
    assert check_password(region.REGION_PASSWORD, manager.user.password)
    assert Case.objects.filter(lead=manager).exists()
    coordinator = Membership.objects.get(user__email=region.COORDINATOR_EMAIL, role=Role.COORDINATOR)
    assert coordinator.organisation_id == manager.organisation_id
    assert listed(manager) and len(listed(coordinator)) >= len(listed(manager))


def test_the_generator_command_refuses_a_second_run(db):
    from django.core.management import CommandError, call_command

    out = io.StringIO()
    call_command("generate_region", cases=20, stdout=out)
    assert Case.objects.count() == 20 and region.REGION_PASSWORD in out.getvalue()
    with pytest.raises(CommandError):
        call_command("generate_region", cases=20, stdout=out)


def test_a_generated_school_staff_member_sees_only_their_school(db):
    region.generate(cases=40, seed=5)
    staff = Membership.objects.get(user__email=region.SCHOOL_STAFF_EMAIL)
    numbers = listed(staff)
    assert set(
        Case.objects.filter(number__in=numbers, organisation=staff.organisation).values_list("school", flat=True)
    ) <= {staff.school_id}


def test_overdue_tasks_are_realistic(db):
    region.generate(cases=60, seed=7)
    today = timezone.localdate()
    assert not Task.objects.filter(case__state="closed", status="open").exists()
    assert Task.objects.filter(status="open", due_date__lt=today).exists()


# --- The first page by a compiled query ----------------------------------------------------------


def _row(case):
    return (case.pk, case.number, case.student.last_name, case.school_id, case.lead_id, case.overdue_count)


def test_the_compiled_first_page_is_the_lists_first_page_for_every_shape_of_the_filters(world, monkeypatch):
    """The first page of the list read by a compiled query (selectors.case_list_first_page) holds
    the same rows and count as the same page read as any other — for both roles, every shape of
    the filters, and never a case of another organisation or outside a case manager's cases."""
    from opora.cases import selectors

    monkeypatch.setattr(selectors, "_FIRST_PAGES", {})  # none kept by other tests: each is compiled
    today = timezone.localdate()
    cm, other_cm = world.members["case_manager"], world.members["case_manager_other"]
    for i in range(14):
        case = CaseFactory(
            organisation=world.org,
            lead=cm if i % 3 else other_cm,
            school=world.school if i % 2 else world.school_other,
            state=["active", "closed", "referred"][i % 3],
            last_contact_on=today - datetime.timedelta(days=5 * i),
        )
        if i % 4 == 0:
            TaskFactory(case=case, due_date=today - datetime.timedelta(days=i + 1))
        if i == 5:
            case.team.add(other_cm)
    CaseFactory(organisation=world.other, school=world.school_of_other_org, state="active")
    shapes = [
        {},
        {"state": "open"},
        {"state": "closed"},
        {"school": world.school.pk},
        {"overdue": True},
        {"no_contact_days": 21},
        {"lead": str(cm.pk)},
        {"state": "active", "school": world.school_other.pk, "overdue": True, "no_contact_days": 7, "lead": str(cm.pk)},
        # Searches: a name typed without accents, a number, two words, wildcards typed as text.
        {"q": "novak"},
        {"q": "NOVÁK1"},
        {"q": "2026"},
        {"q": "jaroslav 1"},
        {"q": "novak %"},
        {"q": "_"},
        {"q": "nikdo"},
        {"q": "novak", "state": "open", "school": world.school.pk, "overdue": True},
    ]
    compiled = 0
    for membership in (world.members["coordinator"], cm, other_cm):
        for shape in shapes:
            filters = {
                "state": "",
                "school": "",
                "overdue": False,
                "no_contact_days": None,
                "q": "",
                "lead": None,
                **shape,
            }
            for cap in (1000, 3):
                with CaptureQueriesContext(connection) as queries:
                    first = selectors.case_list_first_page(membership, filters, 5, cap)
                expected = list(
                    pagination.with_capped_count(
                        selectors.case_page_rows(selectors.matching_cases(membership, **filters).values("pk")[:5]),
                        selectors.matching_cases(membership, **filters),
                        cap,
                    )
                )
                # A search reads its matches' ids, then the page's rows (none when nothing matches);
                # so does every list where statements are prepared (PostgreSQL): the page's ids
                # with the count, then the rows, planned once.
                two_steps = bool(filters["q"]) or getattr(connection, "prepares", False)
                reads = 1 + bool(two_steps and expected)
                assert first is not None and len(queries) == reads, (membership.role, shape)
                assert [_row(c) for c in first] == [_row(c) for c in expected], (membership.role, shape, cap)
                assert [c._capped_count for c in first] == [c._capped_count for c in expected]
                assert all(c.organisation_id == world.org.id for c in first)
                compiled += bool(first)
    assert compiled > 40
    # A wildcard typed is a character searched for, compiled or not: no name or number holds it.
    for typed in ("%", "_", "novak%", "nov_k"):
        assert selectors.case_list_first_page(cm, {"q": typed}, 5, 1000) == [], typed
        assert not selectors.matching_cases(cm, q=typed).exists(), typed
    assert selectors.case_list_first_page(cm, {"q": "novak"}, 5, 1000)
    # "My cases" and school staff's list are read as usual.
    assert selectors.case_list_first_page(cm, {"mine": True}, 5, 1000) is None
    assert selectors.case_list_first_page(world.members["school_staff"], {"q": "nov"}, 5, 1000) is None


def test_the_kept_filter_fields_are_those_rendered_afresh_for_the_same_request(world):
    """The filter fields are kept between requests by what they are made of: the same request
    renders them as the template does; a renamed school, a value asked for, the language and a
    school staff member's fewer fields each give their own HTML; errors are never kept."""
    from django.template.loader import render_to_string
    from django.test import RequestFactory
    from django.utils import translation

    from opora.cases import forms

    manager = world.members["case_manager"]

    def fields(membership, query="", language="cs"):
        with translation.override(language):
            form = forms.CaseFilterForm(RequestFactory().get(LIST + query).GET or None, membership=membership)
            form.is_valid()
            kept = str(form.rendered_fields())
            fresh = render_to_string("cases/_case_filters.html", {"form": form})
            assert kept == fresh
            return kept

    first = fields(manager, f"?state=open&school={world.school.pk}")
    assert f'<option value="{world.school.pk}" selected>{world.school.name}</option>' in first
    assert fields(manager, f"?state=open&school={world.school.pk}") == first
    world.school.name = "ZŠ <Nová> & spol."
    world.school.save()
    renamed = fields(manager, f"?state=open&school={world.school.pk}")
    assert "ZŠ &lt;Nová&gt; &amp; spol." in renamed and renamed != first
    assert 'value="open" selected' in renamed and 'value="open" selected' not in fields(manager)
    assert "Stav" in fields(manager) and "State" in fields(manager, language="en")
    assert 'name="school"' not in fields(world.members["school_staff"])
    invalid = fields(manager, "?no_contact=0")
    assert 'aria-invalid="true"' in invalid and invalid != fields(manager)


def test_a_filter_with_an_error_is_shown_with_it_and_the_other_filters_still_apply(world):
    """ "No contact for 0 days" is refused with its message; the search and the state asked for
    alongside still narrow the list (before, any error dropped every filter and listed all)."""
    horak = case_of(world, "Jan", "Horák", "2026-0801")
    case_of(world, "Eva", "Dvořáková", "2026-0802")
    closed = case_of(world, "Petr", "Horák", "2026-0803")
    closed.state, closed.closed_at = "closed", timezone.localdate()
    closed.save()
    client = login(Client(), world.members["coordinator"])
    response = client.get(LIST + "?q=horak&state=open&no_contact=0")
    assert [case.number for case in response.context["page"]] == [horak.number]
    assert response.context["form"].errors["no_contact"]
    assert 'aria-invalid="true"' in response.content.decode()
    assert listed(world.members["coordinator"], "?q=horak&no_contact=abc") == ["2026-0803", horak.number]


def test_a_shape_compiled_before_the_bound_is_still_read_compiled_after_it(world, monkeypatch):
    """At FIRST_PAGES_KEPT shapes no new shape is compiled, but those kept still are read (on
    PostgreSQL under the key of the two steps that list takes)."""
    from opora.cases import selectors

    monkeypatch.setattr(selectors, "_FIRST_PAGES", {})
    cm = world.members["case_manager"]
    filters = {"state": "open"}
    assert selectors.case_list_first_page(cm, filters, 5, 1000) is not None
    monkeypatch.setattr(selectors, "FIRST_PAGES_KEPT", len(selectors._FIRST_PAGES))
    assert selectors.case_list_first_page(cm, filters, 5, 1000) is not None
    assert selectors.case_list_first_page(cm, {"state": "active"}, 5, 1000) is None
