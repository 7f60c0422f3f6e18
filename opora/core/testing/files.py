"""Real (tiny) files for upload tests: uploads are parsed, so a PDF must be a PDF."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile


def pdf_bytes(pages: int = 1, *, padding: int = 0) -> bytes:
    """A valid, harmless PDF of blank A4 pages; `padding` bytes of random metadata make it big."""
    import os

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    if padding:
        writer.add_metadata({"/Subject": os.urandom(padding // 2).hex()})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_upload(name: str = "dokument.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")
