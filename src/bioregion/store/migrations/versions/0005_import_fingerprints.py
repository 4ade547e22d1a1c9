"""import fingerprints: what importing the same files again would report

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 18:20:00

Adds one table and changes none: ``import_fingerprints``, one row per import batch of
template files written column by column, with the fingerprint of the files (bytes,
paths, reading options, tool version), the counts and warnings a repeat of that import
would give, and the record tables' row counts the batch left. An unchanged re-import
that finds its fingerprint on the store's last batch records a batch without reading
the files again. Existing data is kept; the downgrade drops the table.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "import_fingerprints",
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("counts", sa.Text(), nullable=False),
        sa.Column("warnings", sa.Text(), nullable=False),
        sa.Column("rows", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["import_batches.id"], name=op.f("fk_import_fingerprints_batch_id")
        ),
        sa.PrimaryKeyConstraint("batch_id", name=op.f("pk_import_fingerprints")),
    )


def downgrade() -> None:
    op.drop_table("import_fingerprints")
