"""Roles on a team database: the SQL ``ddq team init`` runs (and prints, to be read first).

Three roles, none of which can log in itself; people log in with their own roles, which an
administrator makes members of one of them (``GRANT ddq_reviewer TO dana``):

- ``ddq_owner`` owns the tables: whoever migrates the schema (the first start, an upgrade)
  must be a member of it;
- ``ddq_reviewer`` reads everything and writes the knowledge base and reviews (claims,
  sources, evidence, annotations, phrasings, reviews, answers), and may only add audit events;
- ``ddq_auditor`` reads everything and may only add audit events (an unsigned export, a
  verification), so the app is read-only for them.

Audit events are append-only: no UPDATE, DELETE or TRUNCATE is granted on ``auditevent``,
and a trigger refuses UPDATE and DELETE whoever asks (the owner too), so not even a grant
given by mistake later can rewrite the trail. A migration run by a member of ``ddq_owner``
creates its tables as ``ddq_owner`` (``postgres_schema``); run ``ddq team init`` again after
an upgrade so that reviewers may write any new table.
"""

import psycopg

from models.errors import UserError
from models.storage.postgres import PostgresDatabase, connect, translate_error

OWNER, REVIEWER, AUDITOR = "ddq_owner", "ddq_reviewer", "ddq_auditor"
# Everything a reviewer changes; every other table (templates, settings, seeds) is read-only
# to them, and the audit log only takes new rows.
REVIEWER_TABLES = (
    "vendor", "source", "claim", "claimsource", "evidence", "claimevidence", "annotation",
    "phrasing", "review", "answer", "setting", "reviewcheckout",
)  # fmt: skip


def team_init_sql() -> str:
    """Return the SQL that creates the roles and grants (safe to run again)."""
    roles = "\n".join(
        f"  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN "
        f"CREATE ROLE {role} NOLOGIN; END IF;"
        for role in (OWNER, REVIEWER, AUDITOR)
    )
    return f"""-- DDQ Desk team roles (ddq team init). Run by a role that may create roles and
-- owns the DDQ Desk tables (e.g. the one that created the database).
DO $$
BEGIN
{roles}
END
$$;
GRANT {OWNER} TO CURRENT_USER;
DO $$
DECLARE item record;
BEGIN
  FOR item IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
    EXECUTE format('ALTER TABLE public.%I OWNER TO {OWNER}', item.tablename);
  END LOOP;
END
$$;
GRANT USAGE, CREATE ON SCHEMA public TO {OWNER};
GRANT USAGE ON SCHEMA public TO {REVIEWER}, {AUDITOR};
GRANT SELECT ON ALL TABLES IN SCHEMA public TO {REVIEWER}, {AUDITOR};
GRANT INSERT, UPDATE, DELETE ON {", ".join(REVIEWER_TABLES)} TO {REVIEWER};
GRANT INSERT ON auditevent TO {REVIEWER}, {AUDITOR};
REVOKE UPDATE, DELETE, TRUNCATE ON auditevent FROM {REVIEWER}, {AUDITOR};
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {REVIEWER}, {AUDITOR};
ALTER DEFAULT PRIVILEGES FOR ROLE {OWNER} IN SCHEMA public
  GRANT SELECT ON TABLES TO {REVIEWER}, {AUDITOR};
ALTER DEFAULT PRIVILEGES FOR ROLE {OWNER} IN SCHEMA public
  GRANT USAGE ON SEQUENCES TO {REVIEWER}, {AUDITOR};
CREATE OR REPLACE FUNCTION ddq_audit_append_only() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit events cannot be changed or deleted'
    USING ERRCODE = 'insufficient_privilege';
END
$$;
DROP TRIGGER IF EXISTS auditevent_append_only ON auditevent;
CREATE TRIGGER auditevent_append_only BEFORE UPDATE OR DELETE ON auditevent
  FOR EACH ROW EXECUTE FUNCTION ddq_audit_append_only();
"""


def team_init(database: PostgresDatabase) -> None:
    """Run ``team_init_sql`` on the team database in one transaction.

    Raises:
        UserError: The server refused (e.g. the role running it may not create roles);
            nothing was changed.
    """
    connection = connect(database.url, database.lock_timeout)
    try:
        with connection.transaction():
            connection.execute(team_init_sql().encode())
    except psycopg.Error as error:
        refused = translate_error(error, database.url, database.lock_timeout)
        reason = " ".join(str(error).split())
        message = f"ddq team init failed ({reason}); nothing was changed"
        raise (refused or UserError(message)) from None
    finally:
        connection.close()
