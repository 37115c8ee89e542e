"""manuscript_authors.orcid: an author row's ORCID iD, shown on the published article

Revision ID: indexing_orcid
Revises: reviewer_ratings
Create Date: 2026-12-02 22:30:00
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'indexing_orcid'
down_revision = 'reviewer_ratings'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('manuscript_authors', schema=None) as batch_op:
        batch_op.add_column(sa.Column('orcid', sa.String(length=19), nullable=False,
                                      server_default=''))


def downgrade():
    with op.batch_alter_table('manuscript_authors', schema=None) as batch_op:
        batch_op.drop_column('orcid')
