"""production: the fee settings and the fees (审稿费, 版面费) with their payments; the fee
sub-state and the fee overrides

Revision ID: production_fees
Revises: production_proofs
Create Date: 2026-12-02 23:10:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'production_fees'
down_revision = 'production_proofs'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('fee_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_mode', sa.String(length=20), nullable=False),
    sa.Column('review_amount', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('page_mode', sa.String(length=20), nullable=False),
    sa.Column('page_amount', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('due_days', sa.Integer(), nullable=False),
    sa.Column('bank_name', sa.String(length=200), nullable=False),
    sa.Column('account_name', sa.String(length=200), nullable=False),
    sa.Column('account_number', sa.String(length=100), nullable=False),
    sa.CheckConstraint("page_mode IN ('none', 'fixed', 'per_page')", name=op.f('ck_fee_settings_valid_page_mode')),
    sa.CheckConstraint("review_mode IN ('none', 'fixed', 'per_page')", name=op.f('ck_fee_settings_valid_review_mode')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fee_settings'))
    )
    op.create_table('fees',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('manuscript_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('amount', sa.Numeric(precision=10, scale=2), nullable=True),
    sa.Column('pages', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('paid_on', sa.Date(), nullable=True),
    sa.Column('payer', sa.String(length=200), nullable=False),
    sa.Column('paid_amount', sa.Numeric(precision=10, scale=2), nullable=True),
    sa.Column('receipt_sha256', sa.String(length=64), nullable=True),
    sa.Column('receipt_mimetype', sa.String(length=50), nullable=False),
    sa.Column('invoice_title', sa.String(length=200), nullable=False),
    sa.Column('taxpayer_id', sa.String(length=30), nullable=False),
    sa.Column('invoice_email', sa.String(length=255), nullable=False),
    sa.Column('reported_at', sa.DateTime(), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(), nullable=True),
    sa.Column('review_note', sa.Text(), nullable=False),
    sa.CheckConstraint("kind IN ('review', 'page')", name=op.f('ck_fees_valid_kind')),
    sa.CheckConstraint("state IN ('awaiting_amount', 'due') OR reported_at IS NOT NULL", name=op.f('ck_fees_reported_before_review')),
    sa.CheckConstraint("state IN ('awaiting_amount', 'due', 'reported', 'confirmed', 'returned')", name=op.f('ck_fees_valid_state')),
    sa.ForeignKeyConstraint(['manuscript_id'], ['manuscripts.id'], name=op.f('fk_fees_manuscript_id_manuscripts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_fees_reviewed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fees')),
    sa.UniqueConstraint('manuscript_id', 'kind', name=op.f('uq_fees_manuscript_id'))
    )
    with op.batch_alter_table('fees', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fees_manuscript_id'), ['manuscript_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_fees_state'), ['state'], unique=False)
    _checks("'agreement', 'proof', 'review_fee', 'page_fee'",
            "'agreement', 'fee', 'proof', 'ready'")



def _checks(steps: str, sub_states: str) -> None:
    with op.batch_alter_table('production_overrides', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_production_overrides_valid_step'), type_='check')
        batch_op.create_check_constraint('valid_step', f"step IN ({steps})")
    with op.batch_alter_table('manuscripts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_manuscripts_valid_production_step'),
                                 type_='check')
        batch_op.create_check_constraint('valid_production_step',
                                         f"production_step IN ({sub_states})")


def downgrade():
    op.execute("DELETE FROM production_overrides WHERE step IN ('review_fee', 'page_fee')")
    op.execute("UPDATE manuscripts SET production_step = NULL WHERE production_step = 'fee'")
    _checks("'agreement', 'proof'", "'agreement', 'proof', 'ready'")
    with op.batch_alter_table('fees', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fees_state'))
        batch_op.drop_index(batch_op.f('ix_fees_manuscript_id'))

    op.drop_table('fees')
    op.drop_table('fee_settings')
