"""Alembic environment: runs on the connection bioregion hands over."""

from alembic import context

from bioregion.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - bioregion always passes a connection
    raise RuntimeError("run migrations through bioregion.store.migrate")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
