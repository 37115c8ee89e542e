"""decision letters: an English letter beside the Chinese one when the authors read both

Revision ID: decision_letters_in_english
Revises: states_enum_checks
Create Date: 2026-12-02 16:30:00
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'decision_letters_in_english'
down_revision = 'states_enum_checks'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('review_decisions') as batch_op:
        batch_op.add_column(sa.Column('letter_subject_en', sa.String(length=500), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('letter_body_en', sa.Text(), nullable=False,
                                      server_default=''))


def downgrade():
    with op.batch_alter_table('review_decisions') as batch_op:
        batch_op.drop_column('letter_body_en')
        batch_op.drop_column('letter_subject_en')
