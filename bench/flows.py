"""What a person does in the browser, scripted over HTTP for the smoke run and the benchmarks:
register, log in, submit a manuscript through the wizard."""

import random
import re

from bench.client import Client, Response
from bench.corpus import Corpus, make_docx

PASSWORD = "kanwu-bench-2026"  # noqa: S105 - accounts made on a loopback benchmark stack
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def register(client: Client, email: str, name: str = "测试作者") -> None:
    resp = client.submit_form("/account/register", {
        "email": email, "password": PASSWORD, "name": name, "affiliation": "河北大学图书馆"})
    if resp.status != 200 or not resp.history:
        raise AssertionError(f"registration of {email} failed: {resp.status} {resp.text[:500]}")


def confirm_and_login(client: Client, email: str, mail_text: str) -> None:
    """Follow the confirmation link of the mail, then log in."""
    link = re.search(r"https?://[^/\s]+(/account/confirm/[^\s\"<>]+)", mail_text)
    if link is None:
        raise AssertionError(f"no confirmation link in the mail to {email}")
    expect(client.get(link.group(1)), "confirming the address")
    client.login(email, PASSWORD)


def sample_docx(seed: str, pad_to: int = 0) -> tuple[dict, bytes]:
    """Metadata and a matching docx that follows the journal's rules (deterministic per seed)."""
    rng = random.Random(seed)
    corpus = Corpus(rng)
    meta = corpus.manuscript()
    authors = [corpus.person() for _ in range(2)]
    return {**meta, "authors": authors}, make_docx(meta, authors, pad_to=pad_to, rng=rng)


NUMBER_RE = re.compile(r"[A-Z]+-\d{4}-\d{4,}")
MANUSCRIPT_RE = re.compile(r"/manuscripts/(\d+)/")


def expect(resp: Response, what: str, ok=lambda r: r.status == 200) -> Response:
    if not ok(resp):
        raise AssertionError(f"{what}: {resp.status} at {resp.url}\n{resp.text[:800]}")
    return resp


def field_value(page: Response, name: str) -> str:
    """The value of the page's form field `name`; a clear failure when the page has none."""
    found = re.search(rf'name="{name}"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="{name}"',
                      page.text)
    if found is None:
        alert = page.text.find("alert-danger")  # what the page says is missing, if it says
        shown = re.sub(r"<[^>]+>|\s+", " ", page.text[alert:alert + 1500] if alert >= 0
                       else page.text[:800])
        raise AssertionError(f"no field {name!r} at {page.url}: {shown}")
    return found.group(1) or found.group(2)


def submit_manuscript(client: Client, sample: tuple[dict, bytes], on_submit=None) -> str:
    """Submit one manuscript through the wizard, step by step as a browser does (each page
    loaded, then its form posted); returns the manuscript number. `on_submit()` is called
    right before the final click on "submit"."""
    meta, docx = sample
    start = expect(client.get("/submit"), "the submission wizard")
    resp = expect(client.post("/submit", {"csrf_token": start.csrf(),
                                          "column": field_value(start, "column")}),
                  "choosing a column")
    mid = MANUSCRIPT_RE.search(resp.url)
    if mid is None:
        raise AssertionError(f"choosing a column led to {resp.url}\n{resp.text[:800]}")
    mid = mid.group(1)
    wizard = f"/manuscripts/{mid}/wizard"
    expect(client.submit_form(f"{wizard}/checklist", {"checklist": "y", "declaration": "y"}),
           "the checklist")
    expect(client.submit_form(f"{wizard}/metadata", {
        "title_zh": meta["title_zh"], "title_en": meta["title_en"],
        "abstract_zh": meta["abstract_zh"], "abstract_en": meta["abstract_en"],
        "keywords_zh": "；".join(meta["keywords_zh"]),
        "keywords_en": "; ".join(meta["keywords_en"]),
        "clc_number": meta["clc_number"], "document_code": meta["document_code"],
        "grants": f"{meta['funding']} | HB24TQ001", "cover_letter": "请审阅。",
        "competing_interests": "无", "suggested_reviewers": "", "opposed_reviewers": ""}),
        "the metadata")
    for author in meta["authors"][1:]:
        expect(client.submit_form(f"{wizard}/authors", {
            "name": author["name"], "name_pinyin": author["name_pinyin"],
            "email": author["email"], "affiliation": author["affiliation"],
            "affiliation_en": author["affiliation_en"], "city": author["city"],
            "postcode": author["postcode"], "locale": "zh_CN", "bio": ""}), "adding an author")
    authors_page = expect(client.get(f"{wizard}/authors"), "the authors")
    expect(client.post(f"/manuscripts/{mid}/authors/done",
                       {"csrf_token": authors_page.csrf()}), "confirming the authors")
    files_page = expect(client.get(f"{wizard}/files"), "the files step")
    expect(client.request("POST", f"{wizard}/files",
                          data={"csrf_token": files_page.csrf(), "kind": "manuscript"},
                          files={"file": ("manuscript.docx", DOCX, docx)}), "the upload")
    review = expect(client.get(f"{wizard}/review"), "the review step")
    version = field_value(review, "expected_version")
    if on_submit:
        on_submit()
    done = expect(client.post(f"/manuscripts/{mid}/submit", {
        "csrf_token": review.csrf(), "expected_version": version}),
        "submitting")
    number = NUMBER_RE.search(done.text)
    if number is None:
        raise AssertionError(f"no manuscript number after submitting:\n{done.text[:800]}")
    return number.group(0)
