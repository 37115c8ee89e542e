"""What a person does in the browser, scripted over HTTP for the smoke run and the benchmarks:
register, log in, submit a manuscript through the wizard."""

import random

from bench.client import Client
from bench.corpus import Corpus, make_docx

PASSWORD = "kanwu-bench-2026"  # noqa: S105 - accounts made on a loopback benchmark stack
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def register(client: Client, email: str, name: str = "测试作者") -> None:
    resp = client.submit_form("/account/register", {
        "email": email, "password": PASSWORD, "name": name, "affiliation": "河北大学图书馆"})
    if resp.status != 200 or not resp.history:
        raise AssertionError(f"registration of {email} failed: {resp.status} {resp.text[:500]}")


def sample_docx(seed: str, pad_to: int = 0) -> tuple[dict, bytes]:
    """Metadata and a matching docx that follows the journal's rules (deterministic per seed)."""
    rng = random.Random(seed)
    corpus = Corpus(rng)
    meta = corpus.manuscript()
    authors = [corpus.person() for _ in range(2)]
    return {**meta, "authors": authors}, make_docx(meta, authors, pad_to=pad_to, rng=rng)


def submit_manuscript(client: Client, sample: tuple[dict, bytes]) -> str:
    """Submit one manuscript through the wizard; returns its number."""
    raise NotImplementedError("the submission wizard has not landed yet")
