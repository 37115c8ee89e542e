"""jobs: background work that people wait for, and how far it is

Revision ID: jobs_background_work
Revises: decision_letters_in_english
Create Date: 2026-12-02 17:20:00
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'jobs_background_work'
down_revision = 'decision_letters_in_english'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'jobs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('done', sa.Integer(), nullable=False),
        sa.Column('total', sa.Integer(), nullable=True),
        sa.Column('message', sa.Text(), nullable=False),
        sa.Column('result_url', sa.String(length=500), nullable=False),
        sa.Column('about_type', sa.String(length=40), nullable=False),
        sa.Column('about_id', sa.Integer(), nullable=True),
        sa.Column('started_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=True),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        sa.CheckConstraint("state IN ('queued', 'running', 'done', 'failed')",
                           name=op.f('ck_jobs_valid_state')),
        sa.ForeignKeyConstraint(['started_by_id'], ['users.id'],
                                name=op.f('fk_jobs_started_by_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_jobs')),
    )
    op.create_index('ix_jobs_about', 'jobs', ['about_type', 'about_id', 'kind'])


def downgrade():
    op.drop_index('ix_jobs_about', table_name='jobs')
    op.drop_table('jobs')
