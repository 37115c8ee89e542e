"""clock: the journal's time zone, the one clock every shown date and time follows

Revision ID: clock_journal_time_zone
Revises: gate_review_file_hits
Create Date: 2026-12-02 11:00:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = 'clock_journal_time_zone'
down_revision = 'gate_review_file_hits'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('journal', schema=None) as batch_op:
        batch_op.add_column(sa.Column('time_zone', sa.String(length=64), nullable=False,
                                      server_default='Asia/Shanghai'))


def downgrade():
    with op.batch_alter_table('journal', schema=None) as batch_op:
        batch_op.drop_column('time_zone')
