"""decisions name their manuscript; a desk rejection is a decision without a review round

Revision ID: decide_desk_rejection
Revises: sessions_user_session_token
Create Date: 2026-12-02 09:50:00.000000

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = 'decide_desk_rejection'
down_revision = 'sessions_user_session_token'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('review_decisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('manuscript_id', sa.Integer(), nullable=True))
    # Every decision so far closed a round: its manuscript is the round's.
    op.execute("UPDATE review_decisions SET manuscript_id = (SELECT review_rounds.manuscript_id "
               "FROM review_rounds WHERE review_rounds.id = review_decisions.round_id)")
    with op.batch_alter_table('review_decisions', schema=None) as batch_op:
        batch_op.alter_column('manuscript_id', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('round_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_index(batch_op.f('ix_review_decisions_manuscript_id'), ['manuscript_id'],
                              unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_review_decisions_manuscript_id_manuscripts'), 'manuscripts',
            ['manuscript_id'], ['id'], ondelete='CASCADE')
        batch_op.create_check_constraint(
            'desk_rejection_has_no_round', "(kind = 'desk_rejection') = (round_id IS NULL)")


def downgrade():
    op.execute("DELETE FROM review_decisions WHERE round_id IS NULL")
    with op.batch_alter_table('review_decisions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_review_decisions_desk_rejection_has_no_round'),
                                 type_='check')
        batch_op.drop_constraint(batch_op.f('fk_review_decisions_manuscript_id_manuscripts'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_review_decisions_manuscript_id'))
        batch_op.alter_column('round_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('manuscript_id')
