"""production: the proof rounds (校样) and their answers; an override of the proof step

Revision ID: production_proofs
Revises: production_agreements
Create Date: 2026-12-02 23:40:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'production_proofs'
down_revision = 'production_agreements'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('proof_rounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('manuscript_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.Column('due_at', sa.DateTime(), nullable=False),
    sa.Column('nonce', sa.String(length=32), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('corrections', sa.JSON(), nullable=False),
    sa.Column('annotated_sha256', sa.String(length=64), nullable=True),
    sa.Column('annotated_mimetype', sa.String(length=100), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('reminded_before_at', sa.DateTime(), nullable=True),
    sa.Column('reminded_after_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("(state = 'sent') = (answered_at IS NULL)", name=op.f('ck_proof_rounds_answered_when_not_sent')),
    sa.CheckConstraint("state IN ('sent', 'approved', 'corrections')", name=op.f('ck_proof_rounds_valid_state')),
    sa.CheckConstraint('number BETWEEN 1 AND 3', name=op.f('ck_proof_rounds_three_rounds_at_most')),
    sa.ForeignKeyConstraint(['manuscript_id'], ['manuscripts.id'], name=op.f('fk_proof_rounds_manuscript_id_manuscripts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_proof_rounds_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proof_rounds')),
    sa.UniqueConstraint('manuscript_id', 'number', name=op.f('uq_proof_rounds_manuscript_id'))
    )
    with op.batch_alter_table('proof_rounds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proof_rounds_manuscript_id'), ['manuscript_id'], unique=False)
    _override_steps("'agreement', 'proof'")



def _override_steps(listed: str) -> None:
    with op.batch_alter_table('production_overrides', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_production_overrides_valid_step'), type_='check')
        batch_op.create_check_constraint('valid_step', f"step IN ({listed})")


def downgrade():
    op.execute("DELETE FROM production_overrides WHERE step = 'proof'")
    _override_steps("'agreement'")
    with op.batch_alter_table('proof_rounds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proof_rounds_manuscript_id'))

    op.drop_table('proof_rounds')
