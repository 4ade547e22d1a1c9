"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-27 00:18:48.549778
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('import_batches',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('label', sa.Text(), nullable=False),
    sa.Column('files', sa.Text(), nullable=False),
    sa.Column('counts', sa.Text(), nullable=False),
    sa.Column('tool_version', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batches'))
    )
    op.create_table('actors',
    sa.Column('id', sa.String(length=128), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('kind', sa.Text(), nullable=False),
    sa.Column('tags', sa.Text(), nullable=False),
    sa.Column('founded_date', sa.Date(), nullable=True),
    sa.Column('founded_precision', sa.String(length=5), nullable=True),
    sa.Column('ended_date', sa.Date(), nullable=True),
    sa.Column('ended_precision', sa.String(length=5), nullable=True),
    sa.Column('end_reason', sa.Text(), nullable=False),
    sa.Column('country', sa.Text(), nullable=False),
    sa.Column('nuts', sa.Text(), nullable=False),
    sa.Column('city', sa.Text(), nullable=False),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('identifiers', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('created_batch', sa.Integer(), nullable=True),
    sa.Column('updated_batch', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_batch'], ['import_batches.id'], name=op.f('fk_actors_created_batch')),
    sa.ForeignKeyConstraint(['updated_batch'], ['import_batches.id'], name=op.f('fk_actors_updated_batch')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_actors'))
    )
    with op.batch_alter_table('actors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_actors_kind'), ['kind'], unique=False)

    op.create_table('changes',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('record_type', sa.String(length=20), nullable=False),
    sa.Column('record_key', sa.Text(), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('changed', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batches.id'], name=op.f('fk_changes_batch_id')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_changes'))
    )
    with op.batch_alter_table('changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_changes_batch_id'), ['batch_id'], unique=False)

    op.create_table('events',
    sa.Column('id', sa.String(length=128), nullable=False),
    sa.Column('kind', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('start_precision', sa.String(length=5), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('end_precision', sa.String(length=5), nullable=True),
    sa.Column('amount', sa.Float(), nullable=True),
    sa.Column('currency', sa.Text(), nullable=False),
    sa.Column('identifiers', sa.Text(), nullable=False),
    sa.Column('tags', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('created_batch', sa.Integer(), nullable=True),
    sa.Column('updated_batch', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_batch'], ['import_batches.id'], name=op.f('fk_events_created_batch')),
    sa.ForeignKeyConstraint(['updated_batch'], ['import_batches.id'], name=op.f('fk_events_updated_batch')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events'))
    )
    op.create_table('sources',
    sa.Column('id', sa.String(length=128), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('publisher', sa.Text(), nullable=False),
    sa.Column('published_date', sa.Date(), nullable=True),
    sa.Column('published_precision', sa.String(length=5), nullable=True),
    sa.Column('accessed_date', sa.Date(), nullable=True),
    sa.Column('accessed_precision', sa.String(length=5), nullable=True),
    sa.Column('licence', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_batch', sa.Integer(), nullable=True),
    sa.Column('updated_batch', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_batch'], ['import_batches.id'], name=op.f('fk_sources_created_batch')),
    sa.ForeignKeyConstraint(['updated_batch'], ['import_batches.id'], name=op.f('fk_sources_updated_batch')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sources'))
    )
    op.create_table('actor_sources',
    sa.Column('record_id', sa.String(length=128), nullable=False),
    sa.Column('source_id', sa.String(length=128), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['record_id'], ['actors.id'], name=op.f('fk_actor_sources_record_id'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_actor_sources_source_id')),
    sa.PrimaryKeyConstraint('record_id', 'source_id', name=op.f('pk_actor_sources'))
    )
    with op.batch_alter_table('actor_sources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_actor_sources_source_id'), ['source_id'], unique=False)

    op.create_table('event_sources',
    sa.Column('record_id', sa.String(length=128), nullable=False),
    sa.Column('source_id', sa.String(length=128), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['record_id'], ['events.id'], name=op.f('fk_event_sources_record_id'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_event_sources_source_id')),
    sa.PrimaryKeyConstraint('record_id', 'source_id', name=op.f('pk_event_sources'))
    )
    with op.batch_alter_table('event_sources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_sources_source_id'), ['source_id'], unique=False)

    op.create_table('participations',
    sa.Column('event_id', sa.String(length=128), nullable=False),
    sa.Column('actor_id', sa.String(length=128), nullable=False),
    sa.Column('role', sa.String(length=128), nullable=False),
    sa.Column('contribution', sa.Float(), nullable=True),
    sa.Column('currency', sa.Text(), nullable=False),
    sa.Column('created_batch', sa.Integer(), nullable=True),
    sa.Column('updated_batch', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['actors.id'], name=op.f('fk_participations_actor_id')),
    sa.ForeignKeyConstraint(['created_batch'], ['import_batches.id'], name=op.f('fk_participations_created_batch')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_participations_event_id')),
    sa.ForeignKeyConstraint(['updated_batch'], ['import_batches.id'], name=op.f('fk_participations_updated_batch')),
    sa.PrimaryKeyConstraint('event_id', 'actor_id', 'role', name=op.f('pk_participations'))
    )
    with op.batch_alter_table('participations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participations_actor_id'), ['actor_id'], unique=False)

    op.create_table('ties',
    sa.Column('id', sa.String(length=128), nullable=False),
    sa.Column('kind', sa.Text(), nullable=False),
    sa.Column('source_id', sa.String(length=128), nullable=False),
    sa.Column('target_id', sa.String(length=128), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('start_precision', sa.String(length=5), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('end_precision', sa.String(length=5), nullable=True),
    sa.Column('status', sa.Text(), nullable=False),
    sa.Column('stage', sa.Text(), nullable=False),
    sa.Column('therapeutic_area', sa.Text(), nullable=False),
    sa.Column('technology', sa.Text(), nullable=False),
    sa.Column('upfront', sa.Float(), nullable=True),
    sa.Column('equity', sa.Float(), nullable=True),
    sa.Column('research_funding', sa.Float(), nullable=True),
    sa.Column('milestones', sa.Float(), nullable=True),
    sa.Column('total', sa.Float(), nullable=True),
    sa.Column('currency', sa.Text(), nullable=False),
    sa.Column('royalties', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('tags', sa.Text(), nullable=False),
    sa.Column('flags', sa.Text(), nullable=False),
    sa.Column('confidence', sa.Text(), nullable=False),
    sa.Column('created_batch', sa.Integer(), nullable=True),
    sa.Column('updated_batch', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_batch'], ['import_batches.id'], name=op.f('fk_ties_created_batch')),
    sa.ForeignKeyConstraint(['source_id'], ['actors.id'], name=op.f('fk_ties_source_id')),
    sa.ForeignKeyConstraint(['target_id'], ['actors.id'], name=op.f('fk_ties_target_id')),
    sa.ForeignKeyConstraint(['updated_batch'], ['import_batches.id'], name=op.f('fk_ties_updated_batch')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ties'))
    )
    with op.batch_alter_table('ties', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ties_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_ties_source_id'), ['source_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ties_start_date'), ['start_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_ties_target_id'), ['target_id'], unique=False)

    op.create_table('participation_sources',
    sa.Column('record_event_id', sa.String(length=128), nullable=False),
    sa.Column('record_actor_id', sa.String(length=128), nullable=False),
    sa.Column('record_role', sa.String(length=128), nullable=False),
    sa.Column('source_id', sa.String(length=128), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['record_event_id', 'record_actor_id', 'record_role'], ['participations.event_id', 'participations.actor_id', 'participations.role'], name=op.f('fk_participation_sources_record_event_id_record_actor_id_record_role'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_participation_sources_source_id')),
    sa.PrimaryKeyConstraint('record_event_id', 'record_actor_id', 'record_role', 'source_id', name=op.f('pk_participation_sources'))
    )
    with op.batch_alter_table('participation_sources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participation_sources_source_id'), ['source_id'], unique=False)

    op.create_table('tie_sources',
    sa.Column('record_id', sa.String(length=128), nullable=False),
    sa.Column('source_id', sa.String(length=128), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['record_id'], ['ties.id'], name=op.f('fk_tie_sources_record_id'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_tie_sources_source_id')),
    sa.PrimaryKeyConstraint('record_id', 'source_id', name=op.f('pk_tie_sources'))
    )
    with op.batch_alter_table('tie_sources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tie_sources_source_id'), ['source_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('tie_sources', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tie_sources_source_id'))

    op.drop_table('tie_sources')
    with op.batch_alter_table('participation_sources', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participation_sources_source_id'))

    op.drop_table('participation_sources')
    with op.batch_alter_table('ties', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ties_target_id'))
        batch_op.drop_index(batch_op.f('ix_ties_start_date'))
        batch_op.drop_index(batch_op.f('ix_ties_source_id'))
        batch_op.drop_index(batch_op.f('ix_ties_kind'))

    op.drop_table('ties')
    with op.batch_alter_table('participations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participations_actor_id'))

    op.drop_table('participations')
    with op.batch_alter_table('event_sources', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_sources_source_id'))

    op.drop_table('event_sources')
    with op.batch_alter_table('actor_sources', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_actor_sources_source_id'))

    op.drop_table('actor_sources')
    op.drop_table('sources')
    op.drop_table('events')
    with op.batch_alter_table('changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_changes_batch_id'))

    op.drop_table('changes')
    with op.batch_alter_table('actors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_actors_kind'))

    op.drop_table('actors')
    op.drop_table('import_batches')
