"""statistics: indexes on the audit trail for a period's moves of a kind

Revision ID: stats_event_indexes
Revises: jobs_background_work
Create Date: 2026-12-02 17:35:00
"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'stats_event_indexes'
down_revision = 'jobs_background_work'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_workflow_events_action_created', 'workflow_events',
                    ['action', 'created_at'])
    op.create_index('ix_workflow_events_manuscript_action', 'workflow_events',
                    ['manuscript_id', 'action', 'created_at'])


def downgrade():
    op.drop_index('ix_workflow_events_manuscript_action', table_name='workflow_events')
    op.drop_index('ix_workflow_events_action_created', table_name='workflow_events')
