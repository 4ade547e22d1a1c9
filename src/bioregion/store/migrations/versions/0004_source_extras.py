"""source extras: web domains and undated relations of actors, with their provenance

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 15:30:00

Adds two tables and changes none: ``actor_domains`` (web domains of actors) and
``actor_relations`` (undated parent/child/related/successor relations between
actors), each with the source (``origin``) and the import batch that gave the row.
Other names a source gives go to the existing ``actor_aliases`` (their ``origin``
names the source and batch: ``ror:batch:7``). Existing data is kept; the downgrade
drops the two tables (the aliases stay).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "actor_domains",
        sa.Column("actor_id", sa.String(length=128), nullable=False),
        sa.Column("domain", sa.String(length=255), nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["import_batches.id"], name=op.f("fk_actor_domains_batch_id")
        ),
        sa.PrimaryKeyConstraint("actor_id", "domain", name=op.f("pk_actor_domains")),
    )
    op.create_table(
        "actor_relations",
        sa.Column("source_id", sa.String(length=128), nullable=False),
        sa.Column("target_id", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["import_batches.id"], name=op.f("fk_actor_relations_batch_id")
        ),
        sa.PrimaryKeyConstraint("source_id", "target_id", "kind", name=op.f("pk_actor_relations")),
    )
    op.create_index(
        op.f("ix_actor_relations_target_id"), "actor_relations", ["target_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_actor_relations_target_id"), table_name="actor_relations")
    op.drop_table("actor_relations")
    op.drop_table("actor_domains")
