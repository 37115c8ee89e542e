"""Loading the journal's objects: a guideline page (public), a column (for its administration).

Their permissions are not about one page or column: the administration page asks its
permission before anything is loaded (`permission_required`); a loader only loads, or
answers 404.
"""

from sqlalchemy import select

from core.extensions import db
from journal.models import Column, GuidelinePage


def load_page(slug: str) -> GuidelinePage:
    return db.first_or_404(select(GuidelinePage).where(GuidelinePage.slug == slug))


def load_column(column_id: int) -> Column:
    return db.get_or_404(Column, column_id)
