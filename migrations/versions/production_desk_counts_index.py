"""the desk's counts index covers the production sub-state its new queues count

Revision ID: production_desk_counts_index
Revises: production_fees
Create Date: 2026-12-03 00:10:00
"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'production_desk_counts_index'
down_revision = 'production_fees'
branch_labels = None
depends_on = None


def _recreate(include: list[str]) -> None:
    with op.batch_alter_table('manuscripts', schema=None) as batch_op:
        batch_op.drop_index('ix_manuscripts_desk_counts')
        batch_op.create_index('ix_manuscripts_desk_counts', ['state', 'state_changed_at'],
                              unique=False, postgresql_include=include)


def upgrade():
    _recreate(['number', 'production_step'])


def downgrade():
    _recreate(['number'])
