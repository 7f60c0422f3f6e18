import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from opora.schools import services
from opora.schools.models import School
from opora.schools.validators import ico_is_valid, validate_ico, validate_red_izo

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("ico", ["00064581", "26168685", "25596641", "27074358", "70883521"])
def test_real_icos_pass_the_checksum(ico):
    assert ico_is_valid(ico)
    validate_ico(ico)


@pytest.mark.parametrize("ico", ["00064582", "26168684", "1234567", "123456789", "2616868a", ""])
def test_wrong_icos_are_refused(ico):
    assert not ico_is_valid(ico)
    with pytest.raises(ValidationError):
        validate_ico(ico)


def test_every_wrong_check_digit_is_caught():
    base = "2616868"
    valid = [d for d in "0123456789" if ico_is_valid(base + d)]
    assert valid == ["5"]


def test_red_izo_has_nine_digits():
    validate_red_izo("600041123")
    for bad in ("60004112", "6000411234", "60004112x"):
        with pytest.raises(ValidationError):
            validate_red_izo(bad)


GOOD = (
    "název;adresa;RED IZO;IČO;typ\n"
    "ZŠ Bratří Čapků;Úvalská 1, Praha 10;600041123;00064581;ZŠ\n"
    "Gymnázium Na Pražačce;Na Pražačce 1, Praha 3;600005691;61388971;gymnázium\n"
)
BAD = (
    "název;adresa;RED IZO;IČO;typ\n"
    "ZŠ Bratří Čapků;Úvalská 1, Praha 10;600041123;00064581;ZŠ\n"
    ";Bez názvu 2, Praha 1;600041124;;ZŠ\n"
    "ZŠ Chybné IČO;Praha 4;600041125;00064582;ZŠ\n"
    "SOŠ Krátké IZO;Praha 5;12345;;střední\n"
    "Škola neznámého typu;Praha 6;600041126;;akademie věd\n"
    "ZŠ Dvojí IZO;Praha 7;600041123;;ZŠ\n"
)


def test_preview_of_a_good_file_lists_every_row_without_writing(world):
    preview = services.import_preview(organisation=world.org, data=GOOD.encode())
    assert preview.ok and len(preview.rows) == 2
    assert preview.rows[1].school.kind == School.Kind.GRAMMAR
    assert not School.objects.filter(name="ZŠ Bratří Čapků").exists()


def test_a_file_with_bad_rows_imports_nothing_and_reports_each_row(world):
    before = School.objects.count()
    preview = services.import_preview(organisation=world.org, data=BAD.encode())
    assert not preview.ok
    errors = {r.line: " ".join(r.errors) for r in preview.rows if r.errors}
    assert set(errors) == {3, 4, 5, 6, 7}
    assert "IČO" in errors[4]
    assert "RED IZO" in errors[5]
    assert "600041123" in errors[7]
    with pytest.raises(ValidationError):
        services.import_schools(by=world.members["coordinator"], data=BAD.encode())
    assert School.objects.count() == before


def test_the_import_screen_shows_a_preview_then_imports_all_rows(client, login, world):
    login(client, world.members["coordinator"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("schools:import")
    response = client.post(url, {"file": SimpleUploadedFile("skoly.csv", GOOD.encode("utf-8"))})
    assert response.status_code == 200
    assert "ZŠ Bratří Čapků" in response.content.decode()
    assert not School.objects.filter(name="ZŠ Bratří Čapků").exists()
    data = response.context["data_b64"]
    response = client.post(url, {"data": data, "confirm": "1"})
    assert response.status_code == 302
    assert (
        School.objects.filter(organisation=world.org, name__in=["ZŠ Bratří Čapků", "Gymnázium Na Pražačce"]).count()
        == 2
    )


def test_the_import_screen_reports_bad_rows_with_their_numbers(client, login, world):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import translation

    login(client, world.members["coordinator"])
    before = School.objects.count()
    with translation.override("cs"):
        response = client.post(
            reverse("schools:import"),
            {"file": SimpleUploadedFile("skoly.csv", BAD.encode("utf-8"))},
            HTTP_ACCEPT_LANGUAGE="cs",
        )
    html = response.content.decode()
    for line in (3, 4, 5, 6, 7):
        assert f"Řádek {line}:" in html
    assert 'name="confirm"' not in html
    assert School.objects.count() == before
