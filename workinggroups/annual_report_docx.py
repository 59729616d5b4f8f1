"""The annual report as a Word document (python-docx), with the same content as the page:
title, the Secretariat's narrative sections, the year's figures as tables, one section per
reporting Working Group (achievements, challenges, next steps) and the groups not reporting.

The rich text is stored sanitised (a small allow-list of tags), so a tiny HTML walker turns it into
paragraphs, sub-headings, list items and bold/italic runs; links keep their text and address.
"""

from __future__ import annotations

import io
from html.parser import HTMLParser

from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _
from docx import Document as WordDocument
from docx.shared import Pt

from .annual_report import CompiledAnnualReport


class _Writer:
    """Paragraphs with named styles, the style ids looked up once (python-docx resolves a style
    name by scanning every style on each call, which is slow for hundreds of paragraphs)."""

    def __init__(self, document):
        self.document = document
        self._ids: dict[str, str] = {}

    def paragraph(self, style: str | None = None, text: str = ""):
        paragraph = self.document.add_paragraph(text)
        if style:
            if style not in self._ids:
                self._ids[style] = self.document.styles[style].style_id
            paragraph._p.style = self._ids[style]
        return paragraph

    def heading(self, text: str, level: int):
        return self.paragraph("Title" if level == 0 else f"Heading {level}", text)


class _HtmlToWord(HTMLParser):
    """Append sanitised HTML (`entities.organization_actions.ALLOWED_TAGS`) to a DOCX document."""

    def __init__(self, writer: _Writer, base_heading_level: int):
        super().__init__(convert_charrefs=True)
        self.writer = writer
        self.base = base_heading_level
        self.paragraph = None
        self.bold = 0
        self.italic = 0
        self.lists: list[str] = []
        self.href = None

    def _new(self, style=None):
        self.paragraph = self.writer.paragraph(style)
        return self.paragraph

    def _ensure(self):
        if self.paragraph is None:
            self._new()
        return self.paragraph

    def handle_starttag(self, tag, attrs):
        if tag in ("p", "blockquote"):
            self._new("Quote" if tag == "blockquote" else None)
        elif tag in ("h3", "h4"):
            level = min(self.base + (1 if tag == "h3" else 2), 9)
            self.paragraph = self.writer.heading("", level)
        elif tag in ("ul", "ol"):
            self.lists.append(tag)
            self.paragraph = None
        elif tag == "li":
            kind = self.lists[-1] if self.lists else "ul"
            self._new("List Number" if kind == "ol" else "List Bullet")
        elif tag == "br":
            self._ensure().add_run().add_break()
        elif tag == "strong":
            self.bold += 1
        elif tag == "em":
            self.italic += 1
        elif tag == "a":
            self.href = dict(attrs).get("href")

    def handle_endtag(self, tag):
        if tag in ("p", "blockquote", "h3", "h4", "li"):
            self.paragraph = None
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self.paragraph = None
        elif tag == "strong":
            self.bold = max(0, self.bold - 1)
        elif tag == "em":
            self.italic = max(0, self.italic - 1)
        elif tag == "a":
            if self.href and self.href.startswith(("http://", "https://")):
                self._ensure().add_run(f" ({self.href})")
            self.href = None

    def handle_data(self, data):
        if not data.strip() and self.paragraph is None:
            return
        run = self._ensure().add_run(data)
        run.bold = bool(self.bold) or None
        run.italic = bool(self.italic) or None


def add_html(writer: _Writer, html: str, *, base_heading_level: int = 2) -> None:
    parser = _HtmlToWord(writer, base_heading_level)
    parser.feed(html or "")
    parser.close()


def _table(document, header: list[str], rows: list[list]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = str(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = str(value)


def build_annual_report_docx(compiled: CompiledAnnualReport) -> bytes:
    document = WordDocument()
    document.styles["Normal"].font.size = Pt(11)
    writer = _Writer(document)
    document.core_properties.title = _("Annual report %(year)s") % {"year": compiled.year}
    document.core_properties.author = _("UN Global Counter-Terrorism Coordination Compact")

    writer.heading(
        _("UN Global Counter-Terrorism Coordination Compact: annual report %(year)s")
        % {"year": compiled.year},
        level=0,
    )
    if not compiled.published:
        writer.paragraph(None, _("Draft — not published to focal points."))

    for _name, title, html in compiled.narrative():
        writer.heading(title, level=1)
        if html:
            add_html(writer, html, base_heading_level=1)
        else:
            writer.paragraph(None, _("Not written yet."))

    writer.heading(_("The year in figures"), level=1)
    _table(
        document,
        [_("Figure"), _("Number")],
        [[label, value] for label, value in compiled.figures()],
    )
    writer.heading(_("Work plan activities by status"), level=2)
    _table(
        document,
        [_("Status"), _("Activities")],
        [[label, count] for _value, label, count in compiled.statuses],
    )
    if compiled.priority_rows:
        writer.heading(_("Work plan activities by JPOW priority"), level=2)
        _table(
            document,
            [_("Priority"), *[label for _value, label, _count in compiled.statuses], _("Total")],
            [[row.label, *row.counts, row.total] for row in compiled.priority_rows],
        )

    writer.heading(_("Progress of the Working Groups"), level=1)
    if not compiled.sections:
        writer.paragraph(None, _("No Working Group submitted a progress report for the year."))
    for section in compiled.sections:
        writer.heading(str(section.group), level=2)
        for report in section.reports:
            writer.paragraph(
                "Subtitle",
                _("Progress report for %(start)s – %(end)s")
                % {
                    "start": format_date(report.period_start, "j F Y"),
                    "end": format_date(report.period_end, "j F Y"),
                },
            )
            for label, html in (
                (_("Achievements"), report.achievements),
                (_("Challenges"), report.challenges),
                (_("Next steps"), report.next_steps),
            ):
                writer.heading(label, level=3)
                if html:
                    add_html(writer, html, base_heading_level=3)
                else:
                    writer.paragraph(None, _("Nothing reported."))

    writer.heading(_("Working Groups that have not reported"), level=1)
    if compiled.missing_groups:
        for group in compiled.missing_groups:
            writer.paragraph("List Bullet", str(group))
    else:
        writer.paragraph(None, _("Every Working Group reported for the year."))

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
