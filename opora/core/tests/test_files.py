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
