"""Rows of the authorisation matrix for the outcomes app, and its objects in the world."""

from opora.core.testing.matrix import Row
from opora.outcomes.models import AttendanceImport

STATISTICS = {"*": 403, "coordinator": 200, "other_org": 200, "school_staff": 200, "school_staff_other": 200}
COORDINATOR = {"*": 403, "coordinator": 200, "other_org": 200}
TEAM_POST = {"*": 403, "case_manager": 302, "coordinator": 302, "other_org": 404, "case_manager_other": 404}
IMPORTERS = {"*": 403, "case_manager": 200, "coordinator": 200, "case_manager_other": 200, "other_org": 200}
# Only the author of an import opens it; anyone else who may import gets 404.
IMPORT_OWN = {**IMPORTERS, "coordinator": 404, "case_manager_other": 404, "other_org": 404, "team_member": 404}
IMPORT_OWN_POST = {**IMPORT_OWN, "case_manager": 302}


def populate(w):
    w.attendance_import = AttendanceImport.objects.create(
        organisation=w.org,
        by=w.members["case_manager"],
        filename="dochazka.csv",
        headers=["Žák", "Datum narození", "Období", "Omluvené", "Neomluvené"],
        rows=[["Nikdo Neznámý", "1.1.2012", "2026-09", "4", "2"]],
        mapping={"columns": {"name": 0, "birth_date": 1, "period": 2, "excused": 3, "unexcused": 4}, "school": None},
    )


MATRIX = {
    "outcomes:statistics": Row(expect=STATISTICS),
    "outcomes:statistics_export": Row(
        kwargs=lambda w: {"key": "clients", "fmt": "csv"},
        expect=STATISTICS,
        variants=(lambda w: {"key": "outcomes", "fmt": "xlsx"}, lambda w: {"key": "all", "fmt": "xlsx"}),
    ),
    "outcomes:annual_report": Row(expect=COORDINATOR),
    "outcomes:annual_report_export": Row(
        kwargs=lambda w: {"fmt": "xlsx"}, expect=COORDINATOR, variants=(lambda w: {"fmt": "csv"},)
    ),
    "outcomes:settings": Row(expect=COORDINATOR),
    "outcomes:case_outcome": Row(method="post", kwargs=lambda w: {"pk": w.case.pk}, expect=TEAM_POST),
    "outcomes:case_attendance": Row(method="post", kwargs=lambda w: {"pk": w.case.pk}, expect=TEAM_POST),
    "outcomes:import": Row(expect=IMPORTERS),
    "outcomes:import_detail": Row(kwargs=lambda w: {"pk": w.attendance_import.pk}, expect=IMPORT_OWN),
    "outcomes:import_commit": Row(
        method="post", kwargs=lambda w: {"pk": w.attendance_import.pk}, expect=IMPORT_OWN_POST
    ),
}
