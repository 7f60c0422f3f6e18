import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from opora.core.files import validate_upload
from opora.core.testing.files import pdf_bytes


def test_a_real_pdf_is_accepted():
    validate_upload(SimpleUploadedFile("vysvedceni.pdf", pdf_bytes()))


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("skript.exe", b"MZ\x90\x00", "type"),
        ("fake.pdf", b"<html>not a pdf</html>", "content"),
        ("broken.pdf", b"%PDF-1.7\n...content...", "pdf_unreadable"),
        ("photo.png", b"\xff\xd8\xff\xe0 jpeg really", "content"),
        ("empty.pdf", b"", "empty"),
        ("binary.txt", b"\xff\xfe\x00\x81\x82", "content"),
    ],
)
def test_wrong_files_are_refused_with_a_reason(name, content, code):
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile(name, content))
    assert exc.value.code == code


@override_settings(OPORA_UPLOAD_MAX_BYTES=100)
def test_a_file_over_the_limit_is_refused():
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile("big.pdf", b"%PDF-" + b"x" * 200))
    assert exc.value.code == "too_large"


# --- Download names ------------------------------------------------------------------------------


def test_a_czech_download_name_is_encoded_as_rfc_6266_wants():
    from urllib.parse import unquote

    from opora.core.files import download_response

    response = download_response(b"%PDF-1.4", filename="zápis-ze-setkání.pdf", content_type="application/pdf")
    header = response["Content-Disposition"]
    assert header.startswith("attachment; filename*=utf-8''")
    assert unquote(header.split("''", 1)[1]) == "zápis-ze-setkání.pdf"
    assert response["Cache-Control"] == "private, no-store"
    # An ASCII name with a quote cannot break out of the header.
    assert download_response(filename='a"b.csv', content_type="text/csv")["Content-Disposition"] == (
        'attachment; filename="a\\"b.csv"'
    )


def test_no_view_builds_a_content_disposition_header_by_hand():
    """Every download is named through opora.core.files (download_response / file_response)."""
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR) / "opora"
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "tests" not in path.parts
        and path.name != "files.py"
        and '["Content-Disposition"]' in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
