"""Importing attendance from Bakaláři / EduPage exports: upload → mapping → preview → all rows
or none; students matched on name, date of birth and school, never guessed; a rerun changes
nothing; only students the importer may see."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from opora.accounts.models import Role
from opora.cases.tests.factories import CaseFactory, StudentFactory
from opora.core.testing.factories import MembershipFactory, OrganisationFactory, SchoolFactory
from opora.outcomes.models import AttendanceImport, AttendanceMonth

pytestmark = pytest.mark.django_db

D = datetime.date
HEADER = "Příjmení a jméno;Datum narození;Období;Omluvené hodiny;Neomluvené hodiny\n"


@pytest.fixture
def s(db):
    from types import SimpleNamespace

    s = SimpleNamespace()
    s.org = OrganisationFactory()
    s.school = SchoolFactory(organisation=s.org, name="ZŠ Na Výsluní")
    s.cm = MembershipFactory(organisation=s.org, role=Role.CASE_MANAGER)
    s.other_cm = MembershipFactory(organisation=s.org, role=Role.CASE_MANAGER)

    def student(first, last, born, lead=None):
        st = StudentFactory(organisation=s.org, school=s.school, first_name=first, last_name=last, date_of_birth=born)
        CaseFactory(organisation=s.org, student=st, school=s.school, lead=lead or s.cm)
        return st

    s.matyas = student("Matyáš", "Horváth", D(2012, 3, 14))
    s.eva = student("Eva", "Malá", D(2011, 9, 2))
    # Another case manager's student: not the importer's to see.
    s.hidden = student("Tomáš", "Skrytý", D(2012, 1, 1), lead=s.other_cm)
    return s


def _csv(*lines):
    return (HEADER + "".join(line + "\n" for line in lines)).encode("cp1250")


GOOD = (
    "Horváth Matyáš;14.03.2012;09/2026;4;12",
    "Malá Eva;2.9.2011;2026-09;0;2",
    "Horváth Matyáš;14.3.2012;10/2026;6;3",
)


def _upload(client, content, name="absence.csv"):
    response = client.post(reverse("outcomes:import"), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return AttendanceImport.objects.latest("pk")


def _map(client, imp, **extra):
    data = {"name": "0", "birth_date": "1", "period": "2", "excused": "3", "unexcused": "4"}
    data["default_school"] = str(extra.pop("school"))
    data.update(extra)
    return client.post(reverse("outcomes:import_detail", args=[imp.pk]), data)


def _stored():
    return sorted(
        (a.student.last_name, a.month, a.excused_hours, a.unexcused_hours) for a in AttendanceMonth.objects.all()
    )


def test_the_columns_are_guessed_from_czech_headers(s, client, login):
    login(client, s.cm)
    imp = _upload(client, _csv(*GOOD))
    assert imp.mapping["columns"] == {"name": 0, "birth_date": 1, "period": 2, "excused": 3, "unexcused": 4}
    assert imp.rows[0] == ["Horváth Matyáš", "14.03.2012", "09/2026", "4", "12"]


def test_a_good_file_is_previewed_then_imported_and_a_rerun_changes_nothing(s, client, login):
    login(client, s.cm)
    imp = _upload(client, _csv(*GOOD))
    _map(client, imp, school=s.school.pk)
    page = client.get(reverse("outcomes:import_detail", args=[imp.pk])).content.decode()
    assert page.count("Nový měsíc") == 3 and "import-confirm" in page
    assert AttendanceMonth.objects.count() == 0  # the preview writes nothing

    response = client.post(reverse("outcomes:import_commit", args=[imp.pk]), follow=True)
    assert "nové měsíce 3, změněné 0, beze změny 0" in response.content.decode()
    expected = [
        ("Horváth", D(2026, 9, 1), 4, 12),
        ("Horváth", D(2026, 10, 1), 6, 3),
        ("Malá", D(2026, 9, 1), 0, 2),
    ]
    assert _stored() == expected
    stamps = sorted(AttendanceMonth.objects.values_list("pk", "updated_at"))

    again = _upload(client, _csv(*GOOD))
    _map(client, again, school=s.school.pk)
    response = client.post(reverse("outcomes:import_commit", args=[again.pk]), follow=True)
    assert "nové měsíce 0, změněné 0, beze změny 3" in response.content.decode()
    assert _stored() == expected
    assert sorted(AttendanceMonth.objects.values_list("pk", "updated_at")) == stamps

    # The same import cannot be confirmed twice.
    client.post(reverse("outcomes:import_commit", args=[imp.pk]))
    assert _stored() == expected


def test_a_changed_month_is_updated_not_duplicated(s, client, login):
    login(client, s.cm)
    AttendanceMonth.objects.create(student=s.eva, month=D(2026, 9, 1), excused_hours=1, unexcused_hours=1)
    imp = _upload(client, _csv(GOOD[1]))
    _map(client, imp, school=s.school.pk)
    assert "Změní uložené hodiny" in client.get(reverse("outcomes:import_detail", args=[imp.pk])).content.decode()
    client.post(reverse("outcomes:import_commit", args=[imp.pk]))
    assert _stored() == [("Malá", D(2026, 9, 1), 0, 2)]


@pytest.mark.parametrize(
    "bad_line, message",
    [
        ("Horváth Matyáš;14.3.2013;09/2026;1;1", "neodpovídá žádný z vašich žáků"),  # wrong birth date
        ("Nikdo Neznámý;14.3.2012;09/2026;1;1", "neodpovídá žádný z vašich žáků"),
        ("Skrytý Tomáš;1.1.2012;09/2026;1;1", "neodpovídá žádný z vašich žáků"),  # not the importer's student
        ("Malá Eva;2.9.2011;září;1;1", "Období není měsíc"),
        ("Malá Eva;2.9.2011;2026-11;1,5;1", "Omluvené hodiny nejsou celé číslo"),
        ("Malá Eva;;2026-11;1;-3", "Datum narození chybí"),
        ("Malá Eva;2.9.2011;2026-09;5;5", "Stejný žák a měsíc už jsou na řádku 3"),
    ],
)
def test_one_bad_row_imports_nothing_and_says_why_in_czech(s, client, login, bad_line, message):
    login(client, s.cm)
    imp = _upload(client, _csv(*GOOD, bad_line))
    _map(client, imp, school=s.school.pk)
    page = client.get(reverse("outcomes:import_detail", args=[imp.pk])).content.decode()
    assert message in page and "Nic se neimportuje" in page and "import-confirm" not in page
    response = client.post(reverse("outcomes:import_commit", args=[imp.pk]), follow=True)
    assert "Nic nebylo importováno" in response.content.decode()
    assert AttendanceMonth.objects.count() == 0
    imp.refresh_from_db()
    assert imp.status == AttendanceImport.Status.PENDING


def test_two_students_with_the_same_name_birth_date_and_school_are_never_guessed(s, client, login):
    twin = StudentFactory(
        organisation=s.org, school=s.school, first_name="Matyáš", last_name="Horváth", date_of_birth=D(2012, 3, 14)
    )
    CaseFactory(organisation=s.org, student=twin, school=s.school, lead=s.cm)
    login(client, s.cm)
    imp = _upload(client, _csv(GOOD[0]))
    _map(client, imp, school=s.school.pk)
    assert "odpovídá více žáků" in client.get(reverse("outcomes:import_detail", args=[imp.pk])).content.decode()
    client.post(reverse("outcomes:import_commit", args=[imp.pk]))
    assert AttendanceMonth.objects.count() == 0


def test_the_school_must_match_too(s, client, login):
    other_school = SchoolFactory(organisation=s.org, name="SOŠ Jinde")
    login(client, s.cm)
    imp = _upload(client, _csv(GOOD[0]))
    _map(client, imp, school=other_school.pk)
    client.post(reverse("outcomes:import_commit", args=[imp.pk]))
    assert AttendanceMonth.objects.count() == 0


def test_an_xlsx_export_with_a_school_column_is_imported(s, client, login):
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Jméno", "Příjmení", "Narozen", "Škola", "Měsíc", "Omluvené", "Neomluvené"])
    ws.append(["Eva", "Malá", datetime.datetime(2011, 9, 2), "ZŠ Na Výsluní", "2026-09", 3, 11])
    buffer = io.BytesIO()
    book.save(buffer)
    login(client, s.cm)
    imp = _upload(client, buffer.getvalue(), name="edupage.xlsx")
    assert imp.mapping["columns"] == {
        "first_name": 0,
        "last_name": 1,
        "birth_date": 2,
        "school": 3,
        "period": 4,
        "excused": 5,
        "unexcused": 6,
    }
    client.post(reverse("outcomes:import_commit", args=[imp.pk]))
    assert _stored() == [("Malá", D(2026, 9, 1), 3, 11)]


def test_a_file_that_is_not_a_table_is_refused_in_czech(s, client, login):
    login(client, s.cm)
    response = client.post(reverse("outcomes:import"), {"file": SimpleUploadedFile("x.xlsx", b"not a zip")})
    assert response.status_code == 200 and "není platný sešit XLSX" in response.content.decode()
    response = client.post(reverse("outcomes:import"), {"file": SimpleUploadedFile("x.pdf", b"%PDF")})
    assert "Nahrajte soubor CSV nebo XLSX" in response.content.decode()
    assert AttendanceImport.objects.count() == 0


# --- Attacks -------------------------------------------------------------------------------------


def test_another_case_manager_cannot_open_or_confirm_my_import(s, client, login):
    login(client, s.cm)
    imp = _upload(client, _csv(*GOOD))
    _map(client, imp, school=s.school.pk)
    login(client, s.other_cm)
    assert client.get(reverse("outcomes:import_detail", args=[imp.pk])).status_code == 404
    assert client.post(reverse("outcomes:import_commit", args=[imp.pk])).status_code == 404
    assert AttendanceMonth.objects.count() == 0


def test_another_organisation_cannot_import_for_our_students(s, client, login):
    intruder = MembershipFactory(role=Role.COORDINATOR)
    login(client, intruder)
    imp = _upload(client, _csv(*GOOD))
    _map(client, imp, school=s.school.pk)  # not their school: refused by the form
    imp.mapping = {
        "columns": {"name": 0, "birth_date": 1, "period": 2, "excused": 3, "unexcused": 4},
        "school": s.school.pk,
    }
    imp.save()
    client.post(reverse("outcomes:import_commit", args=[imp.pk]))
    assert AttendanceMonth.objects.count() == 0


def test_school_staff_may_not_import(s, client, login):
    staff = MembershipFactory(organisation=s.org, role=Role.SCHOOL_STAFF, school=s.school)
    login(client, staff)
    response = client.post(reverse("outcomes:import"), {"file": SimpleUploadedFile("a.csv", _csv(*GOOD))})
    assert response.status_code == 403
    assert AttendanceImport.objects.count() == 0


def test_an_import_keeps_each_students_latest_month_once_at_its_end(s, client, login, monkeypatch):
    """The months of an import refresh LatestAttendance once for all its students (four
    queries per row before), and each student's latest month is right afterwards."""
    from opora.outcomes.models import LatestAttendance

    calls = []
    refresh = LatestAttendance.refresh.__func__
    monkeypatch.setattr(
        LatestAttendance,
        "refresh",
        classmethod(lambda cls, ids, **kw: calls.append(set(ids)) or refresh(cls, ids, **kw)),
    )
    login(client, s.cm)
    imp = _upload(client, _csv(*GOOD))
    _map(client, imp, school=s.school.pk)
    client.post(reverse("outcomes:import_commit", args=[imp.pk]))
    assert calls == [{s.matyas.pk, s.eva.pk}]
    latest = {r.student_id: (r.month, r.unexcused_hours) for r in LatestAttendance.objects.all()}
    assert latest == {s.matyas.pk: (D(2026, 10, 1), 3), s.eva.pk: (D(2026, 9, 1), 2)}
    # A single write outside an import still keeps it at once.
    AttendanceMonth.objects.create(student=s.eva, month=D(2026, 11, 1), excused_hours=0, unexcused_hours=9)
    assert calls[-1] == {s.eva.pk}
    assert LatestAttendance.objects.get(student=s.eva).unexcused_hours == 9
