"""Hold a DDQ Desk database open from another process, as a second window would.

Usage: ``python -m tests.helpers.hold_lock DB_FILE MODE [SECONDS]`` where MODE is ``read`` (an
idle open connection) or ``write`` (a ``BEGIN IMMEDIATE`` transaction holding the write lock).
Prints ``holding`` once the lock is held, then releases it after SECONDS, or when a line (or
end of file) arrives on stdin if SECONDS is not given; prints ``released`` and exits.
"""

import sqlite3
import sys
import threading


def main() -> None:
    """Hold the lock as the arguments say."""
    path, mode = sys.argv[1], sys.argv[2]
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else None
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    if mode == "write":
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("UPDATE setting SET value = value WHERE key = 'seed.kb'")
    else:
        connection.execute("SELECT count(*) FROM claim").fetchone()
    sys.stdout.write("holding\n")
    sys.stdout.flush()
    if seconds is None:
        sys.stdin.readline()
    else:
        threading.Event().wait(seconds)
    if mode == "write":
        connection.execute("COMMIT")
    connection.close()
    sys.stdout.write("released\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
