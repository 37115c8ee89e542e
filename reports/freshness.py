"""What the statistics read, watched, so each web process computes a period's figures once per
change of the data (core.generations) instead of once per page.

Every table and chart of the statistics is built from the rows and columns named here: a
flush that adds or deletes such a row, or changes one of these columns, starts a new "stats"
generation, and the values cached under the old one are not used again. What depends on the
clock rather than the data (the reviews overdue now) is never cached. A new figure reading
another column must name it here; tests/reports/test_freshness.py changes each one and
checks that the page follows.
"""

from accounts.models import User
from core.generations import GenerationCache, watch
from journal.models import Column
from publishing.models import Article, Issue
from review.models import ReviewAssignment, ReviewRound
from submission.models import Manuscript, WorkflowEvent

STATS_GENERATION = "stats"

READS = {  # model -> the columns read (rows added or deleted always count)
    WorkflowEvent: (),  # (the milestones follow its new rows)
    Manuscript: ("column_id", "state"),
    ReviewAssignment: ("state", "invited_at", "submitted_at", "review_due_at", "round_id",
                       "reviewer_id"),
    ReviewRound: ("editor_id", "decision", "manuscript_id"),
    Article: ("published_on", "funding", "authors", "page_start", "page_end", "column_id",
              "issue_id"),
    Issue: ("year", "number"),
    Column: ("name_zh", "name_en"),
    User: ("name", "name_pinyin"),
}
for _model, _fields in READS.items():
    watch(_model, _fields, STATS_GENERATION)

cache = GenerationCache(STATS_GENERATION, max_entries=64)
