"""Django's hot paths computed more cheaply, with exactly the same results.

1. A cheaper identity for Django's column expressions (same value, computed directly).

Django hashes every selected column of a query that has an ORDER BY (``SQLCompiler._order_by_pairs``
maps each selected expression to its position). The hash of a column is its ``identity``, which
the generic ``Expression.identity`` derives by binding the constructor's arguments to its
signature with ``inspect`` — about 10 µs a column. A page with a few select_related or prefetched
querysets selects several hundred columns: milliseconds of CPU per request. Django's ticket
#34631 proposed the same shortcut. The value is exactly the generic one (checked by
``opora/core/tests/test_orm.py`` for every column of every model); anything but a plain ``Col``
built with positional arguments keeps the generic computation.

2. ``get_FOO_display()`` of a field with choices. Django's generated method rebuilds a dict of
every choice on each call, hashing every lazy label (a translation each): on a page of
participants, tasks or rows that is hundreds of translations for a few labels. The shortcut
builds the dict once per field (labels stay lazy, so each call still answers in the active
language). Fields whose choices are computed by a callable keep Django's method. Checked by
``opora/core/tests/test_orm.py`` for every choice of every model, in both languages.

3. ``CompiledQuery``: the SQL of a query of fixed shape built once per connection (below).
"""

import contextlib
import contextvars
import datetime
import functools
import operator
from functools import partialmethod

from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import CharField, Model
from django.db.models.base import ModelState
from django.db.models.expressions import Col, Expression
from django.db.models.lookups import Contains, IContains, PatternLookup
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    NamedValuesListIterable,
    ValuesIterable,
    ValuesListIterable,
    get_related_populators,
)
from django.db.models.signals import post_init, pre_init
from django.db.models.utils import create_namedtuple_class
from django.utils.encoding import force_str
from django.utils.functional import cached_property
from django.utils.hashable import make_hashable

_generic_identity = Expression.__dict__["identity"].func


def _col_identity(self):
    args, kwargs = self._constructor_args
    if type(self) is not Col or kwargs or not 2 <= len(args) <= 3:
        return _generic_identity(self)
    identity = self._identity
    output_field = args[2] if len(args) == 3 else None
    return (
        Col,
        ("alias", identity(args[0])),
        ("target", identity(args[1])),
        ("output_field", identity(output_field)),
    )


def _fast_display(field):
    labels = {}

    def get_display(self):
        if not labels:
            labels.update(make_hashable(field.flatchoices))
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)

    get_display.opora_fast_display = True
    return get_display


def _install_fast_displays() -> None:
    from django.apps import apps
    from django.utils.choices import CallableChoiceIterator

    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            choices = getattr(field, "choices", None)
            if not choices or isinstance(choices, CallableChoiceIterator) or not hasattr(field, "attname"):
                continue
            name = f"get_{field.name}_display"
            # Only Django's generated method: a model's own get_FOO_display stays as it is.
            if isinstance(model.__dict__.get(name), partialmethod):
                setattr(model, name, _fast_display(field))


class _WholePattern:
    """A pattern lookup given its whole LIKE pattern (``like_contains``) instead of the text
    inside it: the SQL of Django's own lookup (its operator, its casts, UPPER for icontains: the
    same indexes serve it), and the pattern one parameter, so that a compiled query can take a
    search's words as values. Registered as ``contains_pattern`` and ``icontains_pattern``."""

    def process_rhs(self, qn, connection):
        # The value as it is: not escaped and wrapped in % again as PatternLookup does.
        return super(PatternLookup, self).process_rhs(qn, connection)


class ContainsPattern(_WholePattern, Contains):
    pass


class IContainsPattern(_WholePattern, IContains):
    pass


def like_contains(text: str, using: str = DEFAULT_DB_ALIAS) -> str:
    """The LIKE pattern Django's ``contains`` / ``icontains`` make of `text` (its wildcards and
    escape character escaped), for ``field__contains_pattern`` / ``field__icontains_pattern``."""
    return f"%{connections[using].ops.prep_for_like_query(text)}%"


def install() -> None:
    """Called once from CoreConfig.ready()."""
    if "identity" not in Col.__dict__:
        prop = cached_property(_col_identity)
        prop.__set_name__(Col, "identity")
        Col.identity = prop
    _install_fast_displays()
    # Under their own names; the classes keep Django's lookup_name, which picks the SQL.
    CharField.register_lookup(ContainsPattern, "contains_pattern")
    CharField.register_lookup(IContainsPattern, "icontains_pattern")


def union_subquery(*querysets):
    """``pk__in=union_subquery(a, b)``: the ids of either queryset, as one SQL subquery
    ``(a UNION b)``, each part compiled by Django once (values are parameters).

    An OR of two conditions (``lead = me OR id IN (my teams)``) keeps the database from using
    the index of either: it scans the organisation's cases for every query that embeds it. Each
    part of a UNION uses its own index. Querysets that can match nothing are left out; when none
    is left, the result is an empty list (which matches no row)."""
    from django.core.exceptions import EmptyResultSet
    from django.db.models.expressions import RawSQL

    parts, params = [], []
    for queryset in querysets:
        try:
            sql, part_params = queryset.order_by().query.sql_with_params()
        except EmptyResultSet:  # .none(), or `__in` an empty list
            continue
        parts.append(sql)
        params.extend(part_params)
    if not parts:
        return []
    return RawSQL(" UNION ".join(parts), params)  # noqa: S611 - Django's own SQL, values as parameters


_NOTHING = object()  # a compiled query that matches nothing whatever its values
# Compiled queries kept per database connection (each holds Django's compiler of its query, up to
# ≈ 80 KB for the case page's): when more are needed, the connection's are dropped and compiled
# again as they are used.
COMPILED_KEPT = 128


def _as_dict(names, row):
    return {name: row[i] for i, name in enumerate(names)}


def _made_as_django_makes(model) -> bool:
    """Whether an instance of `model` read from the database is only its values and its state:
    Django's own constructor and ``from_db`` (no model of Opora changes them)."""
    return model.__init__ is Model.__init__ and model.from_db.__func__ is Model.from_db.__func__


def _instance(model, using, names, values):
    """``model.from_db(using, names, values)`` without the constructor: the values the
    constructor would set (every field's descriptor stores a new instance's value as is), its
    state, and no ``pre_init``/``post_init`` signals (called only when none is connected). A
    list page made 130 instances at 5 µs each through the constructor."""
    obj = object.__new__(model)
    state = ModelState()
    state.adding = False
    state.db = using
    attributes = obj.__dict__
    attributes["_state"] = state
    attributes.update(zip(names, values, strict=True))
    return obj


class _Related:
    """Django's ``RelatedPopulator`` (the objects of ``select_related``) making its instances
    with ``_instance``."""

    def __init__(self, populator):
        self.start, self.end, self.reorder = populator.cols_start, populator.cols_end, populator.reorder_for_init
        self.model, self.names, self.pk_idx = populator.model_cls, populator.init_list, populator.pk_idx
        self.db, self.local_setter, self.remote_setter = populator.db, populator.local_setter, populator.remote_setter
        self.children = [_Related(child) for child in populator.related_populators]
        self.simple = _made_as_django_makes(self.model) and all(child.simple for child in self.children)

    def populate(self, row, from_obj):
        values = self.reorder(row) if self.reorder else row[self.start : self.end]
        if values[self.pk_idx] is None:
            obj = None
        else:
            obj = _instance(self.model, self.db, self.names, values)
            for child in self.children:
                child.populate(row, obj)
        self.local_setter(from_obj, obj)
        if obj is not None:
            self.remote_setter(obj, from_obj)


class CompiledQuery:
    """A query of fixed shape whose SQL Django builds once per database connection and then runs
    with new values: for the queries every request makes (the membership middleware's took 2.2 ms
    of CPU to build and compile, for 0.3 ms of execution).

    ``build(**values)`` returns the queryset. Its values are integers (ids), and dates, aware
    date-times, texts and lists of ids of a fixed length for the names given in ``dates``,
    ``datetimes``, ``strings`` and ``lists``; ``optional`` names values it may not use. It must
    give the same SQL whatever the values (no branch on them) and use each value as a parameter
    as it is (``today - 21 days`` is a value of its own; a text is compared whole, not inside a
    pattern). It is built with two sets of sentinel values, and refused unless both give the
    same SQL, each value is found among the parameters, and every other parameter is the same in
    both (a parameter derived from a value would differ). The rows are what Django's own
    iterables make: model instances (select_related objects, annotations and the database's
    converters included), or the rows of ``.values()`` and ``.values_list()``."""

    def __init__(
        self,
        build,
        *names: str,
        dates: tuple[str, ...] = (),
        datetimes: tuple[str, ...] = (),
        strings: tuple[str, ...] = (),
        optional: tuple[str, ...] = (),
        lists: dict[str, int] | None = None,
        plan_once: bool = False,
    ):
        self.build = build
        # A lookup by a key whose best plan does not depend on the values: prepared, planned once
        # per connection where the backend can (opora/core/postgresql_backend). Not for a list's
        # query, whose best plan depends on the organisation.
        self.plan_once = plan_once
        # Lists of integers (``case_id__in=ids``), each of a fixed length: pad a shorter list by
        # repeating an element (``IN`` is the same) and compile one query per length.
        self.lengths = dict(lists or {})
        # Values the query may not use (what a policy function may or may not decide by: a
        # membership built of the values, ``access.cases_for(stand_in)``); a value it uses is
        # a parameter all the same.
        self.optional = frozenset(optional)
        self.kinds = {
            **dict.fromkeys(names, int),
            **dict.fromkeys(dates, datetime.date),
            **dict.fromkeys(datetimes, datetime.datetime),
            **dict.fromkeys(strings, str),
            **dict.fromkeys(self.lengths, list),
        }
        self.names = tuple(self.kinds)
        self._key = object()

    def _sentinels(self, salt: int) -> dict:
        # Integers: negative, far from any id or constant of a query, and within a 32-bit column's
        # range (Django turns a comparison with a value out of it into "no rows" without SQL).
        # Dates and times: in the eleventh century. Texts: no one's.
        values = {}
        for i, (name, kind) in enumerate(self.kinds.items()):
            base = -2_000_000_000 - 100_000 * salt - 1000 * i
            if kind is int:
                values[name] = base
            elif kind is list:
                values[name] = [base - 1 - j for j in range(self.lengths[name])]
            elif kind is datetime.date:
                values[name] = datetime.date(1000 + 10 * salt + i, 1, 1)
            elif kind is datetime.datetime:
                values[name] = datetime.datetime(1000 + 10 * salt + i, 1, 1, tzinfo=datetime.UTC)
            else:
                values[name] = f"opora-compiled-query-sentinel-{salt}-{i}"
        return values

    @staticmethod
    def _adapt(connection, kind, value):
        """A value as Django's fields hand it to the database driver."""
        if kind is datetime.date:
            return connection.ops.adapt_datefield_value(value)
        if kind is datetime.datetime:
            return connection.ops.adapt_datetimefield_value(value)
        return value

    def _slots(self, connection, sentinels, params) -> list:
        """For each parameter, the value it is (name, form) or None for a constant."""
        forms = {}
        for name, value in sentinels.items():
            if self.kinds[name] is list:
                for index, item in enumerate(value):
                    forms[(int, item)] = (name, index)
                continue
            forms[(type(value), value)] = (name, "raw")
            adapted = self._adapt(connection, self.kinds[name], value)
            forms.setdefault((type(adapted), adapted), (name, "adapted"))

        def slot(p):
            if not isinstance(p, int | str | datetime.date) or isinstance(p, bool):
                return None
            found = forms.get((type(p), p))
            if found is None and isinstance(p, int) and type(p) is not int:
                # A driver's typed integer: psycopg's Int4 of a Value(). Bound as a plain int.
                found = forms.get((int, int(p)))
            return found

        return [slot(p) for p in params]

    def _compile(self, connection):
        shapes = []
        for salt in (1, 2):
            sentinels = self._sentinels(salt)
            queryset = self.build(**sentinels)
            compiler = queryset.query.get_compiler(connection=connection)
            try:
                sql, params = compiler.as_sql()
            except EmptyResultSet:  # .none(): no rows whatever the values, if for both
                sql, params = None, []
            if sql is None:
                shapes.append((None, [], [], (None, None)))
                continue
            shapes.append((sql, self._slots(connection, sentinels, params), list(params), (compiler, queryset)))
        (sql, slots, params, (compiler, queryset)), (sql_2, slots_2, params_2, _) = shapes
        if sql is None and sql_2 is None:
            return _NOTHING
        constants_agree = len(params) == len(params_2) and all(
            slot is not None or p == p_2 for slot, p, p_2 in zip(slots, params, params_2, strict=True)
        )
        found = {slot[0] for slot in slots if slot}
        items = {(slot[0], slot[1]) for slot in slots if slot and self.kinds[slot[0]] is list}
        every_item = all(
            (name, j) in items for name in self.lengths if name in found for j in range(self.lengths[name])
        )
        if (
            sql != sql_2
            or slots != slots_2
            or not constants_agree
            or not every_item
            or set(self.names) - self.optional - found
        ):
            raise ImproperlyConfigured(
                "CompiledQuery: the query's shape depends on its values, or a value is not one of its parameters"
            )
        fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
        if compiler.has_composite_fields(fields):
            raise ImproperlyConfigured("CompiledQuery: composite fields are not read here")
        if self.plan_once:
            _plan_once(connection, sql)
        compiled = {
            "sql": sql,
            "params": [None if slot else p for slot, p in zip(slots, params, strict=True)],
            "scalars": [(i, slot) for i, slot in enumerate(slots) if slot and self.kinds[slot[0]] is not list],
            "runs": self._runs(slots),
            "compiler": compiler,
            # The database's and the fields' converters of each column, worked out once (Django
            # asks the backend about every column of every query it runs).
            "converters": compiler.get_converters(fields),
        }
        klass_info, select, query = compiler.klass_info, compiler.select, compiler.query
        iterable = queryset._iterable_class
        if iterable is not ModelIterable:  # rows as Django's .values() / .values_list() give them
            names = list(query.selected or [*query.extra_select, *query.values_select, *query.annotation_select])
            if iterable is ValuesIterable:
                row = functools.partial(_as_dict, names)
            elif iterable is NamedValuesListIterable:
                row = create_namedtuple_class(*(queryset._fields or names))._make
            elif iterable is ValuesListIterable:
                row = tuple
            elif iterable is FlatValuesListIterable:
                row = operator.itemgetter(0)
            else:
                raise ImproperlyConfigured(f"CompiledQuery: rows of {iterable.__name__} are not made here")
            return {**compiled, "row": row}
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        populators = get_related_populators(klass_info, select, connection.alias)
        related = [_Related(populator) for populator in populators]
        return {
            **compiled,
            "row": None,
            "model": klass_info["model"],
            "fields": (start, end, [f[0].target.attname for f in select[start:end]]),
            "populators": populators,
            # Instances made without the constructor when every model of the rows allows it.
            "related": related
            if _made_as_django_makes(klass_info["model"]) and all(r.simple for r in related)
            else None,
            "annotations": list(compiler.annotation_col_map.items()),
        }

    def _runs(self, slots) -> list:
        """Where the lists' elements go: (name, first parameter, first element, how many) for
        each run of consecutive parameters taking consecutive elements (``IN (%s, %s, …)``),
        so that a call copies slices rather than binding a parameter at a time."""
        runs = []
        for position, slot in enumerate(slots):
            if not slot or self.kinds[slot[0]] is not list:
                continue
            name, index = slot
            if (
                runs
                and runs[-1][0] == name
                and runs[-1][1] + runs[-1][3] == position
                and runs[-1][2] + runs[-1][3] == index
            ):
                runs[-1][3] += 1
            else:
                runs.append([name, position, index, 1])
        return [tuple(run) for run in runs]

    def _bind(self, connection, slot, values):
        name, form = slot
        value, kind = values[name], self.kinds[name]
        if type(value) is not kind or (kind is datetime.datetime and value.tzinfo is None):
            raise TypeError(f"CompiledQuery: {name} must be {'an aware ' if kind is datetime.datetime else ''}{kind}")
        return self._adapt(connection, kind, value) if form == "adapted" else value

    def __call__(self, using: str = DEFAULT_DB_ALIAS, **values) -> list:
        return self.call(using, **values).rows()

    def call(self, using: str = DEFAULT_DB_ALIAS, **values) -> "Call":
        """The query bound to `values`, not run yet: ``call.rows()`` runs it, and
        ``run_together(calls)`` runs several in one round trip to the database."""
        connection = connections[using]
        compiled = _compiled(connection, self._key, self._compile)
        if set(values) != set(self.names):
            raise TypeError(f"CompiledQuery: the values are {sorted(self.names)}")
        if compiled is _NOTHING:
            return Call(self, using, None, None)
        for name, length in self.lengths.items():
            value = values[name]
            if type(value) is not list or len(value) != length or not set(map(type, value)) <= {int}:
                raise TypeError(f"CompiledQuery: {name} must be a list of {length} integers")
        params = list(compiled["params"])
        for position, slot in compiled["scalars"]:
            params[position] = self._bind(connection, slot, values)
        for name, position, index, length in compiled["runs"]:
            params[position : position + length] = values[name][index : index + length]
        ready = _PREFETCHED.get()
        if ready:  # run already by ``prefetched``: its rows, once
            found = ready.pop(_prefetch_key(self._key, using, params), None)
            if found is not None:
                return found
        return Call(self, using, compiled, params)

    @staticmethod
    def _make(compiled, using, rows) -> list:
        """The rows of the query as Django's iterables make them."""
        if compiled["converters"]:
            rows = compiled["compiler"].apply_converters(rows, compiled["converters"])
        if compiled["row"] is not None:
            make = compiled["row"]
            return [make(tuple(row)) for row in rows]
        start, end, init_list = compiled["fields"]
        found = []
        related = compiled["related"]
        if related is not None and not pre_init.receivers and not post_init.receivers:
            model, annotations = compiled["model"], compiled["annotations"]
            for row in rows:
                obj = _instance(model, using, init_list, row[start:end])
                for populator in related:
                    populator.populate(row, obj)
                for name, position in annotations:
                    setattr(obj, name, row[position])
                found.append(obj)
            return found
        for row in rows:
            obj = compiled["model"].from_db(using, init_list, row[start:end])
            for populator in compiled["populators"]:
                populator.populate(row, obj)
            for name, position in compiled["annotations"]:
                setattr(obj, name, row[position])
            found.append(obj)
        return found


def _plan_once(connection, sql: str) -> None:
    """Ask the backend to prepare `sql` (PostgreSQL, ``opora.core.postgresql_backend``); other
    backends plan every statement as they always do."""
    plan_once = getattr(connection, "plan_once", None)
    if plan_once is not None:
        plan_once(sql)


def _compiled(connection, key, compile_):
    """The statement of `key` compiled for `connection`, kept in the connection's cache."""
    cache = connection.__dict__.setdefault("_opora_compiled_queries", {})
    compiled = cache.get(key)
    if compiled is None:
        if len(cache) >= COMPILED_KEPT:  # a bound on a worker's memory, whatever it serves
            cache.clear()
        compiled = cache[key] = compile_(connection)
    return compiled


class Call:
    """A compiled query bound to its values (``CompiledQuery.call``): ``rows()`` runs it once
    and keeps its rows."""

    __slots__ = ("query", "using", "compiled", "params", "_rows")

    def __init__(self, query, using, compiled, params):
        self.query, self.using, self.compiled, self.params = query, using, compiled, params
        self._rows = [] if compiled is None else None  # a query that matches nothing has no SQL

    @property
    def done(self) -> bool:
        return self._rows is not None

    def rows(self) -> list:
        if self._rows is None:
            with connections[self.using].cursor() as cursor:
                cursor.execute(self.compiled["sql"], self.params)
                self._received(cursor.fetchall())
        return self._rows

    def _received(self, rows) -> None:
        self._rows = CompiledQuery._make(self.compiled, self.using, rows)


def run_together(calls) -> None:
    """Runs the queries of `calls` (``Call`` s, None ignored) together: on PostgreSQL in one
    round trip (psycopg's pipeline mode: every query is sent before the first result is read),
    elsewhere one after the other. Each call keeps its rows, which ``call.rows()`` then returns.

    A page of many small independent queries (My day's rules and panels) otherwise waits for the
    database once per query: on a 2-core machine a round trip costs 0.3–0.8 ms besides the query."""
    pending = list({id(call): call for call in calls if call is not None and not call.done}.values())
    by_database: dict[str, list[Call]] = {}
    for call in pending:
        by_database.setdefault(call.using, []).append(call)
    for using, group in by_database.items():
        connection = connections[using]
        if len(group) < 2 or not _can_pipeline(connection):
            for call in group:
                call.rows()
            continue
        for call, rows in zip(group, _pipelined(connection, group), strict=True):
            call._received(rows)


def _pipelined(connection, group) -> list:
    """The database's rows of each call's query, all sent in one pipeline before any is read."""
    connection.ensure_connection()
    with connection.connection.pipeline():
        cursors = []
        try:
            for call in group:
                cursor = connection.cursor()
                cursors.append(cursor)
                cursor.execute(call.compiled["sql"], call.params)  # queued, not waited for
            return [cursor.fetchall() for cursor in cursors]
        finally:
            for cursor in cursors:
                cursor.close()


# The calls ``prefetched`` ran, by query, database and parameters, until each is asked for.
_PREFETCHED: contextvars.ContextVar = contextvars.ContextVar("opora_prefetched", default=None)


def _prefetch_key(key, using, params):
    found = (key, using, *params)
    try:
        hash(found)
    except TypeError:  # a parameter that is no key (none of Opora's compiled queries has one)
        return None
    return found


@contextlib.contextmanager
def prefetched(calls):
    """Runs `calls` together (``run_together``); within the block, the first ``call()`` of the
    same compiled query with the same values gets that call, its rows read already. A page made
    of parts that each read their own rows (the overview's panels) then waits for the database
    once for all of them, while each part's code stays as it is. A call not asked for within the
    block is dropped (the part decided otherwise); one asked for twice is run again the second
    time, so that no two readers share rows."""
    calls = [call for call in calls if call is not None]
    run_together(calls)
    ready = dict(_PREFETCHED.get() or {})
    ready.update(
        (_prefetch_key(call.query._key, call.using, call.params), call) for call in calls if call.params is not None
    )
    token = _PREFETCHED.set(ready)
    try:
        yield
    finally:
        _PREFETCHED.reset(token)


def _can_pipeline(connection) -> bool:
    if connection.vendor != "postgresql":
        return False
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    if not is_psycopg3:
        return False
    import psycopg

    return psycopg.Pipeline.is_supported()


class CompiledInsert:
    """``model.objects.create(**values)`` for a model without save() logic of its own that the
    insert needs (no field computed by ``pre_save``, no signal receivers that matter): the SQL of
    the INSERT built by Django once per database connection, then run with each call's values
    prepared by their fields exactly as Django's insert compiler prepares them
    (``get_db_prep_save``). The audit record is written on every case read: building the
    instance, the save machinery and the INSERT's SQL was a tenth of the case page's CPU.

    `names` are the columns given to every call by their attribute names (``actor_id`` for a
    foreign key; no default is applied here). The row's primary key is read back as Django reads
    it; the call returns the instance."""

    def __init__(self, model, names: tuple[str, ...], *, plan_once: bool = False):
        self.model, self.names = model, tuple(names)
        self.plan_once = plan_once  # as CompiledQuery's
        self._key = object()

    def _compile(self, connection):
        from django.db.models.sql import InsertQuery

        opts = self.model._meta
        fields = [opts.get_field(name) for name in self.names]
        if any(
            field.primary_key or not field.concrete or field.attname != name
            for field, name in zip(fields, self.names, strict=True)
        ):
            raise ImproperlyConfigured("CompiledInsert: columns by attribute name, without the primary key")
        query = InsertQuery(self.model)
        query.insert_values(fields, [self.model()])
        compiler = query.get_compiler(connection=connection)
        compiler.returning_fields = [opts.pk]
        ((sql, params),) = compiler.as_sql()
        if sql.count("%s") != len(fields) or len(params) != len(fields):  # a placeholder of its own
            raise ImproperlyConfigured("CompiledInsert: a field has a placeholder other than %s")
        returning = connection.features.can_return_columns_from_insert
        if self.plan_once:
            _plan_once(connection, sql)
        return {"sql": sql, "fields": fields, "returning": returning, "returning_params": compiler.returning_params}

    def __call__(self, using: str = DEFAULT_DB_ALIAS, **values):
        if set(values) != set(self.names):
            raise TypeError(f"CompiledInsert: the values are {sorted(self.names)}")
        connection = connections[using]
        compiled = _compiled(connection, self._key, self._compile)
        fields = compiled["fields"]
        params = [field.get_db_prep_save(values[field.attname], connection=connection) for field in fields]
        opts = self.model._meta
        with connection.cursor() as cursor:
            cursor.execute(compiled["sql"], params)
            if compiled["returning"]:
                (pk,) = connection.ops.fetch_returned_insert_columns(cursor, compiled["returning_params"])
            else:
                pk = connection.ops.last_insert_id(cursor, opts.db_table, opts.pk.column)
        names = [opts.pk.attname, *self.names]
        return _instance(self.model, using, names, [pk, *(values[name] for name in self.names)])
