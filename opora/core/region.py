"""Regional data for scale tests: what a region accumulates in a few years.

At the default size (100,000 cases) it writes 200 organisations of very different sizes
(a few large NGOs, a long tail of small ones and schools with their own social pedagogue),
3,000 schools, 100,000 students and cases, ~2,000,000 activities, ~500,000 tasks, ~5,000,000
audit records, families, referrals, case histories, meetings with participants and agendas,
and consents. Every other size scales the same proportions (``cases``).

PostgreSQL is filled with COPY (psycopg 3 ``cursor.copy()``), SQLite with executemany in large
batches. Rows are generated in Python, deterministically from ``seed``. Run it on an empty
database (after ``migrate``): ids are assigned here and the sequences reset at the end.

Used by ``manage.py generate_region`` and by ``scripts/bench_region.py``.
"""

from __future__ import annotations

import datetime
import itertools
import json
import random
import secrets
import time
import unicodedata
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

REGION_PASSWORD = "opora-region-2026"
REGION_DOMAIN = "region.example.cz"
# The known sign-ins, all in the largest organisation.
COORDINATOR_EMAIL = f"koordinatorka@{REGION_DOMAIN}"
CASE_MANAGER_EMAIL = f"case.manazerka@{REGION_DOMAIN}"
SCHOOL_STAFF_EMAIL = f"skola@{REGION_DOMAIN}"

# Proportions per 100,000 cases.
FULL = 100_000
ORGANISATIONS = 200
SCHOOLS = 3000
ACTIVITIES_PER_CASE = 20
TASKS_PER_CASE = 5
AUDIT_PER_CASE = 50
OPEN_CASES_PER_MANAGER = 27

# State of a case: most cases of a few years are closed.
STATE_WEIGHTS = {
    "closed": 78,
    "active": 9,
    "evaluation": 3,
    "referred": 2,
    "contacting": 2,
    "first_meeting": 2,
    "not_attending": 2,
    "back_to_school": 2,
}

BOYS = [
    "Jakub",
    "Jan",
    "Tomáš",
    "Matyáš",
    "Adam",
    "Filip",
    "Vojtěch",
    "Lukáš",
    "Ondřej",
    "Martin",
    "Dominik",
    "Šimon",
    "David",
    "Daniel",
    "Matěj",
    "Štěpán",
    "Petr",
    "Marek",
    "Antonín",
    "Václav",
    "Jiří",
    "Oliver",
    "Tadeáš",
    "Kryštof",
    "Michal",
    "Radek",
    "Josef",
]
GIRLS = [
    "Eliška",
    "Tereza",
    "Anna",
    "Adéla",
    "Natálie",
    "Sofie",
    "Karolína",
    "Kristýna",
    "Barbora",
    "Viktorie",
    "Klára",
    "Nela",
    "Veronika",
    "Lucie",
    "Julie",
    "Zuzana",
    "Markéta",
    "Aneta",
    "Kateřina",
    "Šárka",
    "Ema",
    "Žofie",
    "Lenka",
    "Denisa",
    "Bára",
    "Jitka",
]
# (male, female) surnames, the most common first (weighted 1/rank).
COMMON_SURNAMES = [
    tuple(pair.split("/"))
    for pair in [
        "Novák/Nováková",
        "Svoboda/Svobodová",
        "Novotný/Novotná",
        "Dvořák/Dvořáková",
        "Černý/Černá",
        "Procházka/Procházková",
        "Kučera/Kučerová",
        "Veselý/Veselá",
        "Horák/Horáková",
        "Němec/Němcová",
        "Marek/Marková",
        "Pospíšil/Pospíšilová",
        "Pokorný/Pokorná",
        "Hájek/Hájková",
        "Král/Králová",
        "Jelínek/Jelínková",
        "Růžička/Růžičková",
        "Beneš/Benešová",
        "Fiala/Fialová",
        "Sedláček/Sedláčková",
        "Doležal/Doležalová",
        "Zeman/Zemanová",
        "Kolář/Kolářová",
        "Navrátil/Navrátilová",
        "Čermák/Čermáková",
        "Vaněk/Vaňková",
        "Urban/Urbanová",
        "Blažek/Blažková",
        "Kříž/Křížová",
        "Kovář/Kovářová",
        "Bartoš/Bartošová",
        "Vlček/Vlčková",
        "Polák/Poláková",
        "Musil/Musilová",
        "Kopecký/Kopecká",
        "Šimek/Šimková",
        "Konečný/Konečná",
        "Malý/Malá",
        "Holub/Holubová",
        "Štěpánek/Štěpánková",
        "Kadlec/Kadlecová",
        "Šťastný/Šťastná",
        "Žák/Žáková",
        "Říha/Říhová",
    ]
]
# The long tail: root + ending, e.g. "Hájíč" + "ek" → Hájíček / Hájíčková.
ROOTS = [
    "Bárt",
    "Cíl",
    "Čech",
    "Ďurč",
    "Hájíč",
    "Hrub",
    "Jandeč",
    "Klím",
    "Kubíč",
    "Lišč",
    "Mráč",
    "Pešič",
    "Řezn",
    "Sýk",
    "Šmíd",
    "Tům",
    "Vávř",
    "Zbořil",
    "Žiž",
    "Brab",
    "Dlouh",
    "Frant",
    "Havl",
    "Jirouš",
    "Kratoch",
    "Lánsk",
    "Mach",
    "Nedbal",
    "Oplt",
    "Pích",
    "Rais",
    "Slaní",
    "Toman",
    "Uher",
    "Vít",
    "Zíd",
    "Bělohl",
    "Čáp",
    "Drahoš",
    "Fišer",
    "Gabri",
    "Hloub",
    "Ježk",
    "Kostk",
    "Lehk",
    "Mrkv",
    "Nosk",
    "Pták",
    "Rybn",
    "Skál",
    "Šebest",
    "Trnk",
    "Vojt",
    "Zelenk",
    "Adám",
    "Bílk",
    "Chalup",
    "Kosť",
    "Lukeš",
]
ENDINGS = [
    ("ák", "áková"),
    ("ek", "ková"),
    ("ík", "íková"),
    ("ský", "ská"),
    ("ný", "ná"),
    ("ec", "cová"),
    ("ka", "ková"),
    ("al", "alová"),
    ("ínek", "ínková"),
    ("an", "anová"),
]
TOWNS = [
    *[
        "Kladno",
        "Mělník",
        "Beroun",
        "Kolín",
        "Příbram",
        "Benešov",
        "Rakovník",
        "Nymburk",
        "Říčany",
        "Slaný",
        "Čáslav",
        "Poděbrady",
    ],
    *[
        "Neratovice",
        "Dobříš",
        "Vlašim",
        "Sedlčany",
        "Hořovice",
        "Milovice",
        "Úvaly",
        "Jesenice",
        "Černošice",
        "Čelákovice",
    ],
    *["Votice", "Žebrák", "Zdice", "Unhošť", "Velvary", "Sázava", "Řevnice"],
    "Kutná Hora",
    "Mladá Boleslav",
    "Brandýs nad Labem",
    "Kralupy nad Vltavou",
    "Mnichovo Hradiště",
    "Lysá nad Labem",
    "Bělá pod Bezdězem",
    "Roudnice nad Labem",
    "Týnec nad Sázavou",
    "Uhlířské Janovice",
]
ORG_PATTERNS = [
    "Cesta {town}, z. s.",
    "Rodinné centrum {town}, z. ú.",
    "Poradna pro rodinu {town}",
    "Spolek Křižovatka {town}",
    "Diakonie {town}",
    "Klub Úsměv {town}, z. s.",
]
SCHOOL_PATTERNS = [
    "Základní škola {town}, {street}",
    "ZŠ a MŠ {town}, {street}",
    "Gymnázium {town}",
    "Střední odborná škola {town}",
    "Střední odborné učiliště {town}",
    "Praktická škola {town}",
]
STREETS = [
    "Komenského",
    "Masarykova",
    "Husova",
    "Nerudova",
    "Palackého",
    "Jiráskova",
    "Školní",
    "Sokolská",
    "Za",
    "Parkem",
    "Lesní",
]
SCHOOL_KINDS = ["primary", "primary", "grammar", "secondary", "vocational", "special"]
ACTIVITY_NOTES = [
    "Schůzka se studentem ve škole, probrali jsme docházku a domácí přípravu.",
    "Telefonát s matkou, domluvena návštěva příští týden.",
    "Doprovod na úřad práce kvůli dávkám; vyřízeno.",
    "Návštěva v rodině, byt v pořádku, otec nebyl přítomen.",
    "E-mail třídní učitelce: zhoršené známky z matematiky.",
    "Konzultace s OSPOD o dalším postupu.",
    "Student nepřišel na domluvenou schůzku, zavoláno, omluven nemocí.",
    "Společné plánování cílů na další měsíc; student navrhl doučování.",
    "Doprovod k psycholožce, první sezení proběhlo.",
    "Materiální pomoc: pomůcky do školy a jízdenka.",
]
TASK_TITLES = [
    "Domluvit doučování z matematiky",
    "Zajistit kontakt na pedagogicko-psychologickou poradnu",
    "Podat žádost o příspěvek na školu v přírodě",
    "Ověřit docházku s třídní učitelkou",
    "Sjednat schůzku s OSPOD",
    "Připravit podklady pro případovou konferenci",
    "Doprovodit matku na úřad práce",
    "Vyhledat volnočasový kroužek",
    "Domluvit vyšetření u pediatra",
    "Zprostředkovat kontakt na SAS",
]
TASK_RESPONSIBLE = ["matka", "otec", "škola", "OSPOD", "student", "babička", "SAS"]
AUDIT_ACTIONS = [
    ("cases.view", 58),
    ("consents.case_view", 10),
    ("cases.activity_add", 10),
    ("meetings.view", 5),
    ("cases.task_update", 5),
    ("cases.update", 5),
    ("cases.transition", 2),
    ("cases.export", 1),
]
MEETING_PLACES = ["Škola, ředitelna", "Kancelář organizace", "Online (Teams)", "OSPOD, zasedací místnost"]
AGENDA = ["Úvod a pravidla", "Co se daří", "Co nás trápí", "Co potřebujeme", "Dohoda o úkolech", "Další setkání"]
CONSENT_PURPOSE = "Sdílení informací mezi školou, rodinou a organizací pro účely case managementu."


def _normalise(text: str) -> str:
    from opora.cases.models import normalise_name

    return normalise_name(text)


@dataclass
class Org:
    id: int
    slug: str
    n_cases: int
    schools: list = field(default_factory=list)
    managers: list = field(default_factory=list)  # (membership id, user id, email)
    coordinator: tuple = ()
    facilitator: tuple = ()
    school_staff: list = field(default_factory=list)


class _Sink:
    """Writes rows to one table: COPY on PostgreSQL, executemany in batches elsewhere."""

    def __init__(self, out):
        self.pg = connection.vendor == "postgresql"
        self.out = out
        self.counts: dict[str, int] = {}

    @staticmethod
    def _secondary_indexes(cursor, table):
        """(name, CREATE statement) of the table's indexes that back no constraint."""
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i"
            " WHERE i.tablename = %s AND i.schemaname = current_schema()"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.indexname))::regclass)",
            [table],
        )
        return cursor.fetchall()

    @staticmethod
    def _foreign_keys(cursor, table):
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE contype = 'f' AND conrelid = %s::regclass",
            [table],
        )
        return cursor.fetchall()

    def write(self, model, columns, rows, *, big=False):
        # Columns the generator does not name get their model default (a version starts at 1,
        # an invitation field of an accepted membership is empty…), so the generator keeps up
        # with new fields without naming each one.
        missing = [
            f
            for f in model._meta.concrete_fields
            if f.name not in columns and f.attname not in columns and not f.primary_key and not f.null
        ]
        if missing:
            defaults = tuple(f.get_default() for f in missing)
            columns = [*columns, *(f.name for f in missing)]
            rows = ((*row, *defaults) for row in rows)
        table = model._meta.db_table
        qtable = connection.ops.quote_name(table)
        fields = [model._meta.get_field(c) for c in columns]
        cols = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        started = time.perf_counter()
        n = 0
        with connection.cursor() as cursor:
            if self.pg:
                # The secondary indexes of a big table are built once after the COPY (a sort)
                # instead of being updated row by row: several times faster.
                # Likewise foreign keys: one validating join after the COPY instead of millions of
                # deferred per-row checks queued until COMMIT (what pg_restore does too).
                indexes = self._secondary_indexes(cursor, table) if big else []
                foreign_keys = self._foreign_keys(cursor, table) if big else []
                for name, _definition in indexes:
                    cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
                for name, _definition in foreign_keys:
                    cursor.execute(f"ALTER TABLE {qtable} DROP CONSTRAINT {connection.ops.quote_name(name)}")
                with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                        n += 1
                for _name, definition in indexes:
                    cursor.execute(definition)
                for name, definition in foreign_keys:
                    cursor.execute(
                        f"ALTER TABLE {qtable} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}"
                    )
            else:
                converters = [self._converter(f) for f in fields]
                marks = ", ".join(["%s"] * len(fields))
                sql = f"INSERT INTO {connection.ops.quote_name(table)} ({cols}) VALUES ({marks})"  # noqa: S608 (model metadata only)
                batch = []
                for row in rows:
                    batch.append([c(v) if c and v is not None else v for c, v in zip(converters, row, strict=True)])
                    if len(batch) >= 20_000:
                        cursor.executemany(sql, batch)
                        n += len(batch)
                        batch = []
                if batch:
                    cursor.executemany(sql, batch)
                    n += len(batch)
        self.counts[table] = self.counts.get(table, 0) + n
        if self.out:
            self.out(f"  {table:<28} {n:>10,} rows  {time.perf_counter() - started:6.1f} s")

    @staticmethod
    def _converter(f):
        kind = f.get_internal_type()
        if kind == "DateTimeField":
            return connection.ops.adapt_datetimefield_value
        if kind == "DateField":
            return connection.ops.adapt_datefield_value
        return None


def _phone(rng) -> str:
    return f"+420 6{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}"


def _next_id(model):
    from django.db.models import Max

    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def _zipf_split(total: int, parts: int, exponent: float, minimum: int = 1) -> list[int]:
    weights = [1 / (i + 1) ** exponent for i in range(parts)]
    s = sum(weights)
    sizes = [max(minimum, round(total * w / s)) for w in weights]
    # Correct rounding on the largest part so the sum is exact.
    sizes[0] += total - sum(sizes)
    return sizes


def generate(*, cases: int = FULL, organisations: int | None = None, seed: int = 15, out=None) -> dict:
    """Write the regional data; returns a summary (counts, seconds, the known sign-ins)."""
    from opora.accounts.models import Membership, Organisation, User
    from opora.audit.models import AuditEvent
    from opora.cases.models import (
        Activity,
        Case,
        CaseEvent,
        ClosePerson,
        Referral,
        Student,
        Task,
        refresh_open_task_due,
    )
    from opora.consents.models import Consent
    from opora.meetings.models import AgendaItem, Meeting, Participant
    from opora.outcomes.models import AttendanceMonth, LatestAttendance
    from opora.schools.models import School

    started = time.perf_counter()
    rng = random.Random(seed)
    say = out or (lambda s: None)
    sink = _Sink(out)
    scale = cases / FULL
    n_orgs = organisations or max(2, min(ORGANISATIONS, round(ORGANISATIONS * scale)))
    n_orgs = min(n_orgs, cases)
    n_schools = max(n_orgs, round(SCHOOLS * scale))
    today = timezone.localdate()
    utc = datetime.UTC

    def at(day, minutes=None):
        m = rng.randrange(8 * 60, 17 * 60) if minutes is None else minutes
        return datetime.datetime(day.year, day.month, day.day, m // 60, m % 60, tzinfo=utc)

    now = timezone.now()
    case_sizes = _zipf_split(cases, n_orgs, 0.7)
    school_sizes = _zipf_split(n_schools, n_orgs, 0.35)
    ids = {m: _next_id(m) for m in (Organisation, User, Membership, School, Student, Case, Meeting)}
    ids.update({m: _next_id(m) for m in (Task, Activity, ClosePerson, Referral, CaseEvent, Participant)})
    ids.update({m: _next_id(m) for m in (AgendaItem, Consent, AuditEvent, AttendanceMonth)})

    def take(model, n=1):
        first = ids[model]
        ids[model] += n
        return first

    say(f"Generating {cases:,} cases in {n_orgs} organisations on {connection.vendor} …")
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Check foreign keys at the end of each statement, not all at COMMIT: nothing stays
            # pending, so the big tables' keys can be dropped and re-added around their COPY.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        # --- organisations, schools, people ---------------------------------------------
        orgs: list[Org] = []
        org_rows, school_rows = [], []
        for i in range(n_orgs):
            town = TOWNS[i % len(TOWNS)]
            org = Org(id=take(Organisation), slug=f"region-{i + 1:03d}", n_cases=case_sizes[i])
            name = ORG_PATTERNS[i % len(ORG_PATTERNS)].format(town=town)
            if i >= len(TOWNS):
                name = f"{name} ({i // len(TOWNS) + 1})"
            kind = "school" if i % 10 == 9 else "ngo"
            org_rows.append((org.id, name, kind, org.slug, 5, now))
            for k in range(school_sizes[i]):
                sid = take(School)
                stown = TOWNS[(i + k) % len(TOWNS)]
                sname = SCHOOL_PATTERNS[k % len(SCHOOL_PATTERNS)].format(town=stown, street=STREETS[k % len(STREETS)])
                if k >= len(SCHOOL_PATTERNS):
                    sname = f"{sname} {k // len(SCHOOL_PATTERNS) + 1}"
                stage = "active" if k % 3 else rng.choice(["mapping", "offer_sent", "interested", "contract_signed"])
                school_rows.append(
                    (sid, org.id, sname, f"{STREETS[k % len(STREETS)]} {k + 1}, {stown}", "", "",
                     SCHOOL_KINDS[k % len(SCHOOL_KINDS)], stage, None, None, 90, "", "", None, None, None, now)
                )  # fmt: skip
                org.schools.append(sid)
            orgs.append(org)
        sink.write(Organisation, ["id", "name", "kind", "slug", "retention_years", "created_at"], org_rows)
        sink.write(
            School,
            ["id", "organisation_id", "name", "address", "red_izo", "ico", "kind", "stage", "stage_changed_at",
             "next_follow_up", "evaluation_cadence_days", "contract_file", "contract_file_name", "contract_signed_on",
             "contract_valid_from", "contract_valid_until", "created_at"],
            school_rows,
        )  # fmt: skip

        password = make_password(REGION_PASSWORD)
        user_rows, member_rows = [], []

        def person(org, role, email, full_name, school=None, job=""):
            uid, mid = take(User), take(Membership)
            user_rows.append(
                (uid, password, None, False, email, full_name, "", True, False, now, secrets.token_hex(16))
            )
            member_rows.append((mid, uid, org.id, role, school, job, True, now))
            return (mid, uid, email)

        for i, org in enumerate(orgs):
            open_cases = max(1, round(org.n_cases * (100 - STATE_WEIGHTS["closed"]) / 100))
            n_managers = max(1, round(open_cases / OPEN_CASES_PER_MANAGER))
            first = i == 0
            org.coordinator = person(
                org, "coordinator", COORDINATOR_EMAIL if first else f"koordinator@{org.slug}.{REGION_DOMAIN}",
                "Jana Koordinátorová" if first else f"{rng.choice(GIRLS)} {rng.choice(COMMON_SURNAMES)[1]}",
                job="vedoucí služby",
            )  # fmt: skip
            for k in range(n_managers):
                email = CASE_MANAGER_EMAIL if first and k == 0 else f"cm{k + 1}@{org.slug}.{REGION_DOMAIN}"
                name = (
                    "Petra Case-manažerská"
                    if first and k == 0
                    else f"{rng.choice(GIRLS)} {rng.choice(COMMON_SURNAMES)[1]}"
                )
                org.managers.append(person(org, "case_manager", email, name, job="sociální pracovnice"))
            org.facilitator = person(org, "facilitator", f"facilitator@{org.slug}.{REGION_DOMAIN}", "Karel Moderátor")
            person(org, "admin", f"admin@{org.slug}.{REGION_DOMAIN}", "Správce Systému")
            for k, sid in enumerate(org.schools[: max(1, len(org.schools) // 3)]):
                email = SCHOOL_STAFF_EMAIL if first and k == 0 else f"spp{k + 1}@{org.slug}.{REGION_DOMAIN}"
                staff = person(org, "school_staff", email, "Marie Výchovná", school=sid, job="výchovná poradkyně")
                org.school_staff.append(staff)
        sink.write(
            User,
            ["id", "password", "last_login", "is_superuser", "email", "full_name", "phone", "is_active", "is_staff",
             "date_joined", "session_salt"],
            user_rows,
        )  # fmt: skip
        sink.write(
            Membership,
            ["id", "user_id", "organisation_id", "role", "school_id", "job_title", "is_active", "created_at"],
            member_rows,
        )

        # --- students and cases (kept in memory as small tuples for the later passes) ----
        states = list(STATE_WEIGHTS)
        state_weights = list(STATE_WEIGHTS.values())
        surname_weights = [1 / (r + 1) for r in range(len(COMMON_SURNAMES))]
        tail = [(root + m, root + f) for root in ROOTS for m, f in ENDINGS]
        case_meta = []  # (case id, org, lead (mid, uid, email), opened, closed|None, state, last_contact, n_act)
        student_rows, case_rows = [], []
        team_rows = []
        for org in orgs:
            seq_by_year: dict[int, int] = {}
            for _ in range(org.n_cases):
                state = rng.choices(states, state_weights)[0]
                if state == "closed":
                    opened = today - datetime.timedelta(days=rng.randint(90, 8 * 365))
                    closed = min(
                        today - datetime.timedelta(days=1), opened + datetime.timedelta(days=rng.randint(60, 700))
                    )
                else:
                    opened = today - datetime.timedelta(days=int(rng.expovariate(1 / 200)) % 900 + 1)
                    closed = None
                n_act = rng.randint(0, 2 * ACTIVITIES_PER_CASE) if state not in ("referred",) else rng.randint(0, 2)
                end = closed or today
                if n_act:
                    gap = int(rng.expovariate(1 / 9)) if closed is None else rng.randint(0, 20)
                    last_contact = max(opened, end - datetime.timedelta(days=gap))
                else:
                    last_contact = None
                female = rng.random() < 0.5
                if rng.random() < 0.6:
                    male_s, female_s = rng.choices(COMMON_SURNAMES, surname_weights)[0]
                else:
                    male_s, female_s = rng.choice(tail)
                first_name = rng.choice(GIRLS if female else BOYS)
                last_name = female_s if female else male_s
                school = rng.choice(org.schools) if rng.random() < 0.9 else None
                age = rng.randint(7, 18)
                dob = opened - datetime.timedelta(days=age * 365 + rng.randint(0, 364))
                sid, cid = take(Student), take(Case)
                grade = max(1, min(9, age - 6))
                student_rows.append(
                    (sid, org.id, first_name, last_name, dob, school, f"{grade}.{'ABC'[sid % 3]}", "", "", "",
                     at(opened), _normalise(f"{first_name} {last_name}"))
                )  # fmt: skip
                seq_by_year[opened.year] = seq = seq_by_year.get(opened.year, 0) + 1
                lead = rng.choice(org.managers)
                referrer = rng.choices(["school", "family", "ospod", "other"], [70, 15, 10, 5])[0]
                report_on = (end - datetime.timedelta(days=rng.randint(0, 40))) if school and n_act else None
                case_rows.append(
                    (cid, org.id, sid, f"{opened.year}-{seq:04d}", school, lead[0], state, opened, closed,
                     at(opened), at(end), referrer, rng.random() < 0.9,
                     rng.choices(["intensive", "broker", "assertive"], [60, 30, 10])[0], rng.random() < 0.6, None,
                     30, report_on, "", last_contact,
                     rng.choice(["needs_met", "needs_met", "refused", "not_established", "other"]) if closed else "",
                     "Spolupráce ukončena, cíle plánu byly vyhodnoceny." if closed else "")
                )  # fmt: skip
                if len(org.managers) > 1 and rng.random() < 0.15:
                    other = rng.choice(org.managers)
                    if other is not lead:
                        team_rows.append((cid, other[0]))
                case_meta.append((cid, org, lead, opened, closed, state, last_contact, n_act, school, sid, female))
        sink.write(
            Student,
            ["id", "organisation_id", "first_name", "last_name", "date_of_birth", "school_id", "school_class", "phone",
             "email", "address", "created_at", "search_name"],
            student_rows,
        )  # fmt: skip
        del student_rows
        sink.write(
            Case,
            ["id", "organisation_id", "student_id", "number", "school_id", "lead_id", "state", "opened_at", "closed_at",
             "created_at", "updated_at", "referrer_kind", "voluntary", "model", "parent_contact_running",
             "parent_contact_offered_on", "school_report_every_days", "last_school_report_on",
             "close_persons_feedback", "last_contact_on", "closure_reason", "closure_summary"],
            case_rows,
        )  # fmt: skip
        del case_rows
        team_model = Case.team.through
        sink.write(team_model, ["case_id", "membership_id"], team_rows)

        # --- family, referral, history ---------------------------------------------------
        def close_persons():
            for _cid, _org, _lead, _opened, _closed, _state, _lc, _n, _school, sid, _female in case_meta:
                surname = None
                for relation, guardian in (("matka", True), ("otec", True), ("babička", False))[: rng.randint(1, 3)]:
                    surname = surname or rng.choice(COMMON_SURNAMES)
                    first = rng.choice(BOYS if relation == "otec" else GIRLS)
                    yield (take(ClosePerson), sid, f"{first} {surname[0] if relation == 'otec' else surname[1]}",
                           relation, guardian, _phone(rng),
                           "", "", relation != "babička", "")  # fmt: skip

        sink.write(
            ClosePerson,
            [
                "id",
                "student_id",
                "name",
                "relation",
                "legal_guardian",
                "phone",
                "email",
                "address",
                "takes_part",
                "note",
            ],
            close_persons(),
            big=True,
        )

        def referrals():
            for cid, _org, _lead, opened, _closed, _state, _lc, _n, school, _sid, _f in case_meta:
                if school is None:
                    continue
                yield (take(Referral), cid, None, "výchovná poradkyně", opened,
                       "Opakované absence, zhoršení prospěchu, konflikty ve třídě.", rng.random() < 0.8)  # fmt: skip

        sink.write(
            Referral,
            ["id", "case_id", "referred_by_id", "referred_by_name", "referred_on", "school_view",
             "consent_to_pass_contacts"],
            referrals(),
        )  # fmt: skip

        path = ["referred", "contacting", "first_meeting", "active", "evaluation", "closed"]

        def events():
            for cid, _org, lead, opened, closed, state, _lc, _n, _school, _sid, _f in case_meta:
                target = path.index(state) if state in path else 2
                end = closed or today
                span = max(1, (end - opened).days)
                for k in range(target):
                    day = opened + datetime.timedelta(days=span * (k + 1) // (target + 1))
                    yield (take(CaseEvent), cid, "transition", path[k], path[k + 1], "", at(day), lead[0])

        sink.write(
            CaseEvent, ["id", "case_id", "kind", "from_state", "to_state", "reason", "at", "by_id"], events(), big=True
        )

        # --- tasks and activities ------------------------------------------------------------
        def tasks():
            for cid, _org, lead, opened, closed, _state, _lc, _n, _school, _sid, _f in case_meta:
                for _ in range(rng.randint(0, 2 * TASKS_PER_CASE)):
                    due = opened + datetime.timedelta(days=rng.randint(7, 400))
                    if closed is not None:
                        status = rng.choices(["done", "not_done", "cancelled"], [75, 15, 10])[0]
                        due = min(due, closed)
                    elif due < today:
                        status = rng.choices(["done", "open", "not_done"], [70, 20, 10])[0]
                    else:
                        status = "open"
                    mine = rng.random() < 0.4
                    yield (take(Task), cid, rng.choice(TASK_TITLES), lead[0] if mine else None, None,
                           "" if mine else rng.choice(TASK_RESPONSIBLE), due, status, "", at(opened),
                           at(min(due, today)))  # fmt: skip

        sink.write(
            Task,
            ["id", "case_id", "title", "responsible_membership_id", "responsible_actor_id", "responsible_label",
             "due_date", "status", "note", "created_at", "updated_at"],
            tasks(),
            big=True,
        )  # fmt: skip

        kinds = ["meeting", "call", "home_visit", "accompaniment", "email", "material_help", "other"]
        kind_weights = [40, 25, 10, 8, 10, 4, 3]

        def activities():
            for cid, _org, lead, opened, _closed, _state, last_contact, n_act, _school, _sid, _f in case_meta:
                if not n_act:
                    continue
                span = (last_contact - opened).days
                picked = rng.choices(kinds, kind_weights, k=n_act)
                for k, kind in enumerate(picked):
                    day = last_contact if k == 0 else opened + datetime.timedelta(days=rng.randint(0, span))
                    attendance = ("attended" if rng.random() < 0.85 else "did_not_come") if kind == "meeting" else "na"
                    yield (take(Activity), cid, kind, day, rng.choice((15, 30, 45, 60, 90, 120)), "student, matka",
                           rng.choice(ACTIVITY_NOTES), rng.random() < 0.05, attendance, lead[0], at(day))  # fmt: skip

        sink.write(
            Activity,
            ["id", "case_id", "kind", "occurred_on", "duration_minutes", "participants", "note", "restricted",
             "attendance", "created_by_id", "created_at"],
            activities(),
            big=True,
        )  # fmt: skip

        # --- meetings with participants and agendas; consents ---------------------------------
        meeting_rows, participant_rows, agenda_rows = [], [], []
        for cid, org, lead, opened, closed, state, _lc, _n, _school, _sid, _f in case_meta:
            if state in ("referred", "contacting") or rng.random() > 0.3:
                continue
            previous = None
            for position in range(1, rng.randint(1, 3) + 1):
                mid = take(Meeting)
                start_day = opened + datetime.timedelta(days=30 * position + rng.randint(0, 20))
                future = start_day > today
                final = not future and (closed is not None or rng.random() < 0.8)
                meeting_rows.append(
                    (mid, cid, rng.choice(["school_case_meeting", "case_conference"]), "", "Společné plánování podpory",
                     lead[0], "", org.facilitator[0], lead[0], rng.choice(MEETING_PLACES), at(start_day, 14 * 60), 90,
                     previous, position, "planned" if future else "held", "Celé setkání", True, True, True,
                     "final" if final else "draft", "" if future else "Dohodnuty úkoly na další období.",
                     at(start_day, 16 * 60) if final else None, lead[0], at(opened), at(min(start_day, today)))
                )  # fmt: skip
                previous = mid
                people = [
                    ("child", "Student", None),
                    ("parent", "Matka", None),
                    ("school", "Třídní učitelka", None),
                    ("case_manager", "Case manažerka", lead[0]),
                    ("facilitator", "Karel Moderátor", org.facilitator[0]),
                ]
                if rng.random() < 0.4:
                    people.append(("ospod", "Sociální pracovnice OSPOD", None))
                for order, (role, name, membership) in enumerate(people):
                    attendance = "unknown" if future else ("present" if rng.random() < 0.9 else "absent")
                    participant_rows.append(
                        (take(Participant), mid, membership, None, name, "", role, "", "sent", None, attendance,
                         "none", None, "", "", order)
                    )  # fmt: skip
                for order, title in enumerate(AGENDA[: rng.randint(3, len(AGENDA))], start=1):
                    agenda_rows.append((take(AgendaItem), mid, order, title, 15, "", ""))
        sink.write(
            Meeting,
            ["id", "case_id", "kind", "commission_size", "purpose", "convener_id", "convener_label", "facilitator_id",
             "minute_taker_id", "place", "start", "duration_minutes", "previous_id", "series_position", "status",
             "child_participation", "parents_informed", "room_arranged", "facilitator_arranged", "minutes_state",
             "minutes_summary", "finalised_at", "created_by_id", "created_at", "updated_at"],
            meeting_rows,
        )  # fmt: skip
        sink.write(
            Participant,
            ["id", "meeting_id", "membership_id", "actor_id", "name", "institution", "role", "email", "invitation",
             "invitation_sent_at", "attendance", "signature", "signed_at", "signature_scan", "signature_note", "order"],
            participant_rows,
        )  # fmt: skip
        sink.write(AgendaItem, ["id", "meeting_id", "order", "title", "minutes", "notes", "decisions"], agenda_rows)
        del meeting_rows, participant_rows, agenda_rows

        categories = json.dumps(["contact", "school", "plan", "reports"])

        def consents():
            for cid, _org, lead, opened, _closed, state, _lc, _n, school, _sid, _f in case_meta:
                if state == "referred" or rng.random() > 0.85:
                    continue
                given = opened + datetime.timedelta(days=rng.randint(3, 30))
                withdrawn = given + datetime.timedelta(days=60) if rng.random() < 0.03 else None
                yield (take(Consent), cid, "parent", "Zákonný zástupce", rng.random() < 0.7, categories,
                       school is not None, "", CONSENT_PURPOSE, given, given + datetime.timedelta(days=365),
                       withdrawn, None, "", "", lead[0], at(given))  # fmt: skip

        sink.write(
            Consent,
            ["id", "case_id", "given_by_kind", "given_by_name", "student_agrees", "categories", "to_school",
             "named_recipients", "purpose", "given_on", "valid_until", "withdrawn_on", "withdrawn_by_id", "signed_form",
             "signed_form_name", "recorded_by_id", "created_at"],
            consents(),
        )  # fmt: skip

        # --- school attendance: the last school year's months of each student at a school --------
        first_of_month = today.replace(day=1)
        school_months = []
        for back in range(1, 13):
            y, m = divmod(first_of_month.year * 12 + first_of_month.month - 1 - back, 12)
            if m + 1 not in (7, 8):  # the summer holidays
                school_months.append(datetime.date(y, m + 1, 1))
        latest_rows = []  # (student, organisation, month, unexcused hours) of each latest month

        def attendance():
            for _cid, org, _lead, opened, _closed, _state, _lc, _n, school, sid, _f in case_meta:
                if school is None:
                    continue
                # Most students miss a few hours; one in ten misses many (the cases' reason).
                truant = rng.random() < 0.1
                since = opened.replace(day=1) - datetime.timedelta(days=150)
                for k, month in enumerate(m for m in school_months if m >= since):  # newest first
                    unexcused = rng.randint(0, 40) if truant and rng.random() < 0.7 else rng.randint(0, 4)
                    if k == 0:
                        latest_rows.append((sid, org.id, month, unexcused))
                    yield (take(AttendanceMonth), sid, month, rng.randint(0, 12), unexcused, "import", now)

        sink.write(
            AttendanceMonth,
            ["id", "student_id", "month", "excused_hours", "unexcused_hours", "source", "updated_at"],
            attendance(),
        )
        # COPY calls no save(): each student's latest month, as AttendanceMonth.save keeps it.
        sink.write(LatestAttendance, ["student_id", "organisation_id", "month", "unexcused_hours"], latest_rows)

        # --- the audit trail ---------------------------------------------------------------
        actions = [a for a, _ in AUDIT_ACTIONS]
        action_weights = list(itertools.accumulate(w for _, w in AUDIT_ACTIONS))
        empty = "{}"

        def audit():
            for cid, org, lead, opened, closed, _state, _lc, _n, _school, _sid, _f in case_meta:
                end = closed or today
                span = max(1, (end - opened).days)
                coordinator = org.coordinator
                n = rng.randint(AUDIT_PER_CASE // 2, AUDIT_PER_CASE * 3 // 2)
                picked = rng.choices(actions, cum_weights=action_weights, k=n)
                object_id = str(cid)
                for action in picked:
                    who, role = (lead, "case_manager") if rng.random() < 0.85 else (coordinator, "coordinator")
                    when = at(opened + datetime.timedelta(days=rng.randrange(span)))
                    yield (take(AuditEvent), when, who[1], who[2], org.id, role, action, "cases.case", object_id, cid,
                           "10.0.0.1", empty)  # fmt: skip

        sink.write(
            AuditEvent,
            ["id", "at", "actor_id", "actor_email", "organisation_id", "role", "action", "object_type", "object_id",
             "case_id", "ip_address", "data"],
            audit(),
            big=True,
        )  # fmt: skip

        # COPY sends no signals: each case's earliest open deadline, from its tasks (one UPDATE).
        derived = time.perf_counter()
        refresh_open_task_due(Case.objects.all())
        say(f"  cases_case.open_task_due_on {time.perf_counter() - derived:.1f} s")

        if connection.vendor == "postgresql":
            models = [Organisation, User, Membership, School, Student, Case, team_model, Task, Activity, ClosePerson,
                      Referral, CaseEvent, Meeting, Participant, AgendaItem, Consent, AuditEvent,
                      AttendanceMonth]  # fmt: skip
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(sql)
    if connection.vendor == "postgresql":
        analysed = time.perf_counter()
        with connection.cursor() as cursor:
            # VACUUM too: a settled database (autovacuum) has its visibility maps set, which
            # index-only scans need; right after COPY the planner avoids them. (Not possible
            # inside a transaction, as in the test suite.)
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            cursor.execute(command)
        say(f"  {command} {time.perf_counter() - analysed:.1f} s")
    elapsed = time.perf_counter() - started
    first = orgs[0]
    return {
        "seconds": elapsed,
        "counts": sink.counts,
        "password": REGION_PASSWORD,
        "organisation": first.slug,
        "sign_ins": [
            (COORDINATOR_EMAIL, "coordinator"),
            (CASE_MANAGER_EMAIL, "case_manager"),
            (SCHOOL_STAFF_EMAIL, "school_staff"),
        ],
        "largest_organisation_cases": first.n_cases,
    }


def ascii_fold(text: str) -> str:
    """ "Horák" → "Horak" (for building searches in tests and the benchmark)."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
