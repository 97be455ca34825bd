"""LMS records: people and courses belong to the LMS, registrations are credentials

Registrations of one issuer share one LMS, except for issuers shared by many
institutions (hosted Canvas, Blackboard SaaS), where each registration is its
own LMS until an administrator joins them. People and courses move from their
registration to its LMS; those that the same LMS held twice (registered twice)
are united by lms_service.tenancy.merge_duplicates. Each resource link keeps
the registration that issued it. Back up the database before upgrading.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 14:30:00
"""
from alembic import op
import sqlalchemy as sa

from lms_service.tenancy import merge_duplicates


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

# The settings' default list (config.LTI_SHARED_ISSUERS) as it was when this migration was written.
SHARED_ISSUERS = (
    "https://canvas.instructure.com", "https://canvas.beta.instructure.com", "https://canvas.test.instructure.com",
    "https://blackboard.com",
)

platform = sa.table("lti_platform", *map(sa.column, ("id", "issuer", "name", "created_at", "lms_id")))
lms = sa.table("lti_lms", *map(sa.column, ("id", "issuer", "name", "created_at")))
context = sa.table("context", *map(sa.column, ("id", "platform_id", "lms_id")))
app_user = sa.table("app_user", *map(sa.column, ("id", "platform_id", "lms_id")))
resource_link = sa.table("resource_link", *map(sa.column, ("id", "context_id", "registration_id")))


def upgrade() -> None:
    op.create_table('lti_lms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('issuer', sa.String(length=255), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lti_lms'))
    )
    with op.batch_alter_table('lti_lms', schema=None) as batch_op:
        batch_op.create_index('ix_lti_lms_issuer', ['issuer'], unique=False)
    with op.batch_alter_table('lti_platform', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lms_id', sa.Integer(), nullable=True))
    for table in ('context', 'app_user'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('lms_id', sa.Integer(), nullable=True))
    with op.batch_alter_table('resource_link', schema=None) as batch_op:
        batch_op.add_column(sa.Column('registration_id', sa.Integer(), nullable=True))

    conn = op.get_bind()
    _give_each_registration_its_lms(conn)
    for table in (context, app_user):
        owner = sa.select(platform.c.lms_id).where(platform.c.id == table.c.platform_id).scalar_subquery()
        conn.execute(sa.update(table).values(lms_id=owner))
    issuer_of = sa.select(context.c.platform_id).where(context.c.id == resource_link.c.context_id).scalar_subquery()
    conn.execute(sa.update(resource_link).values(registration_id=issuer_of))
    merged = merge_duplicates(conn)
    print(f"0003: {merged.courses} courses, {merged.people} people, {merged.memberships} memberships united")

    with op.batch_alter_table('lti_platform', schema=None) as batch_op:
        batch_op.alter_column('lms_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f('ix_lti_platform_lms_id'), ['lms_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_lti_platform_lms_id_lti_lms'), 'lti_lms', ['lms_id'], ['id'])
    with op.batch_alter_table('context', schema=None) as batch_op:
        batch_op.drop_constraint('uq_context_platform_id_lti_context_id', type_='unique')
        batch_op.drop_constraint('fk_context_platform_id_lti_platform', type_='foreignkey')
        batch_op.drop_column('platform_id')
        batch_op.alter_column('lms_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_context_lms_id_lti_context_id'), ['lms_id', 'lti_context_id'])
        batch_op.create_foreign_key(batch_op.f('fk_context_lms_id_lti_lms'), 'lti_lms', ['lms_id'], ['id'])
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_constraint('uq_app_user_platform_id_sub', type_='unique')
        batch_op.drop_constraint('fk_app_user_platform_id_lti_platform', type_='foreignkey')
        batch_op.drop_column('platform_id')
        batch_op.alter_column('lms_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_app_user_lms_id_sub'), ['lms_id', 'sub'])
        batch_op.create_foreign_key(batch_op.f('fk_app_user_lms_id_lti_lms'), 'lti_lms', ['lms_id'], ['id'])
    with op.batch_alter_table('resource_link', schema=None) as batch_op:
        batch_op.create_foreign_key(
            batch_op.f('fk_resource_link_registration_id_lti_platform'), 'lti_platform', ['registration_id'], ['id'],
            ondelete='SET NULL',
        )


def _give_each_registration_its_lms(conn: sa.engine.Connection) -> None:
    """One LMS per issuer, one per registration for a shared issuer."""
    by_issuer: dict[str, int] = {}
    for row in conn.execute(sa.select(platform.c.id, platform.c.issuer, platform.c.name, platform.c.created_at)
                            .order_by(platform.c.id)).all():
        lms_id = None if row.issuer in SHARED_ISSUERS else by_issuer.get(row.issuer)
        if lms_id is None:
            lms_id = conn.execute(
                sa.insert(lms).values(issuer=row.issuer, name=row.name or row.issuer, created_at=row.created_at)
                .returning(lms.c.id)
            ).scalar_one()
            by_issuer.setdefault(row.issuer, lms_id)
        conn.execute(sa.update(platform).where(platform.c.id == row.id).values(lms_id=lms_id))


def downgrade() -> None:
    """One way only: people united across registrations cannot be told apart again."""
    raise RuntimeError("0003 cannot be undone: restore the backup taken before upgrading (README, « Mettre à jour »)")
