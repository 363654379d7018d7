"""Vendor knowledge as data: what a claim answers (``claim.answers``) and what a vendor's
questions may name (``vendor.profile``: products and features).

Existing databases seeded before this revision get the seed vendor's answers and profile from
the bundled knowledge base, so the seed keeps answering as it did when the rules were code.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN: a batch copy of ``claim`` would drop the FTS triggers on it.
    op.add_column("vendor", sa.Column("profile", sa.JSON(), nullable=False, server_default="{}"))
    op.add_column("claim", sa.Column("answers", sa.JSON(), nullable=False, server_default="[]"))
    _fill_from_bundled_knowledge_base()


def _fill_from_bundled_knowledge_base() -> None:
    # Imported here: the migration environment should not load resources at module import.
    from resources import KB_DIR

    bind = op.get_bind()
    document = json.loads((KB_DIR / "openai-api.json").read_text(encoding="utf-8"))
    for vendor in document.get("vendors", []):
        bind.execute(
            sa.text("UPDATE vendor SET profile = :profile WHERE slug = :slug"),
            {"profile": json.dumps(vendor.get("profile") or {}), "slug": vendor["slug"]},
        )
    for claim in document.get("claims", []):
        bind.execute(
            sa.text(
                "UPDATE claim SET answers = :answers WHERE key = :key AND vendor_id = "
                "(SELECT id FROM vendor WHERE slug = :slug)"
            ),
            {
                "answers": json.dumps(claim.get("answers") or []),
                "key": claim["key"],
                "slug": claim["vendor"],
            },
        )


def downgrade() -> None:
    with op.batch_alter_table("claim") as batch:
        batch.drop_column("answers")
    with op.batch_alter_table("vendor") as batch:
        batch.drop_column("profile")
