"""The reviewer-side anonymity sweep: one round carries a corpus of copies, one per place an
author's identity can hide (Word and PDF). An accepted reviewer then collects everything they
can reach through the pages: the invitation, my reviews, the review form, every download
with all its parts and metadata, the autosave JSON, every mail addressed to them and the
certificate. Nothing of it may name the authors (Han names, pinyin in both orders with and
without spaces, e-mail addresses, affiliations): each copy comes out clean, or is held by the
gate and never delivered."""

import io
import re
import zipfile

import pikepdf
import pytest
from pypdf import PdfReader

from core.extensions import db
from review.models import FileState, ReviewFile
from tests.review import corpus_docx_package, corpus_pdf
from tests.review.gate_support import DOCX_MIME, text_pdf

PDF_MIME = "application/pdf"
HAN = ["张伟", "李娜", "河北大学"]
LATIN = ["Zhang Wei", "Wei Zhang", "Li Na", "Na Li", "zhangwei@hbu.example.org",
         "lina@hbu.example.org", "Hebei University"]


def _pattern(needle: str) -> re.Pattern:
    if needle in HAN:  # Word and PDF text put spaces between Han characters
        return re.compile(r"\s*".join(map(re.escape, needle)))
    words = [re.escape(w) for w in re.split(r"\s+", needle)]
    return re.compile(r"(?<![A-Za-z0-9])" + r"\s*".join(words) + r"(?![A-Za-z0-9])", re.I)


PATTERNS = {needle: _pattern(needle) for needle in HAN + LATIN}


def leaks(text: str) -> list[str]:
    lowered = text.lower()  # a cheap look first: the parts run to megabytes
    return [needle for needle, pattern in PATTERNS.items()
            if re.split(r"\s+", needle.lower())[0][:1 if needle in HAN else None] in lowered
            and pattern.search(text)]


def docx_contents(data: bytes) -> str:
    """Every part of the package as text, raw and with the XML tags taken out (a name may be
    split over runs), and every part name."""
    texts = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            raw = package.read(name)
            text = raw.decode("utf-8", "ignore")
            if not name.endswith((".xml", ".rels")):  # an embedded object may be UTF-16
                text += raw.decode("utf-16-le", "ignore")
            texts += [name, text, re.sub(r"<[^>]+>", "", text)]
    return "\n".join(texts)


def pdf_contents(data: bytes) -> str:
    """The page text, the metadata, and every string and stream of every object."""
    reader = PdfReader(io.BytesIO(data))
    texts = [page.extract_text() or "" for page in reader.pages]
    texts.append(str(reader.metadata or {}))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for obj in pdf.objects:
            texts.append(_pdf_object_text(obj))
    return "\n".join(texts)


def _pdf_object_text(obj, depth: int = 0) -> str:
    if depth > 4:
        return ""
    if isinstance(obj, pikepdf.String):
        return str(obj)
    if isinstance(obj, pikepdf.Stream):
        try:
            raw = obj.read_bytes()
        except pikepdf.PdfError:
            raw = obj.read_raw_bytes()
        return raw.decode("utf-8", "ignore") + raw.decode("latin-1") + \
            _pdf_object_text(dict(obj.items()), depth + 1)
    if isinstance(obj, pikepdf.Dictionary | dict):
        return " ".join(f"{key} {_pdf_object_text(value, depth + 1)}"
                        for key, value in obj.items())
    if isinstance(obj, pikepdf.Array):
        return " ".join(_pdf_object_text(value, depth + 1) for value in obj)
    return str(obj) if isinstance(obj, pikepdf.Name) else ""


# --------------------------------------------------------------------------- the corpus


def corpus() -> dict[str, tuple[bytes, str]]:
    """The anonymiser's corpus (one file per hiding place), and the name in the page text of
    a PDF, in Han characters and in pinyin, which no cleaner takes out."""
    cases = {f"pdf-{name}": (build(), PDF_MIME) for name, build in corpus_pdf.PDF_CASES.items()}
    cases["pdf-page-text"] = (corpus_pdf.page_text(), PDF_MIME)
    cases["pdf-pinyin-text"] = (text_pdf("Data services", "Zhang Wei and Na Li"), PDF_MIME)
    cases.update({f"docx-{name}": (build(), DOCX_MIME)
                  for name, build in corpus_docx_package.DOCX_CASES.items()})
    return cases


# --------------------------------------------------------------------------- the sweep


@pytest.fixture
def corpus_round(app, review_flow, scene):
    """The round of the scene, with one reviewers' copy per corpus case."""
    from review.rounds import add_review_file, current_round
    from review.tasks import anonymise_pending
    from submission.models import Manuscript, ManuscriptFile
    from submission.storage import save_bytes

    review_flow.start()
    names = {}
    with app.test_request_context():
        manuscript = db.session.get(Manuscript, scene.manuscript)
        review_round = current_round(manuscript)
        for position, (name, (data, mimetype)) in enumerate(corpus().items()):
            source = ManuscriptFile(manuscript=manuscript, kind="supplementary", version=1,
                                    original_name=f"{name}.bin", sha256=save_bytes(data),
                                    size=len(data), mimetype=mimetype,
                                    uploaded_by_id=scene.author)
            db.session.add(source)
            db.session.flush()
            names[add_review_file(review_round, source, f"-c{position:02d}").id] = name
        db.session.commit()
    while anonymise_pending():  # the beat sweep takes 50 at a time
        pass
    return names


def test_every_hiding_place_is_cleaned_or_held_and_nothing_reaches_the_reviewer(
        app, client, login, outbox, review_flow, scene, corpus_round):
    reviewer, email = scene.reviewers[0], "rev1@example.org"
    seen: dict[str, str] = {}

    def visit(url):
        response = client.get(url)
        assert response.status_code == 200, url
        seen[url] = response.get_data(as_text=True)
        return seen[url]

    assignment_id = review_flow.invite(reviewer)
    accept, decline = review_flow.invitation_links(email)
    review_flow.sign_out()  # the reviewer opens the mail's links where nobody is signed in
    visit(accept)
    visit(decline)
    review_flow.accept(reviewer, email)
    login(client, reviewer)
    form = visit(f"/review/assignments/{assignment_id}")
    visit("/review/mine")
    autosave = client.post(f"/review/assignments/{assignment_id}/autosave",
                           json={"scores": {"c1": 3}, "comments_to_author": "draft"})
    seen["autosave"] = autosave.get_data(as_text=True)

    with app.app_context():
        files = {f.id: (f.state, f.filename) for f in db.session.scalars(db.select(ReviewFile))}
    held, cleaned = [], []
    for file_id, (state, filename) in files.items():
        url = f"/review/assignments/{assignment_id}/files/{file_id}"
        name = corpus_round.get(file_id, "main")
        assert state in (FileState.READY, FileState.HELD), (name, state)
        response = client.get(url)
        if state == FileState.HELD:
            assert response.status_code == 404 and url not in form, name
            held.append(name)
        else:
            assert response.status_code == 200 and url in form, name
            data = response.data
            contents = docx_contents(data) if data.startswith(b"PK") else pdf_contents(data)
            assert leaks(contents + response.headers["Content-Disposition"]) == [], name
            cleaned.append(name)
        response.close()
    assert {"pdf-page-text", "pdf-pinyin-text"} <= set(held) and "pdf-Info" in cleaned
    assert len(held) + len(cleaned) == len(corpus_round) + 1  # the corpus and the manuscript

    assert review_flow.review(reviewer, assignment_id).status_code == 302
    certificate = client.get(f"/review/assignments/{assignment_id}/certificate.pdf")
    seen["certificate"] = pdf_contents(certificate.data)
    for url, text in seen.items():
        assert leaks(text) == [], f"{url} names the authors"
    mails = [m for m in outbox.deliver() if m["To"] == email]
    assert len(mails) >= 2
    for message in mails:
        parts = [message["Subject"], *(p.get_content() for p in message.walk()
                                       if p.get_content_maintype() == "text")]
        assert leaks("\n".join(parts)) == [], message["Subject"]
