"""What one case page or list request costs once the session is established: the queries of the
middleware (session, user, second factor, membership) plus the page's own, and no session write."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opora.core.testing.auth import login

pytestmark = pytest.mark.django_db


def _established(membership):
    client = login(Client(), membership)
    client.get(reverse("core:home"))  # the first request writes the session once
    return client


def test_the_case_page_overview_stays_within_its_query_budget(world, django_assert_max_num_queries):
    client = _established(world.members["case_manager"])
    url = reverse("cases:detail", args=[world.case.pk])
    with django_assert_max_num_queries(9), CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    assert world.case.number in response.content.decode()
    sqls = [q["sql"] for q in ctx.captured_queries]
    assert not [s for s in sqls if "django_session" in s and not s.startswith("SELECT")]
    assert sum('FROM "accounts_membership"' in s for s in sqls) == 1


def test_the_case_page_takes_the_organisation_from_the_membership_not_from_a_join(world):
    """The case is read without its organisation (the policy filters by the membership's and sets
    it): the page still knows the organisation, with no query of its own, and the case query
    names no organisation table."""
    client = _established(world.members["case_manager"])
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("cases:detail", args=[world.case.pk]))
    assert response.status_code == 200
    case_queries = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith('SELECT "cases_case"."id"')]
    assert case_queries and not any("accounts_organisation" in sql for sql in case_queries)
    case = response.context["case"]
    with CaptureQueriesContext(connection) as later:
        assert case.organisation.pk == world.org.pk and case.organisation.name == world.org.name
    assert later.captured_queries == []
    # The overview joins the referral and the intake check; a tab without them does not.
    assert all("cases_referral" in sql and "cases_intakecheck" in sql for sql in case_queries)
    with CaptureQueriesContext(connection) as plan:
        assert client.get(reverse("cases:detail", args=[world.case.pk]) + "?tab=plan").status_code == 200
    plan_case = [q["sql"] for q in plan.captured_queries if q["sql"].startswith('SELECT "cases_case"."id"')]
    assert plan_case and not any("cases_referral" in sql or "cases_intakecheck" in sql for sql in plan_case)


def test_the_case_list_makes_no_session_write(world):
    client = _established(world.members["case_manager"])
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("cases:list"))
    assert response.status_code == 200
    assert not [q for q in ctx.captured_queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]


def test_the_overdue_count_of_the_header_matches_the_plan(world):
    import datetime

    from django.utils import timezone

    from opora.cases.tests.factories import TaskFactory

    today = timezone.localdate()
    TaskFactory(case=world.case, due_date=today - datetime.timedelta(days=3))
    TaskFactory(case=world.case, due_date=today - datetime.timedelta(days=1), status="done")
    TaskFactory(case=world.case, due_date=today)
    client = _established(world.members["case_manager"])
    url = reverse("cases:detail", args=[world.case.pk])
    overview, plan = client.get(url), client.get(url + "?tab=plan")
    expected = sum(t.is_overdue for t in plan.context["tasks"])
    assert expected >= 1
    assert overview.context["overdue_count"] == plan.context["overdue_count"] == expected


@pytest.mark.parametrize("language", ["cs", "en"])
def test_the_state_and_model_labels_are_djangos_labels(language):
    from django.utils import translation

    from opora.cases.models import Case, CaseModel
    from opora.cases.workflow import State

    state_field, model_field = Case._meta.get_field("state"), Case._meta.get_field("model")
    with translation.override(language):
        for state in [*State.values, "unknown"]:
            case = Case(state=state)
            assert case.get_state_display() == case._get_FIELD_display(state_field)
        for model in [*CaseModel.values, "unknown"]:
            case = Case(model=model)
            assert case.get_model_display() == case._get_FIELD_display(model_field)


def test_the_case_list_rows_need_no_query_of_their_own(world, django_assert_max_num_queries):
    """The rows are read with only the columns they show: a row touching another field would
    cost a query per row. The middleware's 4, the rows with their capped count, the school options
    (on PostgreSQL the page's ids with the count, then their rows: one more)."""
    from django.db import connection

    from opora.cases.tests.factories import CaseFactory
    from opora.schools.models import School

    other_school = School.objects.create(organisation=world.org, name="ZŠ Tomáše & Marie <Nová>")
    for i in range(30):
        CaseFactory(
            organisation=world.org,
            lead=world.members["case_manager"],
            school=other_school if i % 2 else world.school,
        )
    client = _established(world.members["coordinator"])
    with django_assert_max_num_queries(6 + getattr(connection, "prepares", False)):
        response = client.get(reverse("cases:list"))
    page = response.context["page"]
    assert len(page) == 25
    body = response.content.decode()
    for case in page:
        assert case.number in body and case.student.last_name in body
    assert world.members["case_manager"].user.full_name in body
    assert "ZŠ Tomáše &amp; Marie &lt;Nová&gt;</td>" in body


def test_the_school_filter_lists_the_organisations_schools_and_validates_the_choice(world):
    from opora.accounts.models import Organisation
    from opora.cases.forms import CaseFilterForm
    from opora.schools.models import School

    tricky = School.objects.create(organisation=world.org, name='Škola "U lípy" & spol.')
    elsewhere = School.objects.create(organisation=Organisation.objects.create(name="Jiná", slug="jina"), name="Cizí")
    coordinator = world.members["coordinator"]

    form = CaseFilterForm({"school": str(tricky.pk)}, membership=coordinator)
    assert form.is_valid() and form.cleaned_data["school"] == tricky.pk
    html = str(form["school"])
    assert '<option value="">---------</option>' in html
    assert f'<option value="{tricky.pk}" selected>Škola &quot;U lípy&quot; &amp; spol.</option>' in html
    assert f'<option value="{world.school.pk}">' in html and "Cizí" not in html

    refused = CaseFilterForm({"school": str(elsewhere.pk)}, membership=coordinator)
    assert not refused.is_valid() and "school" in refused.errors


def test_a_team_member_who_is_not_the_lead_pays_one_team_query_not_one_per_tab(world):
    """Each tab, badge and button asks whether the member is on the case team; for a team member
    who is not the lead that is a query, asked once per request (the fetched case remembers it)."""

    def queries_of(persona):
        client = _established(world.members[persona])
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("cases:detail", args=[world.case.pk])).status_code == 200
        return [q["sql"] for q in ctx.captured_queries]

    lead, member = queries_of("case_manager"), queries_of("team_member")
    assert sum('"cases_case_team"' in s for s in member) == 1
    assert len(member) <= len(lead) + 1


def test_the_rows_texts_follow_each_requests_language(world):
    """The rows' fixed texts (state labels, the quick-record summary) are kept per language: a
    page in one language never shows another's."""
    client = _established(world.members["case_manager"])
    for language, expected, other in [
        ("cs", "Zaznamenat kontakt", "Record a contact"),
        ("en", "Record a contact", "Zaznamenat kontakt"),
        ("cs", "Zaznamenat kontakt", "Record a contact"),
    ]:
        body = client.get(reverse("cases:list"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert f">{expected}<" in body and f">{other}<" not in body, language


def test_the_case_tabs_compiled_reads_are_their_querysets(world):
    from opora.cases import selectors
    from opora.cases.models import Goal, Request
    from opora.cases.tests.factories import CaseFactory, GoalFactory

    other = CaseFactory(organisation=world.org, lead=world.members["case_manager"])
    for case in (world.case, other, world.case):
        request = Request.objects.create(case=case, title=f"Zakázka {case.pk}")
        GoalFactory(case=case, request=request)
        GoalFactory(case=case, request=None, title="Bez zakázky")
    for case in (world.case, other):
        requests, goals = selectors._REQUESTS(case=case.pk), selectors._GOALS(case=case.pk)
        assert [vars(r) | {"_state": 0} for r in requests] == [
            vars(r) | {"_state": 0} for r in Request.objects.filter(case=case)
        ]
        expected = list(Goal.objects.filter(case=case).select_related("request"))
        assert [(g.pk, g.title, g.request and g.request.title) for g in goals] == [
            (g.pk, g.title, g.request and g.request.title) for g in expected
        ]
        assert len(requests) >= (2 if case == world.case else 1) and len(goals) >= 2 * len(requests) - 1
