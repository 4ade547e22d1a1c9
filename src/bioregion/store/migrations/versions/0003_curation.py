"""curation: merges, actor aliases and the review queue of candidate records

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07 13:00:00

Adds three tables and changes none: ``merges`` (every merge of one actor into
another, with its evidence, probability, status and what undoing it needs),
``actor_aliases`` (other names of an actor) and ``candidates`` (records queued for
review before they enter the network). Existing data is kept; the downgrade drops the
three tables.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "merges",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kept", sa.String(length=128), nullable=False),
        sa.Column("merged", sa.String(length=128), nullable=False),
        sa.Column("probability", sa.Float(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("decision", sa.String(length=10), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("undo_batch_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.Column("merged_record", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["import_batches.id"], name=op.f("fk_merges_batch_id")
        ),
        sa.ForeignKeyConstraint(
            ["undo_batch_id"], ["import_batches.id"], name=op.f("fk_merges_undo_batch_id")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merges")),
    )
    op.create_index(op.f("ix_merges_kept"), "merges", ["kept"], unique=False)
    op.create_index(op.f("ix_merges_merged"), "merges", ["merged"], unique=False)
    op.create_index(op.f("ix_merges_status"), "merges", ["status"], unique=False)
    op.create_table(
        "actor_aliases",
        sa.Column("actor_id", sa.String(length=128), nullable=False),
        sa.Column("alias", sa.String(length=512), nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actors.id"],
            name=op.f("fk_actor_aliases_actor_id"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("actor_id", "alias", name=op.f("pk_actor_aliases")),
    )
    op.create_table(
        "candidates",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("record_type", sa.String(length=20), nullable=False),
        sa.Column("record_key", sa.Text(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["import_batches.id"], name=op.f("fk_candidates_batch_id")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidates")),
    )
    op.create_index(op.f("ix_candidates_status"), "candidates", ["status"], unique=False)
    op.create_index(
        op.f("ix_candidates_record_type_record_key"),
        "candidates",
        ["record_type", "record_key"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_candidates_record_type_record_key"), table_name="candidates")
    op.drop_index(op.f("ix_candidates_status"), table_name="candidates")
    op.drop_table("candidates")
    op.drop_table("actor_aliases")
    op.drop_index(op.f("ix_merges_status"), table_name="merges")
    op.drop_index(op.f("ix_merges_merged"), table_name="merges")
    op.drop_index(op.f("ix_merges_kept"), table_name="merges")
    op.drop_table("merges")
