"""review: the authors' requests for more time to revise, one open per round

Revision ID: messages_revision_extensions
Revises: messages_outcome_off
Create Date: 2026-12-02 23:20:00
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = 'messages_revision_extensions'
down_revision = 'messages_outcome_off'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'revision_extensions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('open_round_id', sa.Integer(), nullable=True),
        sa.Column('requested_by_id', sa.Integer(), nullable=False),
        sa.Column('requested_at', sa.DateTime(), nullable=False),
        sa.Column('due_at', sa.DateTime(), nullable=False),
        sa.Column('requested_due_at', sa.DateTime(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('answered_by_id', sa.Integer(), nullable=True),
        sa.Column('answered_at', sa.DateTime(), nullable=True),
        sa.CheckConstraint("(state = 'pending') = (open_round_id IS NOT NULL)",
                           name=op.f('ck_revision_extensions_open_while_pending')),
        sa.CheckConstraint("(state = 'pending') = (answered_at IS NULL)",
                           name=op.f('ck_revision_extensions_answered_has_date')),
        sa.CheckConstraint('open_round_id IS NULL OR open_round_id = round_id',
                           name=op.f('ck_revision_extensions_open_for_its_round')),
        sa.CheckConstraint("state IN ('pending', 'granted', 'refused')",
                           name=op.f('ck_revision_extensions_valid_state')),
        sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'],
                                name=op.f('fk_revision_extensions_answered_by_id_users')),
        sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'],
                                name=op.f('fk_revision_extensions_requested_by_id_users')),
        sa.ForeignKeyConstraint(['round_id'], ['review_rounds.id'],
                                name=op.f('fk_revision_extensions_round_id_review_rounds'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_revision_extensions')),
        sa.UniqueConstraint('open_round_id', name=op.f('uq_revision_extensions_open_round_id')),
    )
    with op.batch_alter_table('revision_extensions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_revision_extensions_round_id'), ['round_id'],
                              unique=False)


def downgrade():
    op.drop_table('revision_extensions')
