"""Alembic environment: always runs on a connection handed over by ``models.storage.schema``."""

from alembic import context

from models.storage.tables import SQLModel

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,
)
with context.begin_transaction():
    context.run_migrations()
