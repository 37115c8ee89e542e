"""review: the editors' quality rating of a submitted review, with who rated it and when

Revision ID: reviewer_ratings
Revises: stats_milestones
Create Date: 2026-12-02 22:30:00
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = 'reviewer_ratings'
down_revision = 'stats_milestones'
branch_labels = None
depends_on = None

RATED = ("quality_rating IS NULL OR (quality_rating BETWEEN 1 AND 5 AND state = 'submitted' "
         "AND rated_by_id IS NOT NULL AND rated_at IS NOT NULL)")


def upgrade():
    with op.batch_alter_table('review_assignments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('quality_rating', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('rated_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('rated_at', sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_review_assignments_rated_by_id_users'), 'users', ['rated_by_id'],
            ['id'])
        batch_op.create_check_constraint('rating_of_a_submitted_review', RATED)


def downgrade():
    with op.batch_alter_table('review_assignments', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('ck_review_assignments_rating_of_a_submitted_review'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_review_assignments_rated_by_id_users'),
                                 type_='foreignkey')
        batch_op.drop_column('rated_at')
        batch_op.drop_column('rated_by_id')
        batch_op.drop_column('quality_rating')
