"""journal: telling the reviewers the decision (with the other reviewers' comments) is off
by default; a journal keeps the choice it has stored

Revision ID: messages_outcome_off
Revises: messages_threads
Create Date: 2026-12-02 23:10:00
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = 'messages_outcome_off'
down_revision = 'messages_threads'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('journal', schema=None) as batch_op:
        batch_op.alter_column('tell_reviewers_outcome', existing_type=sa.Boolean(),
                              existing_nullable=False, server_default=sa.false())


def downgrade():
    with op.batch_alter_table('journal', schema=None) as batch_op:
        batch_op.alter_column('tell_reviewers_outcome', existing_type=sa.Boolean(),
                              existing_nullable=False, server_default=sa.true())
