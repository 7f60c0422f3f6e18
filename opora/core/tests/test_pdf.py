import io

from django.template import Context, Template
from pypdf import PdfReader

from opora.core.pdf import html_to_pdf


def test_pdf_renders_czech_diacritics_as_text():
    template = Template('{% extends "pdf/base.html" %}{% block content %}<h1>{{ title }}</h1>{% endblock %}')
    html = template.render(Context({"title": "Příliš žluťoučký kůň úpěl ďábelské ódy — Řeháková"}))
    text = PdfReader(io.BytesIO(html_to_pdf(html))).pages[0].extract_text()
    assert "Příliš žluťoučký kůň úpěl ďábelské ódy" in text
    assert "Řeháková" in text
