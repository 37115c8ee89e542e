"""production: the versioned copyright agreement, each author's signature, the signed PDF,
the editors' overrides, and the accepted manuscripts' production sub-state

Revision ID: production_agreements
Revises: messages_revision_extensions
Create Date: 2026-12-02 23:10:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'production_agreements'
down_revision = 'messages_revision_extensions'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('agreement_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('body_zh', sa.Text(), nullable=False),
    sa.Column('body_en', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_agreement_versions_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_versions')),
    sa.UniqueConstraint('number', name=op.f('uq_agreement_versions_number'))
    )
    op.create_table('agreement_documents',
    sa.Column('manuscript_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('made_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['manuscript_id'], ['manuscripts.id'], name=op.f('fk_agreement_documents_manuscript_id_manuscripts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('manuscript_id', name=op.f('pk_agreement_documents'))
    )
    op.create_table('production_overrides',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('manuscript_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("reason <> ''", name=op.f('ck_production_overrides_with_a_reason')),
    sa.CheckConstraint("step IN ('agreement')", name=op.f('ck_production_overrides_valid_step')),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_production_overrides_actor_id_users')),
    sa.ForeignKeyConstraint(['manuscript_id'], ['manuscripts.id'], name=op.f('fk_production_overrides_manuscript_id_manuscripts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_production_overrides')),
    sa.UniqueConstraint('manuscript_id', 'step', name=op.f('uq_production_overrides_manuscript_id'))
    )
    with op.batch_alter_table('production_overrides', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_production_overrides_manuscript_id'), ['manuscript_id'], unique=False)

    op.create_table('agreement_signatures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('manuscript_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('nonce', sa.String(length=32), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('reminded_at', sa.DateTime(), nullable=True),
    sa.Column('signed_at', sa.DateTime(), nullable=True),
    sa.Column('signed_name', sa.String(length=100), nullable=False),
    sa.Column('declared', sa.Boolean(), nullable=False),
    sa.Column('client_address', sa.String(length=64), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("(signed_at IS NULL) = (version_id IS NULL) AND (signed_at IS NULL OR (signed_name <> '' AND declared))", name=op.f('ck_agreement_signatures_signed_with_name_and_version')),
    sa.ForeignKeyConstraint(['author_id'], ['manuscript_authors.id'], name=op.f('fk_agreement_signatures_author_id_manuscript_authors'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['manuscript_id'], ['manuscripts.id'], name=op.f('fk_agreement_signatures_manuscript_id_manuscripts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['agreement_versions.id'], name=op.f('fk_agreement_signatures_version_id_agreement_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_signatures')),
    sa.UniqueConstraint('manuscript_id', 'author_id', name=op.f('uq_agreement_signatures_manuscript_id'))
    )
    with op.batch_alter_table('agreement_signatures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_signatures_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agreement_signatures_manuscript_id'), ['manuscript_id'], unique=False)

    with op.batch_alter_table('manuscripts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('production_step', sa.String(length=20), nullable=True))
        batch_op.create_check_constraint(
            'valid_production_step', "production_step IN ('agreement', 'proof', 'ready')")



def downgrade():
    with op.batch_alter_table('manuscripts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_manuscripts_valid_production_step'), type_='check')
        batch_op.drop_column('production_step')

    with op.batch_alter_table('agreement_signatures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_signatures_manuscript_id'))
        batch_op.drop_index(batch_op.f('ix_agreement_signatures_author_id'))

    op.drop_table('agreement_signatures')
    with op.batch_alter_table('production_overrides', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_production_overrides_manuscript_id'))

    op.drop_table('production_overrides')
    op.drop_table('agreement_documents')
    op.drop_table('agreement_versions')
