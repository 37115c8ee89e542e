"""Printable letters (receipt, acceptance notice, certificates) as PDF with WeasyPrint."""

from flask import render_template
from flask_babel import force_locale


def render_pdf(template: str, locale: str = "zh_CN", **context) -> bytes:
    """Render `templates/<template>` (HTML) in `locale` and return the PDF bytes."""
    from weasyprint import HTML  # imported late: it loads Pango, which only letters need

    with force_locale(locale):
        html = render_template(template, **context)
    return HTML(string=html).write_pdf()
