"""Snapshots of the review mails, in each recipient's language (dates, numbers and links
normalised). Regenerate with UPDATE_SNAPSHOTS=1 after an intended change."""

import os
import re
from pathlib import Path

import pytest

SNAPSHOTS = Path(__file__).parent / "snapshots"


def _normalise(text: str) -> str:
    text = re.sub(r"https?://\S+", "<link>", text)
    text = re.sub(r"HBKJTY-\d{4}-\d{4}", "<number>", text)
    text = re.sub(r"\d{4}-\d{2}-\d{2}", "<date>", text)
    return re.sub(r"(研究|libraries )\d+", r"\1<n>", text)


def _check(name: str, text: str) -> None:
    snapshot = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS") or not snapshot.exists():
        snapshot.write_text(text)
    assert text == snapshot.read_text()


@pytest.mark.parametrize("email, name", [("rev1@example.org", "invitation_zh.txt"),
                                         ("rev2@example.org", "invitation_en.txt")])
def test_invitation_mail(outbox, review_flow, scene, email, name):
    review_flow.start()
    for reviewer in scene.reviewers:
        review_flow.invite(reviewer)
    mail = [m for m in outbox.deliver() if m["To"] == email][-1]
    _check(name, _normalise(f"Subject: {mail['Subject']}\n\n"
                            f"{mail.get_body(('plain',)).get_content()}"))


def test_decision_letter_mail(outbox, review_flow, scene):
    review_flow.two_reviews()
    review_flow.decide("minor_revision")
    mail = [m for m in outbox.deliver() if "review-decision" in m["X-Kanwu-Dedupe-Key"]][0]
    _check("decision_minor_revision_zh.txt", _normalise(
        f"Subject: {mail['Subject']}\n\n{mail.get_body(('plain',)).get_content()}"))
