"""Crossref deposits: each article's DOI registration, its state and Crossref's answer

Revision ID: indexing_crossref
Revises: indexing_oai
Create Date: 2026-12-02 23:45:00
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'indexing_crossref'
down_revision = 'indexing_oai'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'crossref_deposits',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('article_id', sa.Integer(), nullable=False),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('batch_id', sa.String(length=100), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(), nullable=True),
        sa.Column('response', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint("state IN ('pending', 'submitted', 'registered', 'failed')",
                           name=op.f('ck_crossref_deposits_valid_state')),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'],
                                name=op.f('fk_crossref_deposits_article_id_articles')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_crossref_deposits')),
        sa.UniqueConstraint('article_id', name=op.f('uq_crossref_deposits_article_id')),
    )
    with op.batch_alter_table('crossref_deposits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_crossref_deposits_state'), ['state'], unique=False)


def downgrade():
    with op.batch_alter_table('crossref_deposits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_crossref_deposits_state'))
    op.drop_table('crossref_deposits')
