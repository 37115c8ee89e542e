"""states: every column that stores a state, kind, role or verdict accepts only its enum's values

Revision ID: states_enum_checks
Revises: clock_journal_time_zone
Create Date: 2026-12-03 10:00:00

Every value in these columns was written from the enums (core.enums.TitledEnum), so no row
breaks the checks. The values are written out here: a later change to an enum brings its own
migration.
"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'states_enum_checks'
down_revision = 'clock_journal_time_zone'
branch_labels = None
depends_on = None

ROLES = ('author', 'reviewer', 'editor', 'chief_editor', 'admin')
REVIEW_MODES = ('double_blind', 'single_blind', 'open')
STATES = ('draft', 'submitted', 'received', 'under_review', 'revision_requested', 'accepted',
          'scheduled', 'published', 'rejected', 'withdrawn')
ACTIONS = ('submit', 'return_to_author', 'receive', 'desk_reject', 'send_to_review',
           'request_revision', 'submit_revision', 'accept', 'reject', 'schedule', 'unschedule',
           'publish', 'withdraw')
FILE_KINDS = ('manuscript', 'supplementary', 'revision', 'response_letter', 'final', 'galley')
ASSIGNMENT_STATES = ('invited', 'accepted', 'declined', 'submitted', 'cancelled')
VERDICTS = ('accept', 'minor_revision', 'major_revision', 'reject')
ISSUE_STATES = ('planned', 'in_production', 'published')

# table: [(column, values)], one batch per table (SQLite copies the table once).
CHECKS = {
    'user_roles': [('role', ROLES)],
    'journal': [('review_mode', REVIEW_MODES)],
    'manuscripts': [('state', STATES)],
    'manuscript_files': [('kind', FILE_KINDS)],
    'workflow_events': [('action', ACTIONS), ('from_state', STATES), ('to_state', STATES)],
    'review_rounds': [('decision', VERDICTS)],
    'review_assignments': [('state', ASSIGNMENT_STATES), ('recommendation', VERDICTS)],
    'review_files': [('kind', FILE_KINDS)],
    'review_decisions': [('verdict', VERDICTS)],
    'review_letter_templates': [('verdict', VERDICTS)],
    'issues': [('state', ISSUE_STATES)],
}


def upgrade():
    for table, checks in CHECKS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, values in checks:
                listed = ", ".join(f"'{value}'" for value in values)
                batch_op.create_check_constraint(f'valid_{column}', f"{column} IN ({listed})")


def downgrade():
    for table, checks in CHECKS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, _values in checks:
                batch_op.drop_constraint(batch_op.f(f'ck_{table}_valid_{column}'), type_='check')
