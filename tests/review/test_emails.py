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


def test_message_mails(client, login, outbox, review_flow, scene):
    from tests.review.messaging_support import post_message, reviewing

    assignment_id = reviewing(review_flow, scene, reviewer_index=1)  # reads English
    login(client, scene.editor)
    post_message(client, f"/review/assignments/{assignment_id}/messages", "Please hurry.")
    post_message(client, f"/review/manuscripts/{scene.manuscript}/messages", "请补充数据。")
    login(client, scene.reviewers[1])
    post_message(client, f"/review/assignments/{assignment_id}/messages", "Done.")
    mails = [m for m in outbox.deliver() if "review-message" in m["X-Kanwu-Dedupe-Key"]]
    for to, name in (("rev2@example.org", "message_to_reviewer_en.txt"),
                     ("zhangwei@hbu.example.org", "message_to_authors_zh.txt"),
                     ("editor@example.org", "message_to_editors_zh.txt")):
        mail = [m for m in mails if m["To"] == to][-1]
        _check(name, _normalise(f"Subject: {mail['Subject']}\n\n"
                                f"{mail.get_body(('plain',)).get_content()}"))
