"""last good versions of the modules, kept in the database for every worker

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 15:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('module_version',
    sa.Column('version', sa.String(length=64), nullable=False),
    sa.Column('slug', sa.String(length=100), nullable=False),
    sa.Column('loaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('version', name=op.f('pk_module_version'))
    )
    with op.batch_alter_table('module_version', schema=None) as batch_op:
        batch_op.create_index('ix_module_version_slug_loaded_at', ['slug', 'loaded_at'], unique=False)
    op.create_table('module_file',
    sa.Column('version', sa.String(length=64), nullable=False),
    sa.Column('path', sa.String(length=300), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['version'], ['module_version.version'], name=op.f('fk_module_file_version_module_version'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('version', 'path', name=op.f('pk_module_file'))
    )


def downgrade() -> None:
    op.drop_table('module_file')
    with op.batch_alter_table('module_version', schema=None) as batch_op:
        batch_op.drop_index('ix_module_version_slug_loaded_at')
    op.drop_table('module_version')
