"""Guideline text that follows the journal's settings.

A guideline page may hold the marker `[[review-process]]` on a line of its own; wherever the
page is shown (the app and the public site) it becomes a paragraph written from the review
settings, so the page never promises a review mode or a chief editor's final decision (终审)
the journal does not have. Page texts are bilingual fields, not UI strings, so both languages
are written here.

Other packages add markers of their own (`guidance_marker`): submission writes
`[[checked-rules]]`, the rules its checker applies, blocking and warning, from the same table.
A marker with a home page appears at the end of that page when its text does not place it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from journal.models import Journal, ReviewMode, get_journal

MARKER = "[[review-process]]"


@dataclass(frozen=True)
class Marker:
    text: Callable[[str], str]  # lang ("zh" or "en") -> Markdown
    page: str | None = None  # the page it belongs on even when not placed


MARKERS: dict[str, Marker] = {}


def guidance_marker(marker: str, page: str | None = None):
    """Register `fn(lang) -> Markdown` as what `marker` becomes on a guideline page."""
    def register(fn: Callable[[str], str]):
        MARKERS[marker] = Marker(fn, page)
        return fn

    return register


MODES = {
    "zh": {ReviewMode.DOUBLE_BLIND: "同行专家双盲评审（外审：审稿人与作者互不知晓对方身份）",
           ReviewMode.SINGLE_BLIND: "同行专家单盲评审（外审：作者不知晓审稿人身份）",
           ReviewMode.OPEN: "同行专家公开评审（外审：审稿人与作者互知身份）"},
    "en": {ReviewMode.DOUBLE_BLIND: "double-blind peer review (reviewers and authors do not "
                                    "learn each other's names)",
           ReviewMode.SINGLE_BLIND: "single-blind peer review (authors do not learn the "
                                    "reviewers' names)",
           ReviewMode.OPEN: "open peer review (reviewers and authors know each other's names)"},
}


def review_process(journal: Journal, lang: str) -> str:
    """The review paragraph in `lang` ("zh" or "en") for the journal's current settings."""
    n, chief = journal.required_reviews, journal.chief_editor_step
    if lang == "en":
        mode = MODES["en"].get(journal.review_mode, MODES["en"][ReviewMode.DOUBLE_BLIND])
        final = ("The editors recommend and the editor-in-chief makes the final decision"
                 if chief else "The editors decide on the reviewers' reports")
        reviews = "review" if n == 1 else "reviews"
        return (f"Manuscripts that pass the desk check go to {mode}, with at least {n} "
                f"completed {reviews} per manuscript. {final}: accept, revise (minor or major) "
                f"or reject.")
    mode = MODES["zh"].get(journal.review_mode, MODES["zh"][ReviewMode.DOUBLE_BLIND])
    final = "编辑提出处理建议，由主编终审" if chief else "编辑部根据审稿意见作出决定"
    return (f"通过初审的稿件送{mode}，每篇稿件至少需 {n} 份审稿意见。{final}，"
            f"结果为录用、退修（小修或大修）或退稿。")


def with_settings(body: str, lang: str, slug: str | None = None) -> str:
    """A page's Markdown with the settings' paragraphs in place of their markers (and, on the
    page `slug`, its own markers' text at the end when the page does not place them)."""
    body = body or ""
    for marker, entry in MARKERS.items():
        if marker in body:
            body = body.replace(marker, entry.text(lang))
        elif slug is not None and entry.page == slug:
            body = f"{body}\n\n{entry.text(lang)}"
    return body


@guidance_marker(MARKER)
def _review_process(lang: str) -> str:
    return review_process(get_journal(), lang)
