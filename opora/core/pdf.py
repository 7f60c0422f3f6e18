"""PDF documents from templates (WeasyPrint). Fonts: DejaVu (Czech diacritics), installed by
scripts/setup.sh as fonts-dejavu-core; nothing is fetched from outside."""

from django.template.loader import render_to_string
from django.utils.translation import get_language


def _no_external(url, *args, **kwargs):
    # Documents are self-contained: refuse any URL fetch (no network, no file system).
    raise ValueError(f"external resource refused in PDF: {url}")


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_no_external).write_pdf()


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    html = render_to_string(template_name, {**context, "LANGUAGE_CODE": get_language()}, request=request)
    return html_to_pdf(html)
