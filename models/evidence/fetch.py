"""Fetching one evidence URL safely: the network rules every refresh obeys.

- only ``http`` and ``https``, TLS certificates always verified;
- a connect timeout (10 s), a read timeout (30 s, the longest wait for the next bytes) and a
  total deadline (120 s for everything, redirects included): a server trickling a byte every
  29 s is cut off when the deadline passes, not kept alive for ever;
- a body that does not match its ``Content-Length`` (longer or shorter) is an error, never
  stored: the request asks the server to close the connection after the response, and what
  it really sent is read to the end and counted;
- redirects followed by hand, at most five, and only to ``http``/``https`` URLs: a
  ``Location`` of ``file://``, ``ftp://``, ``data:`` or anything else is refused;
- the body streamed to a file in the store's incoming folder while it is hashed, and cut off
  and refused (deleted, never stored) once it passes 25 MB;
- a User-Agent that says who is asking.

Nothing here touches the database: a fetch returns a :class:`FetchOutcome`, and the caller
decides what to record. Every failure is an outcome with a one-line ``error``, never an
exception, so one bad link cannot stop a refresh.
"""

import contextlib
import hashlib
import re
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import requests
from urllib3.exceptions import ReadTimeoutError

from models.evidence.store import discard_incoming, new_incoming_file
from models.evidence.urls import redacted, url_problem

USER_AGENT = "DDQ-Desk/0.1 (+evidence refresh)"
MAX_BODY_BYTES = 25 * 1024 * 1024
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
CANCELLED = "cancelled"


@dataclass(frozen=True)
class FetchLimits:
    """The limits one fetch obeys; tests shrink them, the app uses the defaults.

    Attributes:
        connect_timeout: Seconds to wait for a connection.
        read_timeout: Seconds to wait for the next bytes of a response.
        max_redirects: Redirects followed before giving up.
        max_bytes: Largest body stored; a longer one is cut off and refused.
        user_agent: The User-Agent header sent.
        chunk_bytes: How much is read at a time (also how often cancellation is checked).
        total_seconds: The deadline for the whole fetch, redirects and body included.
    """

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_redirects: int = 5
    max_bytes: int = MAX_BODY_BYTES
    user_agent: str = USER_AGENT
    chunk_bytes: int = 64 * 1024
    total_seconds: float = 120.0


@dataclass(frozen=True)
class FetchOutcome:
    """What fetching one URL found.

    Attributes:
        url: The URL asked for.
        final_url: Where the redirects (if any) ended.
        http_status: The last HTTP status received, None when no response came.
        content_type: The body's Content-Type header.
        size: The body's size in bytes (after transfer decoding).
        sha256: The body's SHA-256 hex digest.
        body_file: The complete body in the store's incoming folder (only on success).
        error: One line saying what went wrong, None on success.
        redirects: How many redirects were followed.
    """

    url: str
    final_url: str
    http_status: int | None = None
    content_type: str | None = None
    size: int | None = None
    sha256: str | None = None
    body_file: Path | None = None
    error: str | None = None
    redirects: int = 0

    @property
    def ok(self) -> bool:
        """True when a body was downloaded completely and can be stored."""
        return self.error is None and self.body_file is not None


def _megabytes(count: int) -> str:
    return f"{count / 1048576:.0f} MB" if count >= 1048576 else f"{count:,} bytes"


_ERRNO = re.compile(r"\[Errno -?\d+\] ([^'\")\]]+)")


def _describe(error: Exception, limits: FetchLimits) -> str:
    """Turn a requests exception into one short line a reviewer can act on."""
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return f"no connection within {limits.connect_timeout:g} s"
    if isinstance(error, requests.exceptions.ReadTimeout) or (
        isinstance(error, requests.exceptions.ConnectionError)
        and error.args
        and isinstance(error.args[0], ReadTimeoutError)
    ):
        return f"no data for {limits.read_timeout:g} s (read timeout)"
    if isinstance(error, requests.exceptions.SSLError):
        return "TLS certificate check failed (the connection is not trusted)"
    if isinstance(error, requests.exceptions.ChunkedEncodingError):
        return "the connection broke off during the download"
    if isinstance(error, requests.exceptions.ContentDecodingError):
        return "the body could not be decoded"
    if isinstance(error, requests.exceptions.InvalidURL | requests.exceptions.InvalidSchema):
        return "not a valid URL"
    text = str(error)
    found = _ERRNO.search(text)
    if isinstance(error, requests.exceptions.ConnectionError):
        return f"cannot connect: {found.group(1).strip() if found else 'connection failed'}"
    return " ".join(text.split())[:200] or type(error).__name__


def fetch(
    url: str,
    data_dir: Path,
    limits: FetchLimits = FetchLimits(),
    stop: threading.Event | None = None,
) -> FetchOutcome:
    """Fetch ``url`` under the rules above, leaving a complete body in the incoming folder.

    Args:
        url: An http(s) URL.
        data_dir: The data directory whose snapshot store receives the body.
        limits: Timeouts, redirect and size limits.
        stop: When set, the download stops at the next chunk with error ``cancelled``.

    Returns:
        The outcome; on success ``body_file`` holds the body for
        :func:`models.evidence.store.commit_incoming` (or ``discard_incoming``).
    """
    problem = url_problem(url)
    if problem:
        return FetchOutcome(url=url, final_url=url, error=problem)
    current = url.strip()
    status: int | None = None
    deadline = time.monotonic() + limits.total_seconds
    try:
        with requests.Session() as session:
            session.headers["User-Agent"] = limits.user_agent
            session.headers["Connection"] = "close"
            for redirects in range(limits.max_redirects + 1):
                if stop is not None and stop.is_set():
                    return FetchOutcome(url=url, final_url=current, error=CANCELLED)
                left = deadline - time.monotonic()
                if left <= 0:
                    return FetchOutcome(
                        url=url, final_url=current, http_status=status, error=_late(limits)
                    )
                response = session.get(
                    current,
                    stream=True,
                    allow_redirects=False,
                    verify=True,
                    timeout=(min(limits.connect_timeout, left), min(limits.read_timeout, left)),
                )
                with response:
                    status = response.status_code
                    location = response.headers.get("Location")
                    if status in REDIRECT_STATUSES and location:
                        target = urljoin(current, location)
                        problem = url_problem(target)
                        if problem:
                            return FetchOutcome(
                                url=url,
                                final_url=current,
                                http_status=status,
                                error=f"redirect to {redacted(target)} refused: {problem}",
                                redirects=redirects,
                            )
                        if redirects == limits.max_redirects:
                            break
                        current = target
                        continue
                    if not 200 <= status < 300:
                        reason = f" {response.reason}" if response.reason else ""
                        return FetchOutcome(
                            url=url,
                            final_url=current,
                            http_status=status,
                            content_type=response.headers.get("Content-Type"),
                            error=f"HTTP {status}{reason}",
                            redirects=redirects,
                        )
                    return _download(
                        url, current, response, redirects, data_dir, limits, stop, deadline
                    )
    except (requests.RequestException, ReadTimeoutError) as error:
        return FetchOutcome(
            url=url, final_url=current, http_status=status, error=_describe(error, limits)
        )
    return FetchOutcome(
        url=url,
        final_url=current,
        http_status=status,
        error=f"more than {limits.max_redirects} redirects",
        redirects=limits.max_redirects,
    )


def _late(limits: FetchLimits) -> str:
    return f"took longer than {limits.total_seconds:g} s in all: cut off and not stored"


def _read_what_was_sent(response: requests.Response) -> None:
    """Make the body read up to the end of what the server sent, not what it declared.

    http.client stops at ``Content-Length`` and drops the rest, so a longer body would be
    stored cut to the announced size as if it were whole; with the length forgotten (and
    ``Connection: close`` asked for) the reader goes on to the end of the connection.
    """
    raw = response.raw
    if hasattr(raw, "length_remaining"):
        raw.length_remaining = None
    inner = getattr(raw, "_fp", None)
    if inner is not None and hasattr(inner, "length"):
        inner.length = None


def _socket_of(response: requests.Response) -> socket.socket | None:
    """Return the socket a streamed response reads from, or None when it cannot be found.

    The connection's own ``sock`` is None once http.client knows it will close after this
    response (``Connection: close``, or a body read to the end of the connection); the
    response's file still reads from the socket then.
    """
    connection = getattr(response.raw, "_connection", None)
    sock = getattr(connection, "sock", None)
    if sock is None:
        buffered = getattr(getattr(response.raw, "_fp", None), "fp", None)
        sock = getattr(getattr(buffered, "raw", None), "_sock", None)
    return sock if isinstance(sock, socket.socket) else None


def _cut_off_at(
    deadline: float, response: requests.Response
) -> tuple[threading.Timer, threading.Event]:
    """Start a timer that shuts the connection down at ``deadline`` (a blocked read ends)."""
    passed = threading.Event()
    sock = _socket_of(response)

    def cut() -> None:
        passed.set()
        if sock is not None:
            with contextlib.suppress(OSError):  # already closed
                sock.shutdown(socket.SHUT_RDWR)

    timer = threading.Timer(max(deadline - time.monotonic(), 0), cut)
    timer.daemon = True
    timer.start()
    return timer, passed


def _download(
    url: str,
    final_url: str,
    response: requests.Response,
    redirects: int,
    data_dir: Path,
    limits: FetchLimits,
    stop: threading.Event | None,
    deadline: float,
) -> FetchOutcome:
    content_type = response.headers.get("Content-Type")

    def refused(error: str, size: int | None = None) -> FetchOutcome:
        return FetchOutcome(
            url=url,
            final_url=final_url,
            http_status=response.status_code,
            content_type=content_type,
            size=size,
            error=error,
            redirects=redirects,
        )

    too_big = f"larger than {_megabytes(limits.max_bytes)}: cut off and not stored"
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        return refused(too_big, int(declared))
    encoded = response.headers.get("Content-Encoding", "identity").strip().lower()
    expected = int(declared) if declared.isdigit() and encoded == "identity" else None
    if expected is not None:
        _read_what_was_sent(response)
    digest = hashlib.sha256()
    size = 0
    try:
        body_file = new_incoming_file(data_dir)
    except OSError as error:
        return refused(f"cannot write the snapshot: {error.strerror or error}")
    timer, late = _cut_off_at(deadline, response)
    try:
        with body_file.open("wb") as out:
            for chunk in response.iter_content(limits.chunk_bytes):
                if stop is not None and stop.is_set():
                    discard_incoming(body_file)
                    return refused(CANCELLED)
                if late.is_set() or time.monotonic() > deadline:
                    discard_incoming(body_file)
                    return refused(_late(limits), size)
                size += len(chunk)
                if size > limits.max_bytes:
                    discard_incoming(body_file)
                    return refused(too_big, size)
                digest.update(chunk)
                out.write(chunk)
    except OSError as error:
        discard_incoming(body_file)
        if late.is_set():
            return refused(_late(limits), size)
        if isinstance(error, requests.RequestException):
            raise
        return refused(f"cannot write the snapshot: {error.strerror or error}")
    except BaseException:
        discard_incoming(body_file)
        raise
    finally:
        timer.cancel()
    if late.is_set():
        discard_incoming(body_file)
        return refused(_late(limits), size)
    if expected is not None and size != expected:
        discard_incoming(body_file)
        return refused(
            f"the server sent {size:,} bytes but announced {expected:,} (Content-Length): "
            "not stored",
            size,
        )
    return FetchOutcome(
        url=url,
        final_url=final_url,
        http_status=response.status_code,
        content_type=content_type,
        size=size,
        sha256=digest.hexdigest(),
        body_file=body_file,
        redirects=redirects,
    )
