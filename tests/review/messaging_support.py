"""Posting messages through the views, as a browser's form does."""

import io
import secrets


def post_message(client, url: str, body: str, *, nonce: str | None = None, files=()):
    data = {"body": body, "nonce": nonce or secrets.token_hex(8)}
    if files:
        data["attachments"] = [(io.BytesIO(content), name) for name, content in files]
    return client.post(url, data=data, content_type="multipart/form-data")


def reviewing(review_flow, scene, reviewer_index: int = 0) -> int:
    """The review started and the reviewer's invitation accepted: the assignment's id."""
    review_flow.start()
    reviewer = scene.reviewers[reviewer_index]
    assignment_id = review_flow.invite(reviewer)
    review_flow.accept(reviewer, f"rev{reviewer_index + 1}@example.org")
    return assignment_id
