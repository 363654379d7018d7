"""Evidence refresh: throughput against a local server that answers after a fixed delay.

Real evidence servers are slow to answer, not slow to send, so the figure that matters is how
well four concurrent fetches hide that latency, and what each recorded item costs (fetch,
snapshot write, one database transaction with its AuditEvent).
"""

import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ITEMS = 80
BODY_BYTES = 100 * 1024
LATENCY_SECONDS = 0.05


class _SlowHandler(BaseHTTPRequestHandler):
    """Answers every GET with a distinct 100 KB body after a fixed delay."""

    def do_GET(self) -> None:
        time.sleep(LATENCY_SECONDS)  # the latency being measured, not a test wait
        body = self.path.encode().ljust(BODY_BYTES, b".")
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        """Stay quiet."""


def _run(workers: int, server_url: str) -> float:
    from models.bootstrap import open_database
    from models.evidence.records import add_evidence
    from models.evidence.refresh import refresh_evidence, select_evidence

    with tempfile.TemporaryDirectory() as temporary:
        database = open_database(Path(temporary))
        for number in range(ITEMS):
            add_evidence(database, "dpa", f"{server_url}/doc{number}", "bench")
        targets = select_evidence(database, url_prefix=server_url)
        start = time.perf_counter()
        results = [
            step.item.result for step in refresh_evidence(database, targets, workers=workers)
        ]
        elapsed = time.perf_counter() - start
        database.close()
    assert results.count("first-snapshot") == ITEMS, results
    return elapsed


def main() -> None:
    """Print refresh time for 80 items of 100 KB at 50 ms latency, 1 and 4 workers."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SlowHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        serial = _run(1, url)
        parallel = _run(4, url)
    finally:
        server.shutdown()
        server.server_close()
    floor = ITEMS * LATENCY_SECONDS
    print(
        f"evidence refresh, {ITEMS} items x {BODY_BYTES // 1024} KB, "
        f"{LATENCY_SECONDS * 1000:.0f} ms server latency: "
        f"1 worker {serial:.2f} s ({serial / ITEMS * 1000:.1f} ms/item; latency floor "
        f"{floor:.1f} s), 4 workers {parallel:.2f} s ({ITEMS / parallel:.0f} items/s); "
        f"speed-up {serial / parallel:.1f}x (ideal 4x)"
    )
