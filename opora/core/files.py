"""Uploaded files: checked for type and size, stored outside the web root (MEDIA_ROOT has no
URL route) and sent only by views that have done their access check.

A PDF is also parsed (pypdf): one that cannot be read, or that carries active content —
JavaScript, actions run on opening or on events, launching programs, embedded files — is
refused, wherever the names hide (compressed object streams and #-escaped names included)."""

import io
import mimetypes
import re
import uuid
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

# Allowed kinds: extension -> (content type, accepted leading bytes)
ALLOWED = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".txt": ("text/plain", ()),
}


# Names that make a PDF do something when it is opened or used (PDF 32000-1: 12.6 actions,
# 12.6.3 additional actions, 12.6.4.5 launch, 12.6.4.16 JavaScript, 7.11.4 embedded files).
PDF_FORBIDDEN_NAMES = frozenset(
    {"/JS", "/JavaScript", "/OpenAction", "/Launch", "/EmbeddedFiles", "/EmbeddedFile", "/AA"}
)

_PDF_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]*)")
_PDF_STREAM_BODY = re.compile(rb">>\s*stream\r?\n.*?endstream", re.DOTALL)
_PDF_HEX = re.compile(rb"#([0-9A-Fa-f]{2})")


def _raw_pdf_names(data: bytes) -> set[str]:
    """Every name written in the file outside stream bodies (#xx escapes decoded): catches
    objects a reader might find that the file's cross-reference table does not list."""
    names = set()
    for match in _PDF_NAME.finditer(_PDF_STREAM_BODY.sub(b">> stream endstream", data)):
        raw = _PDF_HEX.sub(lambda m: bytes([int(m.group(1), 16)]), match.group(1))
        names.add("/" + raw.decode("latin-1"))
    return names


def _parsed_pdf_names(data: bytes) -> set[str]:
    """Every name (dictionary key or value) of every object pypdf finds: the trailer, each
    object of the cross-reference table and of the object streams, and what they refer to."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        raise ValidationError(
            _("The PDF is protected by a password. Upload a copy without a password."), code="pdf_encrypted"
        )
    if len(reader.pages) < 1:
        raise ValueError("no pages")
    stack: list = [reader.trailer]
    for generation, entries in reader.xref.items():
        stack.extend(IndirectObject(idnum, generation, reader) for idnum in entries)
    stack.extend(IndirectObject(idnum, 0, reader) for idnum in reader.xref_objStm)
    names: set[str] = set()
    seen: set[tuple[int, int]] = set()
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):  # stream objects included
            names.update(str(key) for key in obj)
            stack.extend(obj.values())
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
        elif isinstance(obj, NameObject):
            names.add(str(obj))
    return names


def validate_pdf(upload) -> None:
    """Refuse a PDF that cannot be parsed or that carries active content."""
    data = upload.read()
    upload.seek(0)
    unreadable = ValidationError(
        _("The PDF cannot be read; it may be damaged. Save or print it again as PDF and upload the new file."),
        code="pdf_unreadable",
    )
    try:
        names = _parsed_pdf_names(data)
    except ValidationError:
        raise
    except Exception as exc:  # pypdf raises many kinds of errors on malformed input
        raise unreadable from exc
    if (names | _raw_pdf_names(data)) & PDF_FORBIDDEN_NAMES:
        raise ValidationError(
            _(
                "The PDF contains active content (JavaScript, actions run on opening, launching of "
                "programs or embedded files) and cannot be accepted. Print it to a new PDF and upload that."
            ),
            code="pdf_active",
        )


def validate_upload(upload) -> None:
    """Raise ValidationError (in the user's language) unless the file is an allowed kind and size."""
    max_bytes = settings.OPORA_UPLOAD_MAX_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB."),
            params={"size": round(upload.size / 1_048_576, 1), "limit": round(max_bytes / 1_048_576, 1)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    ext = PurePath(upload.name).suffix.lower()
    if ext not in ALLOWED:
        raise ValidationError(
            _("This kind of file is not accepted. Upload PDF, JPEG, PNG, DOCX, ODT, XLSX or TXT."), code="type"
        )
    magics = ALLOWED[ext][1]
    head = upload.read(16)
    upload.seek(0)
    if magics and not any(head.startswith(m) for m in magics):
        raise ValidationError(_("The file's content does not match its type."), code="content")
    if ext == ".txt":
        try:
            upload.read(65536).decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationError(_("The file's content does not match its type."), code="content")
        finally:
            upload.seek(0)
    if ext == ".pdf" or head.startswith(b"%PDF-"):
        validate_pdf(upload)


class PrivateFileField(forms.FileField):
    """A form field that applies validate_upload."""

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value and hasattr(value, "size"):
            validate_upload(value)
        return value


def private_upload_to(instance, filename: str) -> str:
    """Random file names in a per-model folder; keep the original name on the model."""
    ext = PurePath(filename).suffix.lower()
    return f"{instance._meta.app_label}/{instance._meta.model_name}/{uuid.uuid4().hex}{ext}"


def file_response(field_file, download_name: str) -> FileResponse:
    """Send a stored file as an attachment (never inline, never cached).

    Streamed in blocks whatever the storage: from the local folder, or straight from the
    object store's response body (never a redirect to a bucket URL, never the whole object in
    memory or on the app server's disk)."""
    content_type = mimetypes.guess_type(download_name)[0] or "application/octet-stream"
    body, length = _open_stream(field_file)
    response = FileResponse(body, as_attachment=True, filename=download_name, content_type=content_type)
    if length is not None and not response.has_header("Content-Length"):
        response["Content-Length"] = str(length)
    response["Cache-Control"] = "private, no-store"
    return response


def download_response(content: bytes | str = b"", *, filename: str, content_type: str) -> HttpResponse:
    """A generated document (PDF, CSV, ZIP …) sent as an attachment, never cached.

    The one place that names a download: Content-Disposition as RFC 6266 wants it — a plain
    ``filename="…"`` for ASCII names, ``filename*=utf-8''…`` (percent-encoded) for Czech ones —
    the same encoding ``file_response`` gets from FileResponse. More content may be written to
    the response afterwards (a CSV writer does)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


def _open_stream(field_file):
    storage = field_file.storage
    bucket = getattr(storage, "bucket", None)
    if bucket is not None and hasattr(storage, "_normalize_name"):  # django-storages S3Storage
        from storages.utils import clean_name

        result = bucket.Object(storage._normalize_name(clean_name(field_file.name))).get()
        return result["Body"], result.get("ContentLength")
    return field_file.open("rb"), None
