"""DOCX documents (python-docx) from a title, facts and sections of plain text — the same
content as the PDF of a document, for recipients who edit or file Word documents."""

from __future__ import annotations

import io


def render_docx(
    *, title: str, facts: list[tuple[str, str]] = (), sections: list[tuple[str, str]] = (), footer: str = ""
) -> bytes:
    from docx import Document

    document = Document()
    document.core_properties.title = title
    document.add_heading(title, level=1)
    if facts:
        table = document.add_table(rows=0, cols=2)
        for label, value in facts:
            cells = table.add_row().cells
            cells[0].text = str(label)
            cells[1].text = str(value or "—")
    for heading, text in sections:
        document.add_heading(str(heading), level=2)
        for paragraph in (str(text or "—")).split("\n"):
            document.add_paragraph(paragraph)
    if footer:
        document.add_paragraph(footer)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
