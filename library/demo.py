"""Demo documents for the library: `seed_documents(scale)`, called by `manage.py seed_demo`.

About 3,500 documents per unit of scale (the Compact had shared 3,521), with titles, summaries and
full texts written from the Compact's own vocabulary (themes, Working Groups, organizations,
countries), so search is exercised on real words. Each document has a real file: mostly UTF-8
text files, and for about one in fifty a generated PDF or DOCX that the extractors can read. The
extracted text is stored directly (state "done"), and the search vectors are built at the end in
one bulk update (`library.indexing.update_search_vectors`), so seeding is fast.

Deterministic: document *i* comes from its own `random.Random(f"{SEED}:{i}")`, so the same
reference data gives the same documents, and scale 2 is scale 1 plus 3,500 more. Idempotent: a
document is identified by the checksum of its main file; planned documents already there are
skipped.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import logging
import os
import random
import time
import zipfile
from dataclasses import dataclass, field

from django.core.files.storage import FileSystemStorage, default_storage
from django.db import transaction
from django.utils.text import slugify

from entities.models import Organization, Pillar, Theme
from workinggroups.models import WorkingGroup

from .models import Document, DocumentFile

logger = logging.getLogger(__name__)

SEED = 20180223
DOCUMENTS_PER_SCALE = 3500
BATCH = 1000
FILE_PREFIX = "library/demo"
TXT_MIME = "text/plain; charset=utf-8"
PDF_MIME = "application/pdf"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FIRST_DAY = datetime.date(2018, 2, 1)
LAST_DAY = datetime.date(2026, 6, 30)

TYPE_WEIGHTS = [
    (Document.Type.REPORT, 20),
    (Document.Type.MEETING_RECORD, 17),
    (Document.Type.GUIDANCE, 12),
    (Document.Type.GOOD_PRACTICE, 10),
    (Document.Type.PRESENTATION, 10),
    (Document.Type.CONCEPT_NOTE, 8),
    (Document.Type.PUBLICATION, 8),
    (Document.Type.TRAINING, 7),
    (Document.Type.LEGAL, 5),
    (Document.Type.OTHER, 3),
]
VISIBILITY_WEIGHTS = [
    (Document.Visibility.ALL, 80),
    (Document.Visibility.COMPACT, 8),
    (Document.Visibility.GROUPS, 5),
    (Document.Visibility.ORGANIZATIONS, 4),
    (Document.Visibility.SECRETARIAT, 3),
]
LANGUAGE_WEIGHTS = [("en", 78), ("fr", 8), ("es", 6), ("ar", 3), ("ru", 3), ("zh", 2)]

# Phrases per theme, used in titles and texts.
THEME_PHRASES = {
    "pcve": ["preventing violent extremism", "community resilience", "disengagement programmes"],
    "conditions-conducive": ["conditions conducive to terrorism", "conflict prevention"],
    "youth": ["youth engagement", "youth-led prevention initiatives", "education and youth"],
    "strategic-communications": ["strategic communications", "counter-narratives online"],
    "border-management": ["border security and management", "advance passenger information"],
    "law-enforcement": ["police cooperation", "counter-terrorism investigations"],
    "aviation-security": ["aviation security", "countering terrorist travel", "passenger data"],
    "maritime-security": ["maritime security", "port facility security"],
    "cbrn": ["chemical and biological terrorism", "radiological and nuclear security"],
    "critical-infrastructure": ["protection of critical infrastructure", "soft targets"],
    "new-technologies": [
        "unmanned aircraft systems",
        "terrorist use of the internet",
        "cybersecurity",
    ],  # noqa: E501
    "small-arms-explosives": ["small arms and light weapons", "improvised explosive devices"],
    "criminal-justice": ["criminal justice responses", "mutual legal assistance", "prosecution"],
    "cft": ["countering the financing of terrorism", "financial intelligence", "asset freezing"],
    "ftf-prosecution-rehabilitation": [
        "foreign terrorist fighters",
        "prosecution, rehabilitation and reintegration",
        "returning family members",
    ],
    "capacity-building": ["capacity-building", "technical assistance delivery"],
    "national-regional-strategies": [
        "national counter-terrorism strategies",
        "regional action plans",
    ],  # noqa: E501
    "resource-mobilization": ["resource mobilization", "monitoring and evaluation"],
    "human-rights": ["human rights and the rule of law", "due process safeguards"],
    "victims": ["support to victims of terrorism", "assistance to victims"],
    "gender": ["gender mainstreaming", "women, peace and security"],
}

TITLES = {
    Document.Type.REPORT: [
        "Report on {phrase} in {place}",
        "{Phrase}: progress report {year}",
        "{org} report on {phrase}",
        "Assessment of {phrase} in {place}",
    ],
    Document.Type.MEETING_RECORD: [
        "Summary of the {group} meeting on {phrase}",
        "Record of the expert meeting on {phrase}, {year}",
        "Minutes: {group}, {month} {year}",
    ],
    Document.Type.GUIDANCE: [
        "Guidance on {phrase}",
        "Technical guide: {phrase} for {audience}",
        "Operational guidelines on {phrase}",
    ],
    Document.Type.GOOD_PRACTICE: [
        "Good practices in {phrase}",
        "Lessons learned: {phrase} in {place}",
        "Compendium of good practices on {phrase}",
    ],
    Document.Type.PRESENTATION: [
        "Presentation: {phrase} ({org}, {year})",
        "Briefing on {phrase} to the {group}",
    ],
    Document.Type.CONCEPT_NOTE: [
        "Concept note: {phrase} in {place}",
        "Concept note for a joint project on {phrase}",
    ],
    Document.Type.PUBLICATION: [
        "{Phrase}: a handbook for {audience}",
        "{Phrase} — policy brief",
    ],
    Document.Type.TRAINING: [
        "Training module on {phrase}",
        "Training curriculum: {phrase} for {audience}",
    ],
    Document.Type.LEGAL: [
        "Compilation of Security Council resolutions on {phrase}",
        "Model legislative provisions on {phrase}",
    ],
    Document.Type.OTHER: ["Note on {phrase}", "Background paper: {phrase}"],
}

AUDIENCES = [
    "practitioners",
    "border officials",
    "prosecutors and judges",
    "policymakers",
    "law enforcement officers",
    "civil society partners",
    "parliamentarians",
]

SENTENCES = [
    "This document addresses {phrase} and sets out practical steps for {audience}.",
    "It was prepared by {org} with contributions from the members of the {group}.",
    "The findings draw on consultations held in {place} and on the experience of {org2}.",
    "Member States requested support on {phrase}, in line with the UN Global Counter-Terrorism "
    "Strategy and its {pillar}.",
    "Participants stressed that {phrase} must respect human rights and the rule of law.",
    "The Working Group agreed to share the results through the Compact's coordination mechanisms.",
    "Capacity gaps remain in {place}, in particular regarding {phrase2}.",
    "A follow-up workshop is planned for {month} {year2} to review progress.",
    "The recommendations were endorsed by the Coordination Committee.",
    "Data collected between {year} and {year2} show a steady increase in requests for assistance.",
    "Joint programming among Compact entities avoids duplication and improves impact.",
    "{org} will lead the implementation, with {org2} providing technical expertise.",
    "National authorities in {place} identified {phrase2} as a priority for the coming years.",
    "The approach is gender-sensitive and takes account of the needs of victims of terrorism.",
    "Monitoring and evaluation indicators are annexed to this document.",
    "Lessons from {place} may be relevant for other regions facing similar threats.",
    "The Multi-Year Appeal provides a framework for mobilizing resources for {phrase}.",
    "Further information can be requested from the Compact Secretariat.",
]
SENTENCES_FR = [
    "Ce document porte sur la lutte contre le terrorisme et la prévention de l'extrémisme violent.",
    "Il a été préparé par {org} avec les membres du Groupe de travail.",
    "Les participants ont souligné l'importance des droits de l'homme et de l'état de droit.",
    "Les autorités nationales de {place} ont demandé une assistance technique.",
    "Les recommandations ont été approuvées par le Comité de coordination du Pacte mondial.",
    "Un atelier de suivi est prévu pour examiner les progrès accomplis.",
]
SENTENCES_ES = [
    "Este documento trata de la lucha contra el terrorismo y la prevención del extremismo "
    "violento.",
    "Fue preparado por {org} con los miembros del Grupo de Trabajo.",
    "Los participantes subrayaron la importancia de los derechos humanos y el estado de derecho.",
    "Las autoridades nacionales de {place} solicitaron asistencia técnica.",
    "Las recomendaciones fueron aprobadas por el Comité de Coordinación del Pacto.",
    "Se prevé un taller de seguimiento para examinar los progresos realizados.",
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass
class FilePlan:
    language: str
    kind: str  # "txt", "pdf" or "docx"
    name: str
    text: str
    content: bytes = b""
    sha256: str = ""
    pages: int | None = None


@dataclass
class DocumentPlan:
    title: str
    summary: str
    doc_type: str
    visibility: str
    publication_date: datetime.date
    languages: list
    theme_ids: list
    pillar_ids: list
    group_ids: list
    author_ids: list
    country_ids: list
    audience_group_ids: list = field(default_factory=list)
    audience_organization_ids: list = field(default_factory=list)
    files: list = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.files[0].sha256


# --- reference data -----------------------------------------------------------------------------


@dataclass
class Vocabulary:
    themes: list
    pillars: dict
    groups: list
    entities: list
    regional: list
    states: list


def load_vocabulary() -> Vocabulary:
    themes = list(Theme.objects.order_by("slug").values("pk", "slug", "name", "pillar_id"))
    groups = list(
        WorkingGroup.objects.filter(kind=WorkingGroup.Kind.WORKING_GROUP)
        .order_by("number")
        .values("pk", "number", "short_name", "name", "pillar_id")
    )
    organizations = list(
        Organization.objects.order_by("slug").values("pk", "kind", "name", "acronym", "slug")
    )
    vocabulary = Vocabulary(
        themes=themes,
        pillars={p.pk: f"Pillar {p.numeral}" for p in Pillar.objects.all()},
        groups=groups,
        entities=[o for o in organizations if o["kind"] == Organization.Kind.COMPACT_ENTITY],
        regional=[o for o in organizations if o["kind"] == Organization.Kind.REGIONAL],
        states=[o for o in organizations if o["kind"] == Organization.Kind.MEMBER_STATE],
    )
    if not (vocabulary.themes and vocabulary.groups and vocabulary.entities and vocabulary.states):
        raise RuntimeError("Load the reference data first: manage.py load_compact")
    return vocabulary


# --- planning -----------------------------------------------------------------------------------


def _weighted(rng, pairs):
    return rng.choices([value for value, _ in pairs], weights=[w for _, w in pairs])[0]


def _label(org) -> str:
    return org["acronym"] or org["name"]


def _group_label(group) -> str:
    return f"Working Group {group['number']}"


def _date(rng) -> datetime.date:
    return FIRST_DAY + datetime.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))


def plan_document(index: int, vocabulary: Vocabulary) -> DocumentPlan:
    rng = random.Random(f"{SEED}:{index}")
    doc_type = _weighted(rng, TYPE_WEIGHTS)
    themes = rng.sample(vocabulary.themes, k=rng.choice([1, 1, 2, 2, 3]))
    pillar_ids = sorted({t["pillar_id"] for t in themes if t["pillar_id"]})
    related_groups = [g for g in vocabulary.groups if g["pillar_id"] in pillar_ids]
    groups = [rng.choice(related_groups or vocabulary.groups)]
    if rng.random() < 0.2:
        groups = list({g["pk"]: g for g in [*groups, rng.choice(vocabulary.groups)]}.values())
    authors = rng.sample(vocabulary.entities, k=rng.choice([1, 1, 1, 2]))
    if vocabulary.regional and rng.random() < 0.12:
        authors.append(rng.choice(vocabulary.regional))
    countries = rng.sample(vocabulary.states, k=rng.choice([0, 0, 1, 1, 2, 3]))
    place = countries[0]["name"] if countries else rng.choice(
        ["Africa", "Central Asia", "South-East Asia", "the Sahel", "the Middle East",
         "Latin America", "the Western Balkans", "the Caribbean", "the Pacific"]
    )  # fmt: skip
    published = _date(rng)
    year, year2 = published.year - rng.randint(0, 2), published.year
    theme = themes[0]
    phrase = rng.choice(THEME_PHRASES.get(theme["slug"], [theme["name"].lower()]))
    theme2 = themes[-1] if len(themes) > 1 else rng.choice(vocabulary.themes)
    phrase2 = rng.choice(THEME_PHRASES.get(theme2["slug"], [theme2["name"].lower()]))
    org2 = rng.choice(vocabulary.entities)
    words = {
        "phrase": phrase,
        "Phrase": phrase[:1].upper() + phrase[1:],
        "phrase2": phrase2,
        "place": place,
        "org": _label(authors[0]),
        "org2": _label(org2),
        "group": _group_label(groups[0]),
        "pillar": vocabulary.pillars.get(theme["pillar_id"], "four pillars"),
        "audience": rng.choice(AUDIENCES),
        "month": rng.choice(MONTHS),
        "year": year,
        "year2": year2,
    }
    title = rng.choice(TITLES[doc_type]).format(**words)
    summary = " ".join(s.format(**words) for s in [SENTENCES[0], *rng.sample(SENTENCES[1:6], k=2)])
    reference = f"CT/{published.year}/{index + 1:05d}"
    body_paragraphs = []
    for _ in range(rng.randint(3, 6)):
        body_paragraphs.append(" ".join(s.format(**words) for s in rng.sample(SENTENCES, k=4)))
    text = "\n\n".join(
        [title, f"Reference {reference} · {_label(authors[0])} · {published.isoformat()}", summary]
        + body_paragraphs
    )
    language = _weighted(rng, LANGUAGE_WEIGHTS)
    languages = ["en"] if language == "en" else sorted({"en", language})
    visibility = _weighted(rng, VISIBILITY_WEIGHTS)
    plan = DocumentPlan(
        title=title[:300],
        summary=summary,
        doc_type=doc_type,
        visibility=visibility,
        publication_date=published,
        languages=languages,
        theme_ids=[t["pk"] for t in themes],
        pillar_ids=pillar_ids,
        group_ids=[g["pk"] for g in groups],
        author_ids=[a["pk"] for a in authors],
        country_ids=[c["pk"] for c in countries],
    )
    if visibility == Document.Visibility.GROUPS:
        plan.audience_group_ids = plan.group_ids
    elif visibility == Document.Visibility.ORGANIZATIONS:
        plan.audience_organization_ids = plan.author_ids
    roll = rng.random()
    kind = "pdf" if roll < 0.01 else "docx" if roll < 0.02 else "txt"
    stem = slugify(title)[:80] or "document"
    plan.files.append(FilePlan("en", kind, f"{stem}.{kind}", text))
    if language in ("fr", "es"):
        pool = SENTENCES_FR if language == "fr" else SENTENCES_ES
        translated = "\n\n".join(
            [title, f"Référence {reference}"]
            + [" ".join(s.format(**words) for s in rng.sample(pool, k=4)) for _ in range(3)]
        )
        plan.files.append(FilePlan(language, "txt", f"{stem}-{language}.txt", translated))
    for file_plan in plan.files:
        _render_file(file_plan)
    return plan


def plan_documents(count: int, vocabulary: Vocabulary | None = None) -> list[DocumentPlan]:
    vocabulary = vocabulary or load_vocabulary()
    return [plan_document(i, vocabulary) for i in range(count)]


# --- files --------------------------------------------------------------------------------------


def _pdf_escape(line: str) -> str:
    line = line.encode("latin-1", "replace").decode("latin-1")
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _wrap(text: str, width: int = 90) -> list[str]:
    lines = []
    for paragraph in text.split("\n"):
        words, current = paragraph.split(), ""
        for word in words:
            if current and len(current) + 1 + len(word) > width:
                lines.append(current)
                current = word
            else:
                current = f"{current} {word}".strip()
        lines.append(current)
    return lines


def make_pdf(text: str) -> tuple[bytes, int]:
    """A small valid PDF (Helvetica, one text stream per page) whose text pypdf can extract."""
    lines = _wrap(text)
    per_page = 50
    pages = [lines[i : i + per_page] for i in range(0, len(lines), per_page)] or [[""]]
    objects: list[bytes] = []
    page_ids = []
    font_id = 3
    next_id = 4
    for page_lines in pages:
        stream = (
            "BT /F1 10 Tf 50 790 Td 14 TL\n"
            + "".join(f"({_pdf_escape(line)}) Tj T*\n" for line in page_lines)
            + "ET"
        )
        data = stream.encode("latin-1")
        content_id, page_id = next_id, next_id + 1
        next_id += 2
        objects.append(
            f"{content_id} 0 obj << /Length {len(data)} >> stream\n".encode()
            + data
            + b"\nendstream endobj\n"
        )
        objects.append(
            f"{page_id} 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> /Contents {content_id} 0 R >> "
            "endobj\n".encode()
        )
        page_ids.append(page_id)
    head = [
        b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n",
        f"2 0 obj << /Type /Pages /Kids [{' '.join(f'{p} 0 R' for p in page_ids)}] "
        f"/Count {len(page_ids)} >> endobj\n".encode(),
        b"3 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
        b"/Encoding /WinAnsiEncoding >> endobj\n",
    ]
    body = head + objects
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for chunk in body:
        number = int(chunk.split(b" ", 1)[0])
        offsets[number] = out.tell()
        out.write(chunk)
    xref = out.tell()
    total = len(body) + 1
    out.write(f"xref\n0 {total}\n0000000000 65535 f \n".encode())
    for number in range(1, total):
        out.write(f"{offsets[number]:010d} 00000 n \n".encode())
    out.write(f"trailer << /Size {total} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue(), len(pages)


_DOCX_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)


def make_docx(text: str) -> bytes:
    """A minimal valid DOCX (one paragraph per block of text), byte-for-byte deterministic."""
    from xml.sax.saxutils import escape

    paragraphs = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(block)}</w:t></w:r></w:p>'
        for block in text.split("\n\n")
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{paragraphs}</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in (
            ("[Content_Types].xml", _DOCX_CONTENT_TYPES),
            ("_rels/.rels", _DOCX_RELS),
            ("word/document.xml", document),
        ):
            info = zipfile.ZipInfo(name, date_time=(2018, 2, 23, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data.encode("utf-8"))
    return out.getvalue()


def _render_file(plan: FilePlan) -> None:
    if plan.kind == "pdf":
        plan.content, plan.pages = make_pdf(plan.text)
    elif plan.kind == "docx":
        plan.content = make_docx(plan.text)
    else:
        plan.content = plan.text.encode("utf-8")
    plan.sha256 = hashlib.sha256(plan.content).hexdigest()


def _write(name: str, content: bytes) -> None:
    storage = default_storage
    if isinstance(storage, FileSystemStorage):
        path = storage.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(content)
    elif not storage.exists(name):  # pragma: no cover - other storages
        from django.core.files.base import ContentFile

        storage.save(name, ContentFile(content))


# --- seeding ------------------------------------------------------------------------------------


MIME = {"txt": TXT_MIME, "pdf": PDF_MIME, "docx": DOCX_MIME}


def _create_batch(plans: list[DocumentPlan]) -> list[int]:
    with transaction.atomic():
        documents = Document.objects.bulk_create(
            [
                Document(
                    title=p.title,
                    summary=p.summary,
                    doc_type=p.doc_type,
                    status=Document.Status.PUBLISHED,
                    visibility=p.visibility,
                    languages=p.languages,
                    publication_date=p.publication_date,
                )
                for p in plans
            ]
        )
        through_rows = {
            Document.themes.through: [],
            Document.pillars.through: [],
            Document.working_groups.through: [],
            Document.author_organizations.through: [],
            Document.countries.through: [],
            Document.audience_groups.through: [],
            Document.audience_organizations.through: [],
        }
        files = []
        for document, p in zip(documents, plans, strict=True):
            pk = document.pk
            through_rows[Document.themes.through] += [
                Document.themes.through(document_id=pk, theme_id=t) for t in p.theme_ids
            ]
            through_rows[Document.pillars.through] += [
                Document.pillars.through(document_id=pk, pillar_id=x) for x in p.pillar_ids
            ]
            through_rows[Document.working_groups.through] += [
                Document.working_groups.through(document_id=pk, workinggroup_id=g)
                for g in p.group_ids
            ]
            through_rows[Document.author_organizations.through] += [
                Document.author_organizations.through(document_id=pk, organization_id=o)
                for o in p.author_ids
            ]
            through_rows[Document.countries.through] += [
                Document.countries.through(document_id=pk, organization_id=o) for o in p.country_ids
            ]
            through_rows[Document.audience_groups.through] += [
                Document.audience_groups.through(document_id=pk, workinggroup_id=g)
                for g in p.audience_group_ids
            ]
            through_rows[Document.audience_organizations.through] += [
                Document.audience_organizations.through(document_id=pk, organization_id=o)
                for o in p.audience_organization_ids
            ]
            for f in p.files:
                name = f"{FILE_PREFIX}/{f.sha256[:2]}/{f.sha256}"
                _write(name, f.content)
                files.append(
                    DocumentFile(
                        document_id=pk,
                        language=f.language,
                        version=1,
                        is_current=True,
                        file=name,
                        original_name=f.name,
                        content_type=MIME[f.kind],
                        size=len(f.content),
                        sha256=f.sha256,
                        extraction=DocumentFile.Extraction.DONE,
                        extracted_text=f.text,
                        page_count=f.pages,
                    )
                )
        for model, rows in through_rows.items():
            model.objects.bulk_create(rows, ignore_conflicts=True)
        DocumentFile.objects.bulk_create(files)
    return [document.pk for document in documents]


def update_vectors(document_ids: list[int]) -> None:
    try:
        from .indexing import update_search_vectors
    except ImportError:  # pragma: no cover - the indexing module is part of the library
        logger.warning("library.indexing is missing: search vectors not built")
        return
    update_search_vectors(document_ids)


def seed_documents(scale: int = 1, *, count: int | None = None) -> int:
    """Create the planned demo documents that are not there yet; returns how many were created."""
    total = count if count is not None else DOCUMENTS_PER_SCALE * max(1, int(scale))
    vocabulary = load_vocabulary()
    existing = set(
        DocumentFile.objects.filter(file__startswith=f"{FILE_PREFIX}/").values_list(
            "sha256", flat=True
        )
    )
    started = time.monotonic()
    created: list[int] = []
    pending: list[DocumentPlan] = []
    seen: set[str] = set()
    for index in range(total):
        plan = plan_document(index, vocabulary)
        if plan.key in existing or plan.key in seen:
            continue
        seen.add(plan.key)
        pending.append(plan)
        if len(pending) >= BATCH:
            created += _create_batch(pending)
            pending = []
    if pending:
        created += _create_batch(pending)
    stored = time.monotonic()
    if created:
        update_vectors(created)
    logger.info(
        "library demo: %s document(s) created in %.1fs, indexed in %.1fs",
        len(created),
        stored - started,
        time.monotonic() - stored,
    )
    return len(created)


# --- documents in the other UN languages (issue 12) --------------------------------------------

# Written in their own language (title, summary, text), so searching in French, Spanish, Arabic,
# Russian or Chinese finds something in `make run`. A fixed set, whatever the scale.
MULTILINGUAL_DOCUMENTS = [
    {
        "language": "fr",
        "doc_type": Document.Type.REPORT,
        "theme": "cft",
        "author": "UNODC",
        "date": datetime.date(2024, 3, 12),
        "title": "Financement du terrorisme : rapport d'évaluation régionale",
        "summary": "Ce rapport examine les mécanismes de financement du terrorisme en Afrique de "
        "l'Ouest et les mesures de gel des avoirs adoptées par les États membres.",
        "text": "Les financements illicites transitent souvent par des réseaux informels de "
        "transfert de fonds. Les cellules de renseignement financier ont renforcé leur "
        "coopération régionale. Le Groupe de travail recommande une formation conjointe des "
        "enquêteurs et des procureurs. Les droits de l'homme et l'état de droit doivent être "
        "respectés à chaque étape de l'enquête.",
    },
    {
        "language": "fr",
        "doc_type": Document.Type.GUIDANCE,
        "theme": "pcve",
        "author": "UNOCT",
        "date": datetime.date(2025, 5, 20),
        "title": "Guide pratique sur la prévention de l'extrémisme violent",
        "summary": "Un guide destiné aux autorités locales et à la société civile pour concevoir "
        "des programmes de prévention de l'extrémisme violent.",
        "text": "La résilience des communautés et la participation des jeunes sont essentielles. "
        "Les programmes de désengagement doivent associer les familles, les enseignants et les "
        "responsables religieux. Les plans d'action nationaux prévoient un suivi et une "
        "évaluation réguliers des résultats obtenus.",
    },
    {
        "language": "es",
        "doc_type": Document.Type.GUIDANCE,
        "theme": "border-management",
        "author": "UNOCT",
        "date": datetime.date(2024, 9, 2),
        "title": "Gestión de fronteras y seguridad: guía para funcionarios",
        "summary": "Esta guía presenta buenas prácticas para la gestión coordinada de fronteras "
        "y el intercambio de información anticipada sobre pasajeros.",
        "text": "Las autoridades fronterizas intercambian información anticipada sobre "
        "pasajeros con los servicios de inteligencia. Los funcionarios reciben formación sobre "
        "la detección de documentos de viaje fraudulentos. La cooperación entre los países "
        "vecinos fortalece la seguridad de las fronteras terrestres y marítimas.",
    },
    {
        "language": "es",
        "doc_type": Document.Type.GOOD_PRACTICE,
        "theme": "victims",
        "author": "UNOCT",
        "date": datetime.date(2025, 8, 21),
        "title": "Apoyo a las víctimas del terrorismo: buenas prácticas",
        "summary": "Recopilación de buenas prácticas de los Estados Miembros en materia de "
        "asistencia y apoyo a las víctimas del terrorismo y sus familias.",
        "text": "Las víctimas del terrorismo necesitan asistencia médica, psicológica y jurídica "
        "a largo plazo. Las asociaciones de víctimas participan en la elaboración de las "
        "políticas públicas. El reconocimiento y la memoria forman parte de la reparación.",
    },
    {
        "language": "ar",
        "doc_type": Document.Type.REPORT,
        "theme": "cft",
        "author": "CTED",
        "date": datetime.date(2024, 11, 5),
        "title": "تقرير عن مكافحة تمويل الإرهاب في المنطقة",
        "summary": "يستعرض هذا التقرير التدابير التي اتخذتها الدول الأعضاء لتجميد الأصول "
        "وتعزيز وحدات الاستخبارات المالية.",
        "text": "تعمل الدول الأعضاء على تعزيز التعاون الإقليمي في مكافحة الإرهاب. وتؤكد "
        "التوصيات على احترام حقوق الإنسان وسيادة القانون. ويقدم مكتب الأمم المتحدة لمكافحة "
        "الإرهاب المساعدة التقنية عند الطلب.",
    },
    {
        "language": "ar",
        "doc_type": Document.Type.GUIDANCE,
        "theme": "pcve",
        "author": "UNOCT",
        "date": datetime.date(2025, 2, 17),
        "title": "دليل منع التطرف العنيف المفضي إلى الإرهاب",
        "summary": "دليل عملي للسلطات المحلية ومنظمات المجتمع المدني بشأن برامج الوقاية.",
        "text": "إن مشاركة الشباب وقدرة المجتمعات المحلية على الصمود عنصران أساسيان في منع "
        "التطرف العنيف. وتضع الدول خطط عمل وطنية بالتعاون مع المجتمع المدني.",
    },
    {
        "language": "ru",
        "doc_type": Document.Type.REPORT,
        "theme": "cft",
        "author": "CTED",
        "date": datetime.date(2024, 6, 14),
        "title": "Доклад о борьбе с финансированием терроризма",
        "summary": "В докладе рассматриваются меры государств-членов по замораживанию активов "
        "и укреплению подразделений финансовой разведки.",
        "text": "Государства-члены укрепляют региональное сотрудничество в борьбе с "
        "терроризмом. Рекомендации подчеркивают необходимость соблюдения прав человека и "
        "верховенства права. Контртеррористическое управление ООН оказывает техническую "
        "помощь по запросу.",
    },
    {
        "language": "ru",
        "doc_type": Document.Type.GUIDANCE,
        "theme": "critical-infrastructure",
        "author": "UNOCT",
        "date": datetime.date(2025, 10, 3),
        "title": "Руководство по защите критически важной инфраструктуры",
        "summary": "Практическое руководство для национальных органов по защите объектов "
        "критически важной инфраструктуры от террористических нападений.",
        "text": "Террористические нападения на объекты критически важной инфраструктуры могут "
        "иметь серьезные последствия. Государства разрабатывают национальные планы защиты и "
        "проводят совместные учения.",
    },
    {
        "language": "zh",
        "doc_type": Document.Type.REPORT,
        "theme": "cft",
        "author": "UNODC",
        "date": datetime.date(2024, 4, 25),
        "title": "打击资助恐怖主义行为区域报告",
        "summary": "本报告审查会员国在冻结资产和加强金融情报机构方面采取的措施。",
        "text": "会员国正在加强打击恐怖主义的区域合作。各项建议强调必须尊重人权和法治。"
        "联合国反恐怖主义办公室应请求提供技术援助。",
    },
    {
        "language": "zh",
        "doc_type": Document.Type.GUIDANCE,
        "theme": "pcve",
        "author": "UNOCT",
        "date": datetime.date(2025, 7, 9),
        "title": "防止导致恐怖主义的暴力极端主义指南",
        "summary": "面向地方当局和民间社会的实用指南，介绍预防方案的设计。",
        "text": "青年参与和社区复原力是防止暴力极端主义的关键。各国制定了国家行动计划，"
        "并与民间社会合作。",
    },
]


def plan_multilingual(vocabulary: Vocabulary | None = None) -> list[DocumentPlan]:
    vocabulary = vocabulary or load_vocabulary()
    themes = {t["slug"]: t for t in vocabulary.themes}
    entities = {e["acronym"]: e for e in vocabulary.entities}
    plans = []
    for index, entry in enumerate(MULTILINGUAL_DOCUMENTS, start=1):
        theme = themes.get(entry["theme"]) or vocabulary.themes[0]
        author = entities.get(entry["author"]) or vocabulary.entities[0]
        pillar_ids = [theme["pillar_id"]] if theme["pillar_id"] else []
        groups = [g for g in vocabulary.groups if g["pillar_id"] in pillar_ids][:1]
        language = entry["language"]
        text = "\n\n".join([entry["title"], entry["summary"], entry["text"]])
        stem = slugify(entry["title"], allow_unicode=True)[:80] or f"document-{language}-{index}"
        plan = DocumentPlan(
            title=entry["title"],
            summary=entry["summary"],
            doc_type=entry["doc_type"],
            visibility=Document.Visibility.ALL,
            publication_date=entry["date"],
            languages=[language],
            theme_ids=[theme["pk"]],
            pillar_ids=pillar_ids,
            group_ids=[g["pk"] for g in groups],
            author_ids=[author["pk"]],
            country_ids=[],
        )
        plan.files.append(FilePlan(language, "txt", f"{stem}.txt", text))
        _render_file(plan.files[0])
        plans.append(plan)
    return plans


def seed_multilingual(scale: int = 1) -> int:
    """The documents in French, Spanish, Arabic, Russian and Chinese that are not there yet
    (identified, like the others, by their file's checksum); returns how many were created."""
    plans = plan_multilingual()
    existing = set(
        DocumentFile.objects.filter(sha256__in=[p.key for p in plans]).values_list(
            "sha256", flat=True
        )
    )
    pending = [p for p in plans if p.key not in existing]
    created = _create_batch(pending) if pending else []
    if created:
        update_vectors(created)
    return len(created)
