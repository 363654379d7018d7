"""Login roles on the test server: a person who logs in as their own role, a member of one of
``ddq team init``'s roles (``ddq_reviewer``, ``ddq_auditor``)."""

import itertools
import os

import psycopg

_people = itertools.count()


def login_role(url: str, role: str) -> str:
    """Create a login role that is a member of ``role``; return the URL to connect as it."""
    name = f"person_{os.getpid()}_{next(_people)}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f"CREATE ROLE {name} LOGIN IN ROLE {role}")
    host = url.split("@", 1)[1]
    return f"postgresql://{name}@{host}"


def role_of(url: str) -> str:
    """Return the role a URL made by ``login_role`` logs in as."""
    return url.split("://", 1)[1].split("@", 1)[0]
