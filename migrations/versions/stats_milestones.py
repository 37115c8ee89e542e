"""statistics: each manuscript's first moves (manuscript_milestones), derived from the trail

Revision ID: stats_milestones
Revises: stats_event_indexes
Create Date: 2026-12-02 22:30:00
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'stats_milestones'
down_revision = 'stats_event_indexes'
branch_labels = None
depends_on = None

# milestone -> the moves whose first one sets it (as in reports/milestones.py on this date)
MOVES = {
    'submitted_at': ('submit',),
    'received_at': ('receive',),
    'sent_to_review_at': ('send_to_review',),
    'first_decision_at': ('desk_reject', 'request_revision', 'accept', 'reject'),
    'desk_rejected_at': ('desk_reject',),
    'accepted_at': ('accept',),
    'rejected_at': ('reject',),
    'withdrawn_at': ('withdraw',),
    'published_at': ('publish',),
}


def upgrade():
    op.create_table(
        'manuscript_milestones',
        sa.Column('manuscript_id', sa.Integer(), nullable=False),
        *[sa.Column(name, sa.DateTime(), nullable=True) for name in MOVES],
        sa.ForeignKeyConstraint(['manuscript_id'], ['manuscripts.id'],
                                name=op.f('fk_manuscript_milestones_manuscript_id_manuscripts'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('manuscript_id', name=op.f('pk_manuscript_milestones')),
    )
    for name in MOVES:
        op.create_index(f'ix_manuscript_milestones_{name}', 'manuscript_milestones', [name])
    firsts = ', '.join(
        "min(CASE WHEN action IN ({}) THEN created_at END)".format(
            ', '.join(f"'{m}'" for m in moves)) for moves in MOVES.values())
    every = ', '.join(f"'{m}'" for moves in MOVES.values() for m in moves)
    op.execute(f"INSERT INTO manuscript_milestones (manuscript_id, {', '.join(MOVES)}) "
               f"SELECT manuscript_id, {firsts} FROM workflow_events "
               f"WHERE action IN ({every}) GROUP BY manuscript_id")
    op.drop_index('ix_workflow_events_manuscript_action', table_name='workflow_events')
    # the editors' and reviewers' figures, answered from the indexes alone
    op.drop_index('ix_workflow_events_action_created', table_name='workflow_events')
    op.create_index('ix_workflow_events_action_created_actor', 'workflow_events',
                    ['action', 'created_at', 'actor_id'])
    op.create_index('ix_review_assignments_invited_state', 'review_assignments',
                    ['invited_at', 'state'])
    op.create_index('ix_review_assignments_submitted_dates', 'review_assignments',
                    ['submitted_at', 'invited_at', 'review_due_at'])
    op.create_index('ix_review_rounds_open', 'review_rounds', ['manuscript_id', 'editor_id'],
                    postgresql_where=sa.text('decision IS NULL'),
                    sqlite_where=sa.text('decision IS NULL'))


def downgrade():
    op.drop_index('ix_review_rounds_open', table_name='review_rounds')
    op.drop_index('ix_review_assignments_submitted_dates', table_name='review_assignments')
    op.drop_index('ix_review_assignments_invited_state', table_name='review_assignments')
    op.drop_index('ix_workflow_events_action_created_actor', table_name='workflow_events')
    op.create_index('ix_workflow_events_action_created', 'workflow_events',
                    ['action', 'created_at'])
    op.create_index('ix_workflow_events_manuscript_action', 'workflow_events',
                    ['manuscript_id', 'action', 'created_at'])
    for name in MOVES:
        op.drop_index(f'ix_manuscript_milestones_{name}', table_name='manuscript_milestones')
    op.drop_table('manuscript_milestones')
