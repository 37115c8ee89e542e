"""desk: search a manuscript number by its end (trigram index on the number)

Revision ID: desk01numtrgm
Revises: coauthors_authorship_consent
Create Date: 2026-12-02 10:15:00
"""

from alembic import op

revision = "desk01numtrgm"
down_revision = "coauthors_authorship_consent"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_manuscripts_number_trgm", "manuscripts", ["number"], unique=False,
                    postgresql_using="gin", postgresql_ops={"number": "gin_trgm_ops"})


def downgrade():
    op.drop_index("ix_manuscripts_number_trgm", table_name="manuscripts")
