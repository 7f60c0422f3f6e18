"""Writes of the outcomes app: thresholds, a case's outcome and attendance, the follow-ups
created at closure, and the attendance import (all rows or none, idempotent)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opora import access
from opora.audit.services import audit_log
from opora.cases.models import normalise_name
from opora.core.concurrency import save_versioned, take_stamp
from opora.outcomes import importer
from opora.outcomes.models import (
    AttendanceImport,
    AttendanceMonth,
    CaseOutcome,
    FollowUp,
    LatestAttendance,
    OutcomeSettings,
)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@transaction.atomic
def outcome_settings_save(*, organisation, data: dict, by, request=None) -> OutcomeSettings:
    if data["ospod_hours"] <= data["commission_hours"]:
        raise ValidationError(
            _("The hours for a report to OSPOD must be higher than those for an educational commission."),
            code="order",
        )
    settings, _created = OutcomeSettings.objects.update_or_create(organisation=organisation, defaults=data)
    audit_log(action="outcomes.settings_save", request=request, membership=by, obj=settings, data=dict(data))
    return settings


@transaction.atomic
def case_outcome_save(*, case, data: dict, by, request=None) -> CaseOutcome:
    if not access.can_record_outcomes(by, case):
        raise ValidationError(_("You may not record the outcomes of this case."), code="denied")
    stamp = take_stamp(data)
    outcome = CaseOutcome.objects.filter(case=case).first() or CaseOutcome(case=case)
    for name, value in data.items():
        setattr(outcome, name, value)
    save_versioned(outcome, stamp=stamp, fields=list(data))
    for when, field in (
        (FollowUp.When.AT_CLOSURE, "in_education_at_closure"),
        (FollowUp.When.SIX_MONTHS, "in_education_6m"),
        (FollowUp.When.TWELVE_MONTHS, "in_education_12m"),
    ):
        if data.get(field) and data[field] != "unknown":
            FollowUp.objects.filter(case=case, when=when, done_on__isnull=True).update(done_on=timezone.localdate())
    audit_log(action="outcomes.outcome_save", request=request, membership=by, obj=outcome, case_id=case.pk)
    return outcome


@transaction.atomic
def attendance_month_save(*, case, month: datetime.date, excused: int, unexcused: int, by, request=None):
    """Enter (or correct) one month of the student's attendance by hand."""
    if not access.can_record_outcomes(by, case):
        raise ValidationError(_("You may not record the attendance of this student."), code="denied")
    row, _created = AttendanceMonth.objects.update_or_create(
        student_id=case.student_id,
        month=month.replace(day=1),
        defaults={"excused_hours": excused, "unexcused_hours": unexcused, "source": AttendanceMonth.Source.MANUAL},
    )
    audit_log(
        action="outcomes.attendance_save",
        request=request,
        membership=by,
        obj=row,
        case_id=case.pk,
        data={"month": row.month.isoformat(), "excused": excused, "unexcused": unexcused},
    )
    return row


def follow_ups_at_closure(*, case, by, request=None) -> list[FollowUp]:
    """Called from the closing transition (a closure hook of the cases app): the checks whether
    the student is in education at closure, 6 and 12 months after, for the case's lead."""
    closed = case.closed_at or timezone.localdate()
    created = []
    for when, months in (
        (FollowUp.When.AT_CLOSURE, 0),
        (FollowUp.When.SIX_MONTHS, 6),
        (FollowUp.When.TWELVE_MONTHS, 12),
    ):
        follow_up, made = FollowUp.objects.get_or_create(
            case=case,
            when=when,
            defaults={"due_on": _add_months(closed, months), "assignee_id": case.lead_id},
        )
        if not made and follow_up.done_on is None:
            follow_up.due_on = _add_months(closed, months)
            follow_up.save(update_fields=["due_on"])
        created.append(follow_up)
    audit_log(action="outcomes.follow_ups_created", request=request, membership=by, obj=case, case_id=case.pk)
    return created


# --- Import ------------------------------------------------------------------------------------


@transaction.atomic
def attendance_import_start(*, name: str, content: bytes, by, request=None) -> AttendanceImport:
    if not access.can_import_attendance(by):
        raise ValidationError(_("You may not import attendance."), code="denied")
    try:
        headers, rows = importer.read_table(name, content)
    except importer.ImportFileError as exc:
        raise ValidationError(str(exc), code="file") from exc
    imp = AttendanceImport.objects.create(
        organisation_id=by.organisation_id,
        by=by,
        filename=name[:200],
        headers=headers,
        rows=rows,
        mapping={"columns": importer.guess_mapping(headers), "school": None},
    )
    audit_log(action="outcomes.import_upload", request=request, membership=by, obj=imp, data={"rows": len(rows)})
    return imp


@transaction.atomic
def attendance_import_map(*, imp: AttendanceImport, columns: dict, school_id, by, request=None) -> AttendanceImport:
    if imp.status != AttendanceImport.Status.PENDING:
        raise ValidationError(_("This file has already been imported."), code="done")
    imp.mapping = {"columns": {k: v for k, v in columns.items() if v is not None}, "school": school_id}
    imp.save(update_fields=["mapping"])
    return imp


def _school_index(membership):
    index: dict[str, list[int]] = {}
    for pk, name in access.schools_for(membership).values_list("pk", "name"):
        index.setdefault(normalise_name(name), []).append(pk)
    return index


def attendance_import_check(*, imp: AttendanceImport, by) -> list[dict]:
    """Every row of the file with its student, month, hours, what the import would do
    ("new", "changed", "unchanged") and its errors. Reads only; a fixed number of queries."""
    columns = {k: int(v) for k, v in (imp.mapping.get("columns") or {}).items()}
    default_school = imp.mapping.get("school")
    schools = _school_index(by)
    own_schools = {pk for pks in schools.values() for pk in pks}
    checked = []
    for number, cells in enumerate(imp.rows, start=imp.mapping.get("first_line", 2)):
        values, errors = importer.check_row(cells, columns)
        school_id = None
        if "school" in columns:
            found = schools.get(normalise_name(values["school"]), [])
            if len(found) == 1:
                school_id = found[0]
            else:
                errors.append(_("The school “%(school)s” is not one of your schools.") % {"school": values["school"]})
        elif default_school and int(default_school) in own_schools:
            school_id = int(default_school)
        else:
            errors.append(_("Choose the school of the file or map its column."))
        checked.append({"line": number, "values": values, "school_id": school_id, "errors": errors})
    _match_students(checked, by)
    _compare(checked)
    return checked


def _match_students(checked: list[dict], membership) -> None:
    """Each row's student: exactly one student the membership may import for, with the same
    name (either order), date of birth and school. None or several: an error, never a guess."""
    births = {row["values"]["birth_date"] for row in checked if row["values"]["birth_date"]}
    candidates: dict[tuple, list[int]] = {}
    students = access.attendance_import_students(membership).filter(date_of_birth__in=births)
    for pk, first, last, born, school_id in students.values_list(
        "pk", "first_name", "last_name", "date_of_birth", "school_id"
    ):
        keys = {normalise_name(f"{first} {last}"), normalise_name(f"{last} {first}")}
        for key in keys:
            candidates.setdefault((key, born, school_id), []).append(pk)
    seen: dict[tuple, int] = {}
    for row in checked:
        row["student_id"] = None
        values = row["values"]
        if row["errors"]:
            continue
        found = set(candidates.get((normalise_name(values["name"]), values["birth_date"], row["school_id"]), []))
        if not found:
            row["errors"].append(_("No student of yours matches this name, date of birth and school."))
        elif len(found) > 1:
            row["errors"].append(_("Several students match this name, date of birth and school; enter it by hand."))
        else:
            row["student_id"] = found.pop()
            key = (row["student_id"], values["month"])
            if key in seen:
                row["errors"].append(
                    _("The same student and month are already on line %(line)s.") % {"line": seen[key]}
                )
            else:
                seen[key] = row["line"]


def _compare(checked: list[dict]) -> None:
    ids = {row["student_id"] for row in checked if row["student_id"]}
    existing = {(r.student_id, r.month): r for r in AttendanceMonth.objects.filter(student_id__in=ids)}
    for row in checked:
        row["action"] = ""
        if row["errors"] or not row["student_id"]:
            continue
        values = row["values"]
        old = existing.get((row["student_id"], values["month"]))
        if old is None:
            row["action"] = "new"
        elif (old.excused_hours, old.unexcused_hours) == (values["excused"], values["unexcused"]):
            row["action"] = "unchanged"
        else:
            row["action"] = "changed"


class RowsRefused(ValidationError):
    """The import refused: ``rows`` are the lines with their errors (``line``, ``errors``)."""

    def __init__(self, message, *, rows):
        super().__init__(message, code="rows")
        self.rows = rows


@transaction.atomic
def attendance_import_commit(*, imp: AttendanceImport, by, request=None) -> dict:
    """Import every row or none: any row with an error refuses the whole file. Rows already
    stored with the same hours are left alone, so a rerun of the same file changes nothing."""
    imp = AttendanceImport.objects.select_for_update().get(pk=imp.pk)
    if imp.status != AttendanceImport.Status.PENDING:
        raise ValidationError(_("This file has already been imported."), code="done")
    checked = attendance_import_check(imp=imp, by=by)
    bad = [row for row in checked if row["errors"]]
    if bad:
        raise RowsRefused(
            _("Nothing was imported: %(count)s rows have errors. Correct the file or the mapping.")
            % {"count": len(bad)},
            rows=[{"line": row["line"], "errors": row["errors"]} for row in bad],
        )
    counts = {"new": 0, "changed": 0, "unchanged": 0}
    with LatestAttendance.refreshed_once():  # each student's latest month once, not per row
        for row in checked:
            counts[row["action"]] += 1
            if row["action"] == "unchanged":
                continue
            values = row["values"]
            AttendanceMonth.objects.update_or_create(
                student_id=row["student_id"],
                month=values["month"],
                defaults={
                    "excused_hours": values["excused"],
                    "unexcused_hours": values["unexcused"],
                    "source": AttendanceMonth.Source.IMPORT,
                },
            )
    imp.status = AttendanceImport.Status.DONE
    imp.result = counts
    imp.rows = []  # the names and birth dates are not kept once imported
    imp.save(update_fields=["status", "result", "rows"])
    audit_log(action="outcomes.import", request=request, membership=by, obj=imp, data=counts)
    return counts


def _cell(value) -> str:
    # A value of a pushed row as the text of a file's cell (NUL cannot be stored in JSON on PostgreSQL).
    return "" if value is None else str(value).replace("\x00", "")[:300]


@transaction.atomic
def attendance_rows_import(*, rows: list[dict], by, request=None) -> AttendanceImport:
    """Rows pushed by a school's information system (the REST API): each row a dict of the
    import's fields (`importer.FIELDS`), numbered from 1. The same checks, matching of the
    students and all-or-nothing commit as an uploaded file (`attendance_import_commit`); a
    rerun changes nothing. Returns the finished import (its ``result`` has the counts)."""
    if not access.can_import_attendance(by):
        raise ValidationError(_("You may not import attendance."), code="denied")
    if not rows:
        raise ValidationError(_("The file has no rows below its header."), code="file")
    if len(rows) > importer.MAX_ROWS:
        raise ValidationError(_("The file has too many rows (at most 5000)."), code="file")
    fields = list(importer.FIELDS)
    imp = AttendanceImport.objects.create(
        organisation_id=by.organisation_id,
        by=by,
        filename="API",
        headers=fields,
        rows=[[_cell(row.get(field)) for field in fields] for row in rows],
        mapping={"columns": {field: i for i, field in enumerate(fields)}, "school": None, "first_line": 1},
    )
    attendance_import_commit(imp=imp, by=by, request=request)
    imp.refresh_from_db()
    return imp


# An upload waits this long for its mapping and confirmation; then its parsed rows (names, birth
# dates, absences) are deleted with it.
PENDING_IMPORT_HOURS = 24


def attendance_imports_purge(now) -> int:
    """Delete uploads never imported within PENDING_IMPORT_HOURS (the rows of an imported one
    are already gone). Returns how many were deleted."""
    cutoff = now - datetime.timedelta(hours=PENDING_IMPORT_HOURS)
    deleted, _per_model = AttendanceImport.objects.filter(
        status=AttendanceImport.Status.PENDING, created_at__lt=cutoff
    ).delete()
    return deleted
