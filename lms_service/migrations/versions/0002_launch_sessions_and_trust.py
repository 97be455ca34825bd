"""launch sessions kept server side; registrations pending until trusted; one-time registration links

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 12:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('lti_platform', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=16), server_default=sa.text("'active'"), nullable=False))

    op.create_table('lti_registration_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('secret_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('platform_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['platform_id'], ['lti_platform.id'], name=op.f('fk_lti_registration_link_platform_id_lti_platform'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lti_registration_link')),
    sa.UniqueConstraint('secret_hash', name=op.f('uq_lti_registration_link_secret_hash'))
    )
    op.create_table('launch_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('membership_id', sa.Integer(), nullable=False),
    sa.Column('deep_linking_launch_id', sa.String(length=255), nullable=True),
    sa.Column('frame_origin', sa.String(length=300), nullable=True),
    sa.Column('return_url', sa.String(length=1000), nullable=True),
    sa.Column('binding_hash', sa.String(length=64), nullable=False),
    sa.Column('bound_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['membership_id'], ['membership.id'], name=op.f('fk_launch_session_membership_id_membership'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_launch_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_launch_session_token_hash'))
    )
    with op.batch_alter_table('launch_session', schema=None) as batch_op:
        batch_op.create_index('ix_launch_session_expires_at', ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_launch_session_membership_id'), ['membership_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('launch_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_launch_session_membership_id'))
        batch_op.drop_index('ix_launch_session_expires_at')
    op.drop_table('launch_session')
    op.drop_table('lti_registration_link')
    with op.batch_alter_table('lti_platform', schema=None) as batch_op:
        batch_op.drop_column('status')
