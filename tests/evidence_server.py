"""A real HTTP server on 127.0.0.1 for evidence tests (pytest-httpserver, threaded), and a
few handlers that misbehave on purpose: stall, stream without a length, redirect."""

import threading
from collections.abc import Callable, Iterator

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response


def start_server(**options: object) -> HTTPServer:
    """Start a threaded server on an ephemeral port of 127.0.0.1."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True, **options)
    server.start()
    return server


def stalling_handler(release: threading.Event, limit: float = 10.0) -> Callable:
    """Return a handler that sends nothing until ``release`` is set (or ``limit`` passes)."""

    def handler(_request: Request) -> Response:
        release.wait(limit)
        return Response(b"too late", content_type="text/plain")

    return handler


def stalling_body_handler(release: threading.Event, limit: float = 10.0) -> Callable:
    """Return a handler that sends headers and a first chunk, then stalls mid-body."""

    def body() -> Iterator[bytes]:
        yield b"x" * 1024
        release.wait(limit)
        yield b"y" * 1024

    def handler(_request: Request) -> Response:
        return Response(body(), content_type="text/plain")

    return handler


def streamed_handler(size: int, chunk: int = 1024 * 1024) -> Callable:
    """Return a handler sending ``size`` bytes with no Content-Length (chunked)."""

    def body() -> Iterator[bytes]:
        left = size
        while left > 0:
            step = min(chunk, left)
            yield b"a" * step
            left -= step

    def handler(_request: Request) -> Response:
        return Response(body(), content_type="application/octet-stream")

    return handler


def redirect(server: HTTPServer, path: str, location: str, status: int = 302) -> None:
    """Make ``path`` redirect to ``location``."""
    server.expect_request(path).respond_with_data("", status=status, headers={"Location": location})


def server_fixtures() -> tuple[Callable, Callable]:
    """Return (module-scoped running server, per-test server with handlers and log cleared).

    Assign both in a test module: ``running_server, server = server_fixtures()``.
    """

    @pytest.fixture(scope="module")
    def running_server() -> Iterator[HTTPServer]:
        server = start_server()
        yield server
        server.clear()
        server.stop()

    @pytest.fixture
    def server(running_server: HTTPServer) -> Iterator[HTTPServer]:
        yield running_server
        running_server.clear()

    return running_server, server
