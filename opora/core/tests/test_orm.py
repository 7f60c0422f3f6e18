"""The shortcut for a column's identity (opora.core.orm) gives exactly Django's generic value."""

import datetime

import pytest
from django.apps import apps
from django.db.models.expressions import Col

from opora.core.orm import _generic_identity


def _columns():
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            col = field.get_col(model._meta.db_table)
            yield col
            yield field.get_col("T4", output_field=field)
            yield Col("T2", field)
            yield Col(None, field)
            yield col.relabeled_clone({model._meta.db_table: "U0"})


def test_every_columns_identity_is_djangos_generic_identity():
    assert "identity" in Col.__dict__  # installed by CoreConfig.ready()
    n = 0
    for col in _columns():
        assert col.identity == _generic_identity(col), col
        n += 1
    assert n > 500


def test_equal_and_different_columns_compare_as_before():
    from opora.cases.models import Case

    number, state = Case._meta.get_field("number"), Case._meta.get_field("state")
    assert Col("T1", number) == Col("T1", number) and hash(Col("T1", number)) == hash(Col("T1", number))
    assert Col("T1", number) != Col("T2", number)
    assert Col("T1", number) != Col("T1", state)
    assert Col("T1", number) != Col("T1", number, state)


@pytest.mark.django_db
def test_union_subquery_matches_the_ids_of_either_queryset_and_nothing_when_both_are_empty():
    from opora.cases.models import Case
    from opora.cases.tests.factories import CaseFactory
    from opora.core.orm import union_subquery

    a, b, c = CaseFactory(state="active"), CaseFactory(state="closed"), CaseFactory(state="active")
    led = Case.objects.filter(pk=a.pk).values("pk")
    closed = Case.objects.filter(state="closed").values("pk")
    assert set(Case.objects.filter(pk__in=union_subquery(led, closed))) == {a, b}
    assert set(Case.objects.filter(pk__in=union_subquery(Case.objects.none(), closed))) == {b}
    empty = union_subquery(Case.objects.none(), Case.objects.filter(pk__in=[]).values("pk"))
    assert c.pk and list(Case.objects.filter(pk__in=empty)) == []


def _displays():
    from functools import partialmethod

    for model in apps.get_models(include_auto_created=True):
        for name, method in model.__dict__.items():
            if getattr(method, "opora_fast_display", False):
                yield model, model._meta.get_field(name.removeprefix("get_").removesuffix("_display"))
            elif isinstance(method, partialmethod) and name.endswith("_display"):
                raise AssertionError(f"{model.__name__}.{name} kept Django's generated method")


@pytest.mark.parametrize("language", ["cs", "en"])
def test_every_choice_label_is_djangos_label_in_the_active_language(language):
    """The shortcut of get_FOO_display answers what Django's own method answers, for every
    choice of every model, an unknown value and an empty one, in each language."""
    from django.utils import translation

    checked = 0
    with translation.override(language):
        for model, field in _displays():
            for value in [*(v for v, _ in field.flatchoices), "unknown", None]:
                obj = model(**{field.attname: value})
                fast, django = getattr(obj, f"get_{field.name}_display")(), obj._get_FIELD_display(field)
                assert fast == django and type(fast) is type(django), (model, field.name, value)
                checked += 1
    assert checked > 200


def test_labels_follow_the_language_after_the_first_call():
    from django.utils import translation

    from opora.cases.models import Case

    case = Case(state="closed")
    with translation.override("en"):
        assert case.get_state_display() == "Closed"
    with translation.override("cs"):
        assert case.get_state_display() == "Ukončeno"


# --- CompiledQuery --------------------------------------------------------------------------


def _fields(obj):
    return {k: v for k, v in obj.__dict__.items() if k != "_state"}


@pytest.mark.django_db
def test_a_compiled_query_gives_what_its_queryset_gives_for_each_set_of_values():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from opora.accounts.middleware import _MEMBERSHIP_OF_USER, _membership_of_user
    from opora.accounts.models import Role
    from opora.core.testing.factories import MembershipFactory, SchoolFactory
    from opora.day.models import Notification

    school_staff = MembershipFactory(role=Role.SCHOOL_STAFF, school=SchoolFactory())
    manager = MembershipFactory(role=Role.CASE_MANAGER)
    Notification.objects.create(membership=manager, rule="tasks_overdue", subject="Zavolat", url="/")
    inactive = MembershipFactory(role=Role.CASE_MANAGER, is_active=False)
    for membership in (school_staff, manager, school_staff):
        with CaptureQueriesContext(connection) as queries:
            (found,) = _MEMBERSHIP_OF_USER(membership=membership.pk, user=membership.user_id)
        (expected,) = _membership_of_user(membership.pk, membership.user_id)
        assert len(queries) == 1  # the organisation, the school and the count are of the same row
        assert _fields(found) == _fields(expected) and found.created_at.tzinfo is not None
        assert _fields(found.organisation) == _fields(expected.organisation)
        assert (found.school and _fields(found.school)) == (expected.school and _fields(expected.school))
        assert found.unread_notifications == expected.unread_notifications == (membership == manager)
        for made, django_made in ((found, expected), (found.organisation, expected.organisation)):
            assert (made._state.adding, made._state.db) == (django_made._state.adding, django_made._state.db)
            assert made.get_deferred_fields() == django_made.get_deferred_fields()
    # Another user's membership, or an inactive one, is no one's.
    assert _MEMBERSHIP_OF_USER(membership=manager.pk, user=school_staff.user_id) == []
    assert _MEMBERSHIP_OF_USER(membership=inactive.pk, user=inactive.user_id) == []


@pytest.mark.django_db
def test_compiled_instances_are_made_through_the_constructor_when_a_model_signal_listens():
    from django.db.models.signals import post_init

    from opora.accounts.middleware import _MEMBERSHIP_OF_USER
    from opora.accounts.models import Membership, Organisation
    from opora.core.testing.factories import MembershipFactory

    manager = MembershipFactory()
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(type(instance))

    (plain,) = _MEMBERSHIP_OF_USER(membership=manager.pk, user=manager.user_id)
    assert seen == [] and not plain._state.adding and plain.organisation.name == manager.organisation.name
    post_init.connect(receiver)
    try:
        (found,) = _MEMBERSHIP_OF_USER(membership=manager.pk, user=manager.user_id)
    finally:
        post_init.disconnect(receiver)
    assert Membership in seen and Organisation in seen  # the row and its select_related objects
    assert _fields(found) == _fields(plain) and _fields(found.organisation) == _fields(plain.organisation)


@pytest.mark.django_db
def test_a_query_whose_shape_depends_on_its_values_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    from opora.accounts.models import Membership
    from opora.core.orm import CompiledQuery

    def branching(membership):  # the two sets of sentinels (see CompiledQuery) take both branches
        shown = Membership.objects.filter(pk=membership)
        return shown.filter(is_active=True) if membership % 3 else shown

    def unused(membership, user):
        return Membership.objects.filter(pk=membership)

    for query in (CompiledQuery(branching, "membership"), CompiledQuery(unused, "membership", "user")):
        with pytest.raises(ImproperlyConfigured, match="shape"):
            query(membership=1, user=1)


@pytest.mark.django_db
def test_a_compiled_query_takes_each_calls_date(monkeypatch):
    """The case page's query (compiled once) counts the tasks overdue on the day it is asked."""
    import datetime

    from django.utils import timezone

    from opora.cases import selectors
    from opora.cases.tests.factories import CaseFactory, TaskFactory

    case = CaseFactory(state="active")
    day = datetime.date(2026, 3, 30)
    for offset in (-3, 0, 2):
        TaskFactory(case=case, due_date=day + datetime.timedelta(days=offset))
    TaskFactory(case=case, due_date=day - datetime.timedelta(days=9), status="done")
    counts = []
    for today in (
        day,
        day + datetime.timedelta(days=1),
        day + datetime.timedelta(days=3),
        day - datetime.timedelta(days=5),
    ):
        monkeypatch.setattr(timezone, "localdate", lambda today=today: today)
        (found,) = selectors.case_page_query("overview")(case.pk, case.organisation_id)
        counts.append(found.overdue_count)
    assert counts == [1, 2, 3, 0]
    assert selectors.case_page_query("overview")(case.pk, case.organisation_id + 1) == []  # another organisation's


@pytest.mark.django_db
def test_a_compiled_query_gives_rows_as_values_and_values_list_do():
    import datetime

    from django.db.models import Count

    from opora.cases.models import Case
    from opora.cases.tests.factories import CaseFactory, TaskFactory
    from opora.core.orm import CompiledQuery

    day = datetime.date(2026, 3, 30)
    cases = [CaseFactory(state="active") for _ in range(3)]
    for i, case in enumerate(cases):
        for _ in range(i):
            TaskFactory(case=case, due_date=day)

    from django.db.models import Q

    def shapes(ids, due):
        base = Case.objects.filter(pk__in=ids).annotate(n=Count("tasks", filter=Q(tasks__due_date__lte=due)))
        base = base.order_by("pk")
        return {
            "values": base.values("number", "n", "pk"),
            "values_list": base.values_list("n", "number"),
            "named": base.values_list("pk", "n", "student__last_name", named=True),
            "flat": base.values_list("n", flat=True),
        }

    ids = [c.pk for c in cases] + [cases[-1].pk]
    for kind in ("values", "values_list", "named", "flat"):
        query = CompiledQuery(lambda ids, due, kind=kind: shapes(ids, due)[kind], lists={"ids": 4}, dates=("due",))
        for due in (day, day - datetime.timedelta(days=1)):
            assert query(ids=ids, due=due) == list(shapes(ids, due)[kind]), (kind, due)
    assert query(ids=ids, due=day) == [0, 1, 2]  # the last query's: the flat counts
    # A list of another length, or with anything but integers, is refused before any SQL runs.
    for wrong in (ids[:3], [*ids[:3], str(ids[0])], [*ids[:3], True], tuple(ids)):
        with pytest.raises(TypeError, match="ids must be a list of 4 integers"):
            query(ids=wrong, due=day)


@pytest.mark.django_db
def test_a_connection_keeps_a_bounded_number_of_compiled_queries(monkeypatch):
    from django.db import connections

    from opora.accounts.models import Membership
    from opora.core import orm
    from opora.core.testing.factories import MembershipFactory

    monkeypatch.setattr(orm, "COMPILED_KEPT", 3)
    membership = MembershipFactory()
    queries = [orm.CompiledQuery(lambda pk: Membership.objects.filter(pk=pk), "pk") for _ in range(7)]
    for query in queries:
        assert query(pk=membership.pk) == [membership]
        assert len(connections["default"].__dict__["_opora_compiled_queries"]) <= 3
    assert queries[0](pk=membership.pk) == [membership]  # compiled again when needed


@pytest.mark.django_db
def test_a_number_compared_with_a_positive_integer_is_a_value_of_the_compiled_query():
    """Django drops a comparison of a positive integer column with a number out of the column's
    range (the negative sentinels), so such a number is passed as Value(); PostgreSQL's driver
    then wraps it (Int4). Either way the compiled query must bind each call's number."""
    from django.db.models import Value

    from opora.cases.tests.factories import StudentFactory
    from opora.core.orm import CompiledQuery
    from opora.outcomes.models import AttendanceMonth

    student = StudentFactory()
    for month, hours in ((1, 5), (2, 12), (3, 30)):
        AttendanceMonth.objects.create(student=student, month=datetime.date(2026, month, 1), unexcused_hours=hours)

    def above(hours):
        return (
            AttendanceMonth.objects.filter(unexcused_hours__gt=Value(hours))
            .order_by("month")
            .values_list("unexcused_hours", flat=True)
        )

    query = CompiledQuery(above, "hours")
    for hours in (0, 10, 12, 29, 30):
        assert list(query(hours=hours)) == list(above(hours)) == [h for h in (5, 12, 30) if h > hours]


@pytest.mark.django_db
def test_a_list_used_twice_and_beside_other_values_fills_each_of_its_places():
    from django.db.models import Q

    from opora.cases.models import Case
    from opora.cases.tests.factories import CaseFactory
    from opora.core.orm import CompiledQuery

    cases = [CaseFactory(state="active") for _ in range(5)]
    leads = [c.lead_id for c in cases]

    def build(ids, lead, others):
        return (
            Case.objects.filter(Q(pk__in=ids) | Q(lead_id=lead) | Q(lead_id__in=others))
            .exclude(pk__in=others)
            .order_by("pk")
        )

    query = CompiledQuery(build, "lead", lists={"ids": 2, "others": 3})
    for ids, lead, others in (
        ([cases[0].pk, cases[1].pk], leads[2], [leads[3], cases[4].pk, -1]),
        ([cases[4].pk, cases[4].pk], leads[0], [cases[0].pk, leads[1], leads[1]]),
    ):
        assert query(ids=ids, lead=lead, others=others) == list(build(ids, lead, others))
    runs = [run[0] for run in connection_runs(query)]
    assert runs.count("others") == 2 and runs.count("ids") == 1  # "others" has two places


def connection_runs(query):
    from django.db import connections

    return connections["default"].__dict__["_opora_compiled_queries"][query._key]["runs"]


@pytest.mark.django_db
def test_a_compiled_insert_stores_what_create_stores():
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from opora.audit.models import AuditEvent
    from opora.audit.services import _INSERT
    from opora.core.testing.factories import MembershipFactory

    member = MembershipFactory()
    moment = datetime.datetime(2026, 3, 29, 1, 30, 15, 123456, tzinfo=datetime.UTC)
    cases = [
        {
            "actor_id": member.user_id,
            "organisation_id": member.organisation_id,
            "ip_address": "2001:db8::1",
            "data": {"section": "plan", "n": [1, 2.5, None], "jméno": 'Šťastná "<x>"'},
            "case_id": 2**40,
        },
        {"actor_id": None, "organisation_id": None, "ip_address": None, "data": {}, "case_id": None},
    ]
    for extra in cases:
        values = {
            "at": moment,
            "action": "cases.view",
            "actor_email": "a@b.cz",
            "role": "case_manager",
            "object_type": "cases.case",
            "object_id": "17",
            **extra,
        }
        with CaptureQueriesContext(connection) as queries:
            made = _INSERT(**values)
        assert len(queries) == 1 and queries[0]["sql"].startswith("INSERT")
        expected = AuditEvent.objects.create(**values)
        assert made.pk and made.pk != expected.pk and not made._state.adding
        stored, created = AuditEvent.objects.get(pk=made.pk), AuditEvent.objects.get(pk=expected.pk)
        assert _fields(stored) | {"id": 0} == _fields(created) | {"id": 0}
        assert _fields(made) | {"id": 0} == _fields(stored) | {"id": 0}
    with pytest.raises(TypeError, match="the values are"):
        _INSERT(action="x")


@pytest.mark.django_db
def test_queries_run_together_give_what_each_gives_alone_in_one_round_trip_on_postgresql(monkeypatch):
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from opora.cases.models import Case, Task
    from opora.cases.tests.factories import CaseFactory, TaskFactory
    from opora.core.orm import CompiledQuery, run_together

    day = datetime.date(2026, 3, 30)
    cases = [CaseFactory(state="active") for _ in range(3)]
    for i, case in enumerate(cases):
        for j in range(i + 1):
            TaskFactory(case=case, due_date=day + datetime.timedelta(days=j))
    tasks = CompiledQuery(
        lambda case, due: Task.objects.filter(case_id=case, due_date__lte=due).select_related("case").order_by("pk"),
        "case",
        dates=("due",),
    )
    numbers = CompiledQuery(
        lambda ids: Case.objects.filter(pk__in=ids).values_list("number", flat=True), lists={"ids": 2}
    )
    nothing = CompiledQuery(lambda case: Task.objects.none(), "case")
    wanted = [
        (tasks, {"case": cases[2].pk, "due": day + datetime.timedelta(days=1)}),
        (numbers, {"ids": [cases[0].pk, cases[1].pk]}),
        (nothing, {"case": cases[0].pk}),
        (tasks, {"case": cases[1].pk, "due": day}),
    ]
    alone = [query(**values) for query, values in wanted]
    pipelines = []
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        opened = type(connection.connection).pipeline
        monkeypatch.setattr(type(connection.connection), "pipeline", lambda self: pipelines.append(1) or opened(self))
    calls = [query.call(**values) for query, values in wanted]
    with CaptureQueriesContext(connection) as queries:
        run_together([*calls, None])
        together = [call.rows() for call in calls]  # read, not run again
    assert len(queries) == 3  # the query that matches nothing has no SQL
    assert pipelines == ([1] if connection.vendor == "postgresql" else [])
    assert [[_fields(t) for t in rows] if rows and hasattr(rows[0], "_state") else rows for rows in together] == [
        [_fields(t) for t in rows] if rows and hasattr(rows[0], "_state") else rows for rows in alone
    ]
    assert [len(rows) for rows in together] == [2, 2, 0, 1]
    assert together[0][0].case.number == cases[2].number  # select_related objects made as alone
    # A call already read is not sent again.
    with CaptureQueriesContext(connection) as queries:
        run_together(calls)
    assert len(queries) == 0


@pytest.mark.django_db
def test_a_failing_query_among_those_run_together_raises_and_the_connection_goes_on():
    from django.db import DatabaseError, connection, transaction

    from opora.cases.models import Case
    from opora.cases.tests.factories import CaseFactory
    from opora.core.orm import CompiledQuery, run_together

    case = CaseFactory()
    good = CompiledQuery(lambda case: Case.objects.filter(pk=case).values_list("number", flat=True), "case")
    bad = good.call(case=case.pk)
    bad.compiled = {**bad.compiled, "sql": "SELECT no_such_column FROM cases_case WHERE id = %s"}
    with pytest.raises(DatabaseError), transaction.atomic():
        run_together([good.call(case=case.pk), bad])
    assert good(case=case.pk) == [case.number]
    assert connection.is_usable()


@pytest.mark.django_db
def test_a_prefetched_call_answers_the_first_equal_call_in_its_block_only():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from opora.cases.models import Case
    from opora.cases.tests.factories import CaseFactory
    from opora.core.orm import CompiledQuery, prefetched

    first, second = CaseFactory(), CaseFactory()
    number = CompiledQuery(lambda case: Case.objects.filter(pk=case).values_list("number", flat=True), "case")
    with CaptureQueriesContext(connection) as queries, prefetched([number.call(case=first.pk), None]):
        ran = len(queries)
        assert number(case=first.pk) == [first.number]  # the prefetched rows
        assert len(queries) == ran == 1
        assert number(case=first.pk) == [first.number]  # asked again: run again, rows of its own
        assert number(case=second.pk) == [second.number]  # other values: run
        assert len(queries) == 3
    with CaptureQueriesContext(connection) as queries:
        assert number(case=first.pk) == [first.number]
    assert len(queries) == 1  # after the block, nothing is kept
