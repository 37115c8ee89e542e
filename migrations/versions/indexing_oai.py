"""OAI-PMH: articles read in (datestamp, id) order, a page at a time

Revision ID: indexing_oai
Revises: indexing_doi
Create Date: 2026-12-02 23:30:00
"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'indexing_oai'
down_revision = 'indexing_doi'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_articles_updated_at_id', 'articles', ['updated_at', 'id'])


def downgrade():
    op.drop_index('ix_articles_updated_at_id', table_name='articles')
