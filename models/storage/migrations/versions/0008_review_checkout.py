"""Offline checkout (issue 16, point 4): ``reviewcheckout`` marks a review taken for offline
work, on the team database and in the local SQLite copy alike.

On the team database the row says who has the review (``checked_out_by``, their database role,
when, where the copy went) and the versions it was taken at; on the local side the same table
says which team review the local copy is and maps every copied row to its team row and base
version (``versions``). On PostgreSQL a trigger on ``review`` and ``answer`` then refuses every
change to a checked-out review, whoever asks, except the check-in transaction that names the
checkout's token (``SET LOCAL ddq.checkin_token``); moving through a review (only
``current_position`` changing) stays allowed. The guard reads the marks with its owner's
rights (``SECURITY DEFINER``), so writers need no grant on ``reviewcheckout`` for it. SQLite
gets the table only: a local copy is the reviewer's own to change.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# The SQLSTATE the guard raises; models.storage.postgres turns it into one line.
CHECKED_OUT_SQLSTATE = "DDQ01"

_GUARD = f"""
CREATE OR REPLACE FUNCTION ddq_checked_out_guard() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  target integer;
  held record;
BEGIN
  IF TG_TABLE_NAME = 'review' THEN
    target := CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END;
    IF TG_OP = 'UPDATE' AND
       (to_jsonb(NEW) - 'current_position') = (to_jsonb(OLD) - 'current_position') THEN
      RETURN NEW;
    END IF;
  ELSE
    target := CASE WHEN TG_OP = 'DELETE' THEN OLD.review_id ELSE NEW.review_id END;
  END IF;
  SELECT * INTO held FROM reviewcheckout WHERE review_id = target;
  IF FOUND AND held.token IS DISTINCT FROM current_setting('ddq.checkin_token', true) THEN
    RAISE EXCEPTION USING ERRCODE = '{CHECKED_OUT_SQLSTATE}', MESSAGE = format(
      'review %s is checked out for offline work by %s (database role %s) since %s UTC',
      target, held.checked_out_by, coalesce(held.database_role, '-'),
      to_char(held.checked_out_at, 'YYYY-MM-DD HH24:MI'));
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END
$$;
"""


def upgrade() -> None:
    op.create_table(
        "reviewcheckout",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "review_id",
            sa.Integer(),
            sa.ForeignKey("review.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("team_review_id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(), nullable=False),
        sa.Column("checked_out_by", sa.String(), nullable=False),
        sa.Column("database_role", sa.String(), nullable=True),
        sa.Column("checked_out_at", sa.DateTime(), nullable=False),
        sa.Column("location", sa.String(), nullable=False),
        sa.Column("versions", sa.JSON(), nullable=False),
    )
    op.create_index("ix_reviewcheckout_review_id", "reviewcheckout", ["review_id"], unique=True)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_GUARD)
        for table in ("review", "answer"):
            op.execute(
                f"CREATE TRIGGER {table}_checked_out BEFORE INSERT OR UPDATE OR DELETE ON "
                f"{table} FOR EACH ROW EXECUTE FUNCTION ddq_checked_out_guard()"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in ("review", "answer"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_checked_out ON {table}")
        op.execute("DROP FUNCTION IF EXISTS ddq_checked_out_guard()")
    op.drop_index("ix_reviewcheckout_review_id", table_name="reviewcheckout")
    op.drop_table("reviewcheckout")
