"""review: messages on a manuscript (threads with the authors and with each reviewer) and
their attachments

Revision ID: messages_threads
Revises: indexing_crossref
Create Date: 2026-12-02 23:00:00
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = 'messages_threads'
down_revision = 'indexing_crossref'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'message_threads',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=40), nullable=False),
        sa.Column('manuscript_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('assignment_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('resolved_at', sa.DateTime(), nullable=True),
        sa.Column('resolved_by_id', sa.Integer(), nullable=True),
        sa.CheckConstraint("(kind = 'reviewer') = (assignment_id IS NOT NULL)",
                           name=op.f('ck_message_threads_reviewer_thread_has_assignment')),
        sa.CheckConstraint('(resolved_at IS NULL) = (resolved_by_id IS NULL)',
                           name=op.f('ck_message_threads_resolved_by_an_editor')),
        sa.CheckConstraint("kind IN ('authors', 'reviewer')",
                           name=op.f('ck_message_threads_valid_kind')),
        sa.ForeignKeyConstraint(['assignment_id'], ['review_assignments.id'],
                                name=op.f('fk_message_threads_assignment_id_review_assignments'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['manuscript_id'], ['manuscripts.id'],
                                name=op.f('fk_message_threads_manuscript_id_manuscripts'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'],
                                name=op.f('fk_message_threads_resolved_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_message_threads')),
        sa.UniqueConstraint('key', name=op.f('uq_message_threads_key')),
    )
    with op.batch_alter_table('message_threads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_message_threads_assignment_id'), ['assignment_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_message_threads_manuscript_id'), ['manuscript_id'],
                              unique=False)

    op.create_table(
        'messages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('thread_id', sa.Integer(), nullable=False),
        sa.Column('side', sa.String(length=20), nullable=False),
        sa.Column('sender_id', sa.Integer(), nullable=True),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('nonce', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint("side IN ('editors', 'authors', 'reviewer')",
                           name=op.f('ck_messages_valid_side')),
        sa.ForeignKeyConstraint(['sender_id'], ['users.id'], name=op.f('fk_messages_sender_id_users')),
        sa.ForeignKeyConstraint(['thread_id'], ['message_threads.id'],
                                name=op.f('fk_messages_thread_id_message_threads'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_messages')),
        sa.UniqueConstraint('thread_id', 'nonce', name=op.f('uq_messages_thread_id')),
    )
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_messages_thread_id'), ['thread_id'], unique=False)

    op.create_table(
        'message_attachments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('message_id', sa.Integer(), nullable=False),
        sa.Column('filename', sa.String(length=200), nullable=False),
        sa.Column('mimetype', sa.String(length=100), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('hits', sa.JSON(), nullable=False),
        sa.Column('resolution', sa.String(length=20), nullable=False),
        sa.Column('resolution_note', sa.Text(), nullable=False),
        sa.Column('resolved_by_id', sa.Integer(), nullable=True),
        sa.Column('resolved_at', sa.DateTime(), nullable=True),
        sa.CheckConstraint("(resolution = '') = (resolved_at IS NULL)",
                           name=op.f('ck_message_attachments_resolution_has_date')),
        sa.CheckConstraint("state IN ('ready', 'held')",
                           name=op.f('ck_message_attachments_valid_state')),
        sa.ForeignKeyConstraint(['message_id'], ['messages.id'],
                                name=op.f('fk_message_attachments_message_id_messages'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'],
                                name=op.f('fk_message_attachments_resolved_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_message_attachments')),
    )
    with op.batch_alter_table('message_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_message_attachments_message_id'), ['message_id'],
                              unique=False)


def downgrade():
    op.drop_table('message_attachments')
    op.drop_table('messages')
    op.drop_table('message_threads')
