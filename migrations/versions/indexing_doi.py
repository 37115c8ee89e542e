"""DOIs: the journal's prefix and suffix pattern, and each article's DOI

Revision ID: indexing_doi
Revises: indexing_orcid
Create Date: 2026-12-02 23:00:00
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'indexing_doi'
down_revision = 'indexing_orcid'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('journal', schema=None) as batch_op:
        batch_op.add_column(sa.Column('doi_prefix', sa.String(length=50), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('doi_suffix_pattern', sa.String(length=200),
                                      nullable=False,
                                      server_default='hbkjty.{year}.{issue}.{seq:03d}'))
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('doi', sa.String(length=200), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_articles_doi'), ['doi'])


def downgrade():
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_articles_doi'), type_='unique')
        batch_op.drop_column('doi')
    with op.batch_alter_table('journal', schema=None) as batch_op:
        batch_op.drop_column('doi_suffix_pattern')
        batch_op.drop_column('doi_prefix')
