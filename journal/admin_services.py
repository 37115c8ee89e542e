"""The journal's administration: its settings, review settings, submission rules, guideline
pages and columns. Every change asks the policy and tells the signals' listeners."""

import re

from pypinyin import lazy_pinyin
from sqlalchemy import select

from accounts.models import User
from accounts.policy import require
from core.extensions import db
from core.signals import column_changed, guideline_page_changed, journal_settings_changed
from journal.models import Column, GuidelinePage, Journal

SETTINGS_FIELDS = ("name_zh", "name_en", "former_name", "issn", "cn", "sponsor_zh", "sponsor_en",
                   "frequency_zh", "frequency_en", "issues_per_year", "number_prefix",
                   "contact_email", "time_zone")
REVIEW_FIELDS = ("review_mode", "response_due_days", "review_due_days", "revision_due_days",
                 "reminder_days_before", "reminder_days_after", "required_reviews",
                 "chief_editor_step", "tell_reviewers_outcome", "review_hard_lock")
DOI_FIELDS = ("doi_prefix", "doi_suffix_pattern")
RULE_FIELDS = ("title_max_chars", "abstract_min_chars", "abstract_max_chars", "keywords_min",
               "keywords_max", "length_limit_chars", "allowed_file_types", "max_file_mb")
PAGE_FIELDS = ("title_zh", "title_en", "body_zh", "body_en")
COLUMN_FIELDS = ("name_zh", "name_en", "description_zh", "description_en", "position", "active",
                 "length_limit_chars")


def update_journal_settings(journal: Journal, values: dict, *, actor: User) -> None:
    require(actor, "admin.manage")
    _assign(journal, values, SETTINGS_FIELDS)
    journal.number_prefix = journal.number_prefix.upper()
    db.session.flush()
    journal_settings_changed.send(journal, actor=actor)


def update_review_settings(journal: Journal, values: dict, *, actor: User) -> None:
    """Peer review and decision settings (validated by the form: ranges, day lists)."""
    require(actor, "admin.manage")
    _assign(journal, values, REVIEW_FIELDS)
    db.session.flush()
    journal_settings_changed.send(journal, actor=actor)


def update_doi_settings(journal: Journal, values: dict, *, actor: User) -> None:
    """The DOI prefix and suffix pattern (checked by the form). Articles get their DOIs from
    them when scheduled; published articles keep theirs."""
    require(actor, "admin.manage")
    _assign(journal, {k: (v or "").strip() for k, v in values.items()}, DOI_FIELDS)
    db.session.flush()
    journal_settings_changed.send(journal, actor=actor)


def update_submission_rules(journal: Journal, values: dict, *, actor: User) -> None:
    require(actor, "journal.edit_pages")
    _assign(journal, values, RULE_FIELDS)
    db.session.flush()
    journal_settings_changed.send(journal, actor=actor)


def update_guideline_page(page: GuidelinePage, values: dict, *, actor: User) -> None:
    """Store the page's Markdown as written; it is sanitised (nh3) whenever it is shown."""
    require(actor, "journal.edit_pages")
    _assign(page, values, PAGE_FIELDS)
    page.updated_by_id = actor.id
    db.session.flush()
    guideline_page_changed.send(page, actor=actor)


def save_column(column: Column | None, values: dict, *, actor: User) -> Column:
    """Create a column (column=None) or change one. Columns are deactivated, never deleted:
    manuscripts keep pointing at them."""
    require(actor, "journal.manage_columns")
    created = column is None
    if created:
        column = Column(slug=_unique_column_slug(values.get("name_en") or values["name_zh"]))
        db.session.add(column)
    _assign(column, values, COLUMN_FIELDS)
    db.session.flush()
    column_changed.send(column, actor=actor, created=created)
    return column


def _assign(obj, values: dict, fields: tuple[str, ...]) -> None:
    for name in fields:
        if name in values:
            value = values[name]
            setattr(obj, name, value.strip() if isinstance(value, str) else value)


def _unique_column_slug(name: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", " ".join(lazy_pinyin(name)).lower()).strip("-")[:40]
    base = base or "column"
    taken = set(db.session.scalars(select(Column.slug).where(Column.slug.like(f"{base}%"))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
