"""co-authors by consent: confirmed_at, declined_at and the link nonce of each author row

Revision ID: coauthors_authorship_consent
Revises: e2f069b36d6a
Create Date: 2026-12-02 09:50:00

Until now adding an address linked its account at once. From here a row grants access only
once its owner confirms; the submitter's own row counts as confirmed. Rows that were linked
to another account without its consent are unlinked: their owners confirm from the link that
the submitter can send again from the manuscript's page.
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = 'coauthors_authorship_consent'
down_revision = 'e2f069b36d6a'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('manuscript_authors', schema=None) as batch_op:
        batch_op.add_column(sa.Column('confirmed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('declined_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('link_nonce', sa.String(length=32), nullable=True))

    authors = sa.table("manuscript_authors", sa.column("manuscript_id", sa.Integer),
                       sa.column("user_id", sa.Integer), sa.column("confirmed_at", sa.DateTime))
    manuscripts = sa.table("manuscripts", sa.column("id", sa.Integer),
                           sa.column("submitter_id", sa.Integer),
                           sa.column("created_at", sa.DateTime))
    own = (sa.select(manuscripts.c.id).where(manuscripts.c.id == authors.c.manuscript_id,
                                             manuscripts.c.submitter_id == authors.c.user_id)
           .exists())
    created = (sa.select(manuscripts.c.created_at)
               .where(manuscripts.c.id == authors.c.manuscript_id).scalar_subquery())
    op.execute(authors.update().where(own).values(confirmed_at=created))
    op.execute(authors.update().where(authors.c.user_id.is_not(None),
                                      authors.c.confirmed_at.is_(None)).values(user_id=None))


def downgrade():
    with op.batch_alter_table('manuscript_authors', schema=None) as batch_op:
        batch_op.drop_column('link_nonce')
        batch_op.drop_column('declined_at')
        batch_op.drop_column('confirmed_at')
