"""Knowledge base: vendors, sources, claims, evidence, annotations, audit log, search index
(FTS5 on SQLite; a weighted tsvector column with a GIN index on PostgreSQL).

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

FTS_COLUMNS = "key, title, statement, conditions, keywords"
PG_SEARCH_CONFIG = "ddq_search"
PG_DICTIONARY = "ddq_english_stem"


def upgrade() -> None:
    op.create_table(
        "setting",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("value", sa.String(), nullable=False),
    )
    op.create_table(
        "vendor",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("slug", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("product", sa.String(), nullable=False),
        sa.Column("trust_portal_url", sa.String(), nullable=True),
        sa.Column("summary", sa.String(), nullable=False),
    )
    op.create_index("ix_vendor_slug", "vendor", ["slug"], unique=True)
    op.create_table(
        "source",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("url", sa.String(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("date_note", sa.String(), nullable=False),
    )
    op.create_index("ix_source_key", "source", ["key"], unique=True)
    op.create_table(
        "claim",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "vendor_id",
            sa.Integer(),
            sa.ForeignKey("vendor.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("statement", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("conditions", sa.JSON(), nullable=False),
        sa.Column("watch_out", sa.String(), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=True),
        sa.Column(
            "superseded_by_id",
            sa.Integer(),
            sa.ForeignKey("claim.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(), nullable=False),
        sa.UniqueConstraint("vendor_id", "key", name="uq_claim_vendor_key"),
    )
    op.create_index("ix_claim_vendor_id", "claim", ["vendor_id"])
    op.create_index("ix_claim_key", "claim", ["key"])
    op.create_table(
        "claimsource",
        sa.Column(
            "claim_id",
            sa.Integer(),
            sa.ForeignKey("claim.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "source_id",
            sa.Integer(),
            sa.ForeignKey("source.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("url", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("access", sa.String(), nullable=False),
        sa.Column("last_checked", sa.DateTime(), nullable=True),
        sa.Column("http_status", sa.Integer(), nullable=True),
        sa.Column("content_type", sa.String(), nullable=True),
        sa.Column("size", sa.Integer(), nullable=True),
        sa.Column("sha256", sa.String(), nullable=True),
        sa.Column("snapshot_path", sa.String(), nullable=True),
        sa.Column("previous_sha256", sa.String(), nullable=True),
        sa.Column("changed", sa.Boolean(), nullable=False),
        sa.Column("error", sa.String(), nullable=True),
    )
    op.create_index("ix_evidence_url", "evidence", ["url"], unique=True)
    op.create_table(
        "claimevidence",
        sa.Column(
            "claim_id",
            sa.Integer(),
            sa.ForeignKey("claim.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "evidence_id",
            sa.Integer(),
            sa.ForeignKey("evidence.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.create_table(
        "annotation",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "claim_id",
            sa.Integer(),
            sa.ForeignKey("claim.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("created", sa.Date(), nullable=False),
        sa.Column("disposition", sa.String(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("dismissed_reason", sa.String(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_annotation_claim_id", "annotation", ["claim_id"])
    op.create_table(
        "auditevent",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("entity", sa.String(), nullable=False),
        sa.Column("entity_key", sa.String(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
    )
    op.create_index("ix_auditevent_at", "auditevent", ["at"])
    op.create_index("ix_auditevent_review_id", "auditevent", ["review_id"])
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_search()
    else:
        _sqlite_search()


def _sqlite_search() -> None:
    # Full-text search over claims: an external-content FTS5 table kept in step by triggers.
    op.execute(
        f"CREATE VIRTUAL TABLE claim_fts USING fts5({FTS_COLUMNS}, content='claim', "
        "content_rowid='id', tokenize='porter unicode61')"
    )
    new_values = "new.id, new.key, new.title, new.statement, new.conditions, new.keywords"
    old_values = "old.id, old.key, old.title, old.statement, old.conditions, old.keywords"
    op.execute(
        "CREATE TRIGGER claim_fts_insert AFTER INSERT ON claim BEGIN "
        f"INSERT INTO claim_fts(rowid, {FTS_COLUMNS}) VALUES ({new_values}); END"
    )
    op.execute(
        "CREATE TRIGGER claim_fts_delete AFTER DELETE ON claim BEGIN "
        f"INSERT INTO claim_fts(claim_fts, rowid, {FTS_COLUMNS}) "
        f"VALUES ('delete', {old_values}); END"
    )
    op.execute(
        "CREATE TRIGGER claim_fts_update AFTER UPDATE ON claim BEGIN "
        f"INSERT INTO claim_fts(claim_fts, rowid, {FTS_COLUMNS}) "
        f"VALUES ('delete', {old_values}); "
        f"INSERT INTO claim_fts(rowid, {FTS_COLUMNS}) VALUES ({new_values}); END"
    )


def _postgresql_search() -> None:
    # Full-text search over claims on PostgreSQL: a stored generated tsvector column with a GIN
    # index, weighted as the FTS5 bm25 weights are (FTS_WEIGHTS in models.kb.claims): title A;
    # key and keywords B; statement C; conditions D. The dictionary is the English Snowball stemmer
    # without a stop-word list, as FTS5's porter tokenizer keeps every word.
    op.execute(
        f"CREATE TEXT SEARCH DICTIONARY {PG_DICTIONARY} (TEMPLATE = snowball, Language = english)"
    )
    op.execute(f"CREATE TEXT SEARCH CONFIGURATION {PG_SEARCH_CONFIG} (COPY = pg_catalog.english)")
    op.execute(
        f"ALTER TEXT SEARCH CONFIGURATION {PG_SEARCH_CONFIG} ALTER MAPPING FOR asciiword, "
        f"asciihword, hword_asciipart, word, hword, hword_part WITH {PG_DICTIONARY}"
    )
    weighted = " || ".join(
        f"setweight(to_tsvector('{PG_SEARCH_CONFIG}', coalesce({column}, '')), '{weight}')"
        for column, weight in (
            ("key", "B"),
            ("title", "A"),
            ("statement", "C"),
            ("conditions::text", "D"),
            ("keywords::text", "B"),
        )
    )
    op.execute(
        f"ALTER TABLE claim ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({weighted}) "
        "STORED"
    )
    op.execute("CREATE INDEX ix_claim_search_vector ON claim USING gin (search_vector)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_claim_search_vector")
        op.execute("ALTER TABLE claim DROP COLUMN IF EXISTS search_vector")
        op.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {PG_SEARCH_CONFIG}")
        op.execute(f"DROP TEXT SEARCH DICTIONARY IF EXISTS {PG_DICTIONARY}")
    else:
        for trigger in ("claim_fts_insert", "claim_fts_delete", "claim_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS claim_fts")
    for table in (
        "auditevent",
        "annotation",
        "claimevidence",
        "evidence",
        "claimsource",
        "claim",
        "source",
        "vendor",
        "setting",
    ):
        op.drop_table(table)
