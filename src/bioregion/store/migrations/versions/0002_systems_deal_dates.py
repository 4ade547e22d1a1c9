"""actor systems (membership by jurisdiction), tie signed and closed dates

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07 07:30:00

Adds ``actors.systems`` (JSON list, ``[]`` for every existing actor) and the optional
dates ``ties.signed_*`` and ``ties.closed_*``. Existing data is kept; listings need no
schema change (a new event kind and role are values of existing text columns).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ALTER TABLE ... ADD COLUMN on every database: a batch copy of a SQLite table
    # (drop and re-create) is refused by, or would cascade through, the foreign keys. The
    # server default fills the existing rows (a NOT NULL column needs one) and stays.
    op.add_column(
        "actors", sa.Column("systems", sa.Text(), nullable=False, server_default=sa.text("'[]'"))
    )
    op.add_column("ties", sa.Column("signed_date", sa.Date(), nullable=True))
    op.add_column("ties", sa.Column("signed_precision", sa.String(length=5), nullable=True))
    op.add_column("ties", sa.Column("closed_date", sa.Date(), nullable=True))
    op.add_column("ties", sa.Column("closed_precision", sa.String(length=5), nullable=True))


def downgrade() -> None:
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): a batch copy of the tables would
    # cascade-delete their source links.
    for column in ("closed_precision", "closed_date", "signed_precision", "signed_date"):
        op.drop_column("ties", column)
    op.drop_column("actors", "systems")
