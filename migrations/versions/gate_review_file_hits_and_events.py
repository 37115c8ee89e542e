"""review gate: held copies keep the detector's hits, an upload nonce and an audit trail

Revision ID: gate_review_file_hits
Revises: decide_desk_rejection
Create Date: 2026-12-02 09:30:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = 'gate_review_file_hits'
down_revision = 'decide_desk_rejection'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('review_files', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hits', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('upload_nonce', sa.String(length=32), nullable=False,
                                      server_default=''))
    _hold_flagged_copies()
    with op.batch_alter_table('review_files', schema=None) as batch_op:
        batch_op.alter_column('hits', existing_type=sa.JSON(), nullable=False)
        batch_op.alter_column('upload_nonce', server_default=None)
        batch_op.drop_column('names_found')
    op.create_table(
        'review_file_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('review_file_id', sa.Integer(), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('action', sa.String(length=30), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('outcome', sa.String(length=20), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['actor_id'], ['users.id'], ),
        sa.ForeignKeyConstraint(['review_file_id'], ['review_files.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('review_file_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_file_events_review_file_id'),
                              ['review_file_id'], unique=False)


def _hold_flagged_copies():
    """A ready copy the old check flagged (names still in it) is held, for an editor to resolve."""
    files = sa.table("review_files", sa.column("id", sa.Integer), sa.column("state", sa.String),
                     sa.column("names_found", sa.JSON), sa.column("hits", sa.JSON))
    bind = op.get_bind()
    for row in bind.execute(sa.select(files.c.id, files.c.state, files.c.names_found)).all():
        hits = [{"kind": "name", "value": name, "where": "text", "context": name}
                for name in row.names_found or []]
        state = "held" if hits and row.state == "ready" else row.state
        bind.execute(files.update().where(files.c.id == row.id).values(hits=hits, state=state))


def downgrade():
    with op.batch_alter_table('review_file_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_file_events_review_file_id'))
    op.drop_table('review_file_events')
    with op.batch_alter_table('review_files', schema=None) as batch_op:
        batch_op.add_column(sa.Column('names_found', sa.JSON(), nullable=True))
        batch_op.drop_column('upload_nonce')
        batch_op.drop_column('hits')
    op.execute("UPDATE review_files SET names_found = '[]'")
    with op.batch_alter_table('review_files', schema=None) as batch_op:
        batch_op.alter_column('names_found', existing_type=sa.JSON(), nullable=False)
