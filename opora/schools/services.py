"""Writes about schools, the partnership pipeline and the standing work with schools."""

import csv
import datetime
import io
import random
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opora.audit.services import audit_log
from opora.core.concurrency import save_versioned
from opora.schools import workflow
from opora.schools.models import (
    CaseStudy,
    EvaluationMeeting,
    LocalityMeeting,
    LocalityNeed,
    School,
    SchoolContact,
    StageTransition,
    ThemeRecord,
)

SCHOOL_FIELDS = ("name", "address", "red_izo", "ico", "kind", "evaluation_cadence_days", "next_follow_up")


def _save(obj):
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def school_create(*, by, request=None, **fields):
    school = School(organisation=by.organisation, **{k: v for k, v in fields.items() if k in SCHOOL_FIELDS})
    _save(school)
    audit_log(action="schools.create", request=request, membership=by, obj=school)
    return school


@transaction.atomic
def school_update(*, school, by, request=None, edit_stamp=None, **fields):
    """Change a school; `edit_stamp` is the read stamp of its form (a change saved by someone
    else meanwhile is not overwritten)."""
    names = [name for name in fields if name in SCHOOL_FIELDS]
    for name in names:
        setattr(school, name, fields[name])
    school.full_clean()
    save_versioned(school, stamp=edit_stamp, fields=names)
    audit_log(action="schools.update", request=request, membership=by, obj=school)
    return school


@transaction.atomic
def contact_add(*, school, by, request=None, **fields):
    contact = _save(SchoolContact(school=school, **fields))
    audit_log(action="schools.contact_add", request=request, membership=by, obj=contact)
    return contact


@transaction.atomic
def contact_delete(*, contact, by, request=None):
    audit_log(action="schools.contact_delete", request=request, membership=by, obj=contact)
    contact.delete()


# --- The pipeline -----------------------------------------------------------------------------


@transaction.atomic
def school_transition(
    *,
    school,
    to_stage,
    by,
    request=None,
    note="",
    future_contact_on=None,
    contract_file=None,
    contract_signed_on=None,
    contract_valid_from=None,
    contract_valid_until=None,
    at=None,
):
    """Move `school` to `to_stage` if §2 allows it; record who, when and why."""
    school = School.objects.select_for_update().get(pk=school.pk)
    reason = workflow.refusal(school.stage, to_stage)
    if reason:
        raise ValidationError({"to_stage": reason})
    errors = {}
    if to_stage in workflow.NEEDS_FUTURE_CONTACT:
        if not future_contact_on:
            errors["future_contact_on"] = _("Agree a date of future contact with the school.")
        elif future_contact_on <= timezone.localdate():
            errors["future_contact_on"] = _("The future contact must be a date in the future.")
    if to_stage in workflow.NEEDS_CONTRACT:
        if not contract_file and not school.contract_file:
            errors["contract_file"] = _("Attach the signed contract.")
        if not contract_signed_on:
            errors["contract_signed_on"] = _("Enter the date the contract was signed.")
        if contract_valid_from and contract_valid_until and contract_valid_until < contract_valid_from:
            errors["contract_valid_until"] = _("The contract cannot end before it starts.")
    if errors:
        raise ValidationError(errors)
    at = at or timezone.now()
    record = _save(
        StageTransition(
            school=school,
            from_stage=school.stage,
            to_stage=to_stage,
            by=by,
            at=at,
            note=note or "",
            future_contact_on=future_contact_on,
        )
    )
    school.stage = to_stage
    school.stage_changed_at = at
    if future_contact_on:
        school.next_follow_up = future_contact_on
    if to_stage in workflow.NEEDS_CONTRACT:
        if contract_file:
            school.contract_file_name = getattr(contract_file, "name", "")[:200]
            school.contract_file.save(contract_file.name, contract_file, save=False)
        school.contract_signed_on = contract_signed_on
        school.contract_valid_from = contract_valid_from
        school.contract_valid_until = contract_valid_until
    _save(school)
    audit_log(
        action="schools.transition",
        request=request,
        membership=by,
        obj=school,
        data={"from": record.from_stage, "to": to_stage},
    )
    return school


# --- CSV import -------------------------------------------------------------------------------

CSV_COLUMNS = {
    # header (Czech or English) -> field
    "název": "name",
    "name": "name",
    "adresa": "address",
    "address": "address",
    "red izo": "red_izo",
    "red_izo": "red_izo",
    "ičo": "ico",
    "ico": "ico",
    "typ": "kind",
    "type": "kind",
    "kind": "kind",
}
KIND_WORDS = {
    "mš": School.Kind.KINDERGARTEN,
    "mateřská": School.Kind.KINDERGARTEN,
    "zš": School.Kind.PRIMARY,
    "základní": School.Kind.PRIMARY,
    "sš": School.Kind.SECONDARY,
    "střední": School.Kind.SECONDARY,
    "gymnázium": School.Kind.GRAMMAR,
    "sou": School.Kind.VOCATIONAL,
    "odborné učiliště": School.Kind.VOCATIONAL,
    "speciální": School.Kind.SPECIAL,
    "jiná": School.Kind.OTHER,
}


@dataclass
class ImportRow:
    line: int
    values: dict
    errors: list = field(default_factory=list)


@dataclass
class ImportPreview:
    rows: list
    errors: list  # general errors (not tied to a row)

    @property
    def ok(self):
        return not self.errors and all(not r.errors for r in self.rows) and bool(self.rows)

    @property
    def row_errors(self):
        return [r for r in self.rows if r.errors]


def _kind(value: str):
    value = (value or "").strip().lower()
    if not value:
        return School.Kind.PRIMARY
    if value in School.Kind.values:
        return value
    for label in School.Kind:
        if str(label.label).lower() == value:
            return label.value
    return KIND_WORDS.get(value)


def import_preview(*, organisation, data: bytes | str) -> ImportPreview:
    """Parse and validate a CSV of schools without writing anything."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return ImportPreview(rows=[], errors=[_("The file is not in UTF-8 encoding.")])
    else:
        text = data
    sample = text[:2048]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None)
    if not header:
        return ImportPreview(rows=[], errors=[_("The file is empty.")])
    columns = [CSV_COLUMNS.get(h.strip().lower()) for h in header]
    if "name" not in columns:
        return ImportPreview(rows=[], errors=[_("The first row must name the columns; a column “název” is required.")])
    existing = {
        (v or "")
        for v in School.objects.filter(organisation=organisation).exclude(red_izo="").values_list("red_izo", flat=True)
    }
    seen = set()
    rows = []
    for number, raw in enumerate(reader, start=2):
        if not any(c.strip() for c in raw):
            continue
        values = {col: raw[i].strip() for i, col in enumerate(columns) if col and i < len(raw)}
        row = ImportRow(line=number, values=values)
        kind = _kind(values.get("kind", ""))
        if kind is None:
            row.errors.append(_("Unknown type of school “%(value)s”.") % {"value": values.get("kind")})
            kind = School.Kind.OTHER
        school = School(
            organisation=organisation,
            name=values.get("name", ""),
            address=values.get("address", ""),
            red_izo=values.get("red_izo", ""),
            ico=values.get("ico", ""),
            kind=kind,
        )
        try:
            school.full_clean(exclude=["organisation"])
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                label = School._meta.get_field(name).verbose_name if name != "__all__" else ""
                for message in messages:
                    row.errors.append(f"{label}: {message}" if label else message)
        if school.red_izo:
            if school.red_izo in existing:
                row.errors.append(_("A school with RED IZO %(value)s already exists.") % {"value": school.red_izo})
            elif school.red_izo in seen:
                row.errors.append(_("RED IZO %(value)s is in the file twice.") % {"value": school.red_izo})
            seen.add(school.red_izo)
        row.values = {**values, "kind": kind}
        row.school = school
        rows.append(row)
    if not rows:
        return ImportPreview(rows=[], errors=[_("The file has no rows with schools.")])
    return ImportPreview(rows=rows, errors=[])


@transaction.atomic
def import_schools(*, by, data, request=None) -> list[School]:
    """Import every row or none: a single bad row refuses the whole file."""
    preview = import_preview(organisation=by.organisation, data=data)
    if not preview.ok:
        raise ValidationError(_("The file has errors; nothing was imported."))
    created = [_save(row.school) for row in preview.rows]
    audit_log(
        action="schools.import",
        request=request,
        membership=by,
        object_type="schools.school",
        data={"count": len(created)},
    )
    return created


# --- Standing work with active schools ----------------------------------------------------------


@transaction.atomic
def evaluation_add(*, school, by, request=None, **fields):
    meeting = _save(EvaluationMeeting(school=school, by=by, **fields))
    audit_log(action="schools.evaluation_add", request=request, membership=by, obj=meeting)
    return meeting


@transaction.atomic
def theme_add(*, school, by, request=None, **fields):
    record = ThemeRecord(school=school, by=by, **fields)
    if record.period_start and record.period_end and record.period_end < record.period_start:
        raise ValidationError({"period_end": _("The period cannot end before it starts.")})
    if not record.student_count:
        raise ValidationError({"student_count": _("At least one student must stand behind a theme.")})
    _save(record)
    audit_log(action="schools.theme_add", request=request, membership=by, obj=record, data={"theme": record.theme})
    return record


@transaction.atomic
def locality_need_add(*, by, request=None, **fields):
    need = _save(LocalityNeed(organisation=by.organisation, by=by, **fields))
    audit_log(action="schools.locality_need_add", request=request, membership=by, obj=need)
    return need


@transaction.atomic
def locality_meeting_add(*, by, request=None, **fields):
    meeting = _save(LocalityMeeting(organisation=by.organisation, by=by, **fields))
    audit_log(action="schools.locality_meeting_add", request=request, membership=by, obj=meeting)
    return meeting


@transaction.atomic
def case_study_create(*, meeting, case, by, request=None, title, source_text, extra_names=""):
    """Generate the anonymised text of a case study from a case and the story typed for it."""
    from opora.schools.anonymiser import anonymise_case_story

    offset = random.SystemRandom().choice([d for d in range(-120, 121) if abs(d) >= 15])
    study = CaseStudy(
        meeting=meeting,
        case=case,
        title=title,
        source_text=source_text,
        extra_names=extra_names,
        date_offset_days=offset,
        by=by,
    )
    study.anonymised_text = anonymise_case_story(case, source_text, extra_names=extra_names, offset_days=offset).text
    _save(study)
    audit_log(action="schools.case_study_create", request=request, membership=by, obj=study)
    return study


@transaction.atomic
def case_study_revise(*, study, by, request=None, anonymised_text, extra_names=None, edit_stamp=None):
    """The case manager edits the anonymised text (or adds names and regenerates)."""
    from opora.schools.anonymiser import anonymise_case_story

    if study.is_confirmed:
        raise ValidationError(_("The case study is confirmed and can no longer be changed."))
    if extra_names is not None and extra_names != study.extra_names:
        study.extra_names = extra_names
        study.anonymised_text = anonymise_case_story(
            study.case, study.source_text, extra_names=extra_names, offset_days=study.date_offset_days
        ).text
    else:
        study.anonymised_text = anonymised_text
    study.full_clean()
    save_versioned(study, stamp=edit_stamp, fields=["anonymised_text", "extra_names"])
    audit_log(action="schools.case_study_revise", request=request, membership=by, obj=study)
    return study


@transaction.atomic
def case_study_confirm(*, study, by, request=None):
    """The case manager checked the highlighted words: the text may be exported; the source
    story with real names is erased."""
    from opora.schools.anonymiser import known_names_remaining

    if study.case is not None and known_names_remaining(study.case, study.anonymised_text, study.extra_names):
        raise ValidationError(_("The text still contains a name from the case; replace it first."))
    study.confirmed_at = timezone.now()
    study.confirmed_by = by
    study.source_text = ""
    _save(study)
    audit_log(action="schools.case_study_confirm", request=request, membership=by, obj=study)
    return study


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The current school half-year: 1 Sep–31 Jan or 1 Feb–30 Jun (summer counts to the second)."""
    today = today or timezone.localdate()
    if today.month >= 9:
        return datetime.date(today.year, 9, 1), datetime.date(today.year + 1, 1, 31)
    if today.month == 1:
        return datetime.date(today.year - 1, 9, 1), datetime.date(today.year, 1, 31)
    return datetime.date(today.year, 2, 1), datetime.date(today.year, 8, 31)
