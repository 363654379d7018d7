"""One fetch against a real HTTP server on 127.0.0.1: the network rules a refresh obeys."""

import datetime
import gzip
import hashlib
import ipaddress
import socket
import ssl
import threading
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from models.evidence.fetch import MAX_BODY_BYTES, USER_AGENT, FetchLimits, fetch
from models.evidence.urls import url_problem
from models.storage.datadir import snapshots_dir
from tests.evidence_server import (
    redirect,
    server_fixtures,
    stalling_body_handler,
    stalling_handler,
    start_server,
    streamed_handler,
)

running_server, server = server_fixtures()


def _incoming_files(data_dir: Path) -> list[Path]:
    return sorted((snapshots_dir(data_dir) / ".incoming").glob("*"))


def test_success_streams_the_body_with_its_hash_and_user_agent(server, data_dir) -> None:
    body = b"<html><body>SOC 2 Type 2 report available</body></html>"
    server.expect_request("/doc", headers={"User-Agent": USER_AGENT}).respond_with_data(
        body, content_type="text/html; charset=utf-8"
    )
    outcome = fetch(server.url_for("/doc"), data_dir)
    assert outcome.ok, outcome.error
    assert outcome.http_status == 200
    assert outcome.sha256 == hashlib.sha256(body).hexdigest()
    assert outcome.size == len(body)
    assert outcome.content_type == "text/html; charset=utf-8"
    assert outcome.body_file.read_bytes() == body
    assert USER_AGENT == "DDQ-Desk/0.1 (+evidence refresh)"


def test_404_is_an_error_and_nothing_is_kept(server, data_dir) -> None:
    server.expect_request("/gone").respond_with_data("no such page", status=404)
    outcome = fetch(server.url_for("/gone"), data_dir)
    assert not outcome.ok
    assert outcome.http_status == 404
    assert outcome.error == "HTTP 404 NOT FOUND"
    assert outcome.body_file is None
    assert _incoming_files(data_dir) == []


def test_read_timeout_waiting_for_headers(server, data_dir) -> None:
    release = threading.Event()
    server.expect_request("/slow").respond_with_handler(stalling_handler(release))
    start = time.monotonic()
    try:
        outcome = fetch(server.url_for("/slow"), data_dir, FetchLimits(read_timeout=0.5))
    finally:
        release.set()
    assert outcome.error == "no data for 0.5 s (read timeout)"
    assert time.monotonic() - start < 5


def test_read_timeout_in_the_middle_of_the_body(server, data_dir) -> None:
    release = threading.Event()
    server.expect_request("/stall").respond_with_handler(stalling_body_handler(release))
    try:
        outcome = fetch(server.url_for("/stall"), data_dir, FetchLimits(read_timeout=0.5))
    finally:
        release.set()
    assert outcome.error == "no data for 0.5 s (read timeout)"
    assert outcome.body_file is None
    assert _incoming_files(data_dir) == []


def test_default_timeouts_are_10_s_connect_and_30_s_read() -> None:
    limits = FetchLimits()
    assert (limits.connect_timeout, limits.read_timeout, limits.max_redirects) == (10, 30, 5)


def test_redirect_to_file_is_refused_and_the_file_never_read(server, data_dir) -> None:
    secret = data_dir / "secret.txt"
    secret.write_text("local secret")
    redirect(server, "/to-file", secret.as_uri())
    outcome = fetch(server.url_for("/to-file"), data_dir)
    assert not outcome.ok
    assert outcome.http_status == 302
    assert "refused" in outcome.error and "file://" in outcome.error
    assert outcome.sha256 is None
    assert _incoming_files(data_dir) == []


@pytest.mark.parametrize("location", ["ftp://127.0.0.1/x", "data:text/plain,hi", "gopher://a/"])
def test_redirect_to_other_schemes_is_refused(server, data_dir, location: str) -> None:
    redirect(server, "/elsewhere", location)
    outcome = fetch(server.url_for("/elsewhere"), data_dir)
    assert "refused" in outcome.error


def _chain(server: HTTPServer, hops: int) -> str:
    for number in range(hops):
        redirect(server, f"/hop{number}", f"/hop{number + 1}", status=301 + number % 2)
    server.expect_request(f"/hop{hops}").respond_with_data("arrived")
    return server.url_for("/hop0")


def test_five_redirects_are_followed(server, data_dir) -> None:
    outcome = fetch(_chain(server, 5), data_dir)
    assert outcome.ok, outcome.error
    assert outcome.redirects == 5
    assert outcome.final_url.endswith("/hop5")
    assert outcome.body_file.read_bytes() == b"arrived"


def test_a_sixth_redirect_is_refused(server, data_dir) -> None:
    outcome = fetch(_chain(server, 6), data_dir)
    assert outcome.error == "more than 5 redirects"
    assert len(server.log) == 6  # the sixth Location was never requested


def test_oversized_body_with_a_content_length_is_refused_unread(server, data_dir) -> None:
    server.expect_request("/big").respond_with_data(b"z" * 5000)
    outcome = fetch(server.url_for("/big"), data_dir, FetchLimits(max_bytes=4096))
    assert outcome.error == "larger than 4,096 bytes: cut off and not stored"
    assert outcome.body_file is None
    assert _incoming_files(data_dir) == []


def test_oversized_streamed_body_is_cut_off_and_deleted(server, data_dir) -> None:
    server.expect_request("/stream").respond_with_handler(streamed_handler(10_000, chunk=1000))
    limits = FetchLimits(max_bytes=4096, chunk_bytes=1024)
    outcome = fetch(server.url_for("/stream"), data_dir, limits)
    assert outcome.error == "larger than 4,096 bytes: cut off and not stored"
    assert 4096 < outcome.size <= 4096 + 1024  # stopped at the first chunk past the limit
    assert _incoming_files(data_dir) == []


def test_the_limit_counts_decompressed_bytes(server, data_dir) -> None:
    """A small gzip body that inflates past the limit is refused (no zip bomb gets stored)."""
    bomb = gzip.compress(b"\0" * 200_000)
    assert len(bomb) < 4096
    server.expect_request("/bomb").respond_with_data(
        bomb, headers={"Content-Encoding": "gzip"}, content_type="text/plain"
    )
    outcome = fetch(server.url_for("/bomb"), data_dir, FetchLimits(max_bytes=100_000))
    assert outcome.error == "larger than 100,000 bytes: cut off and not stored"
    assert _incoming_files(data_dir) == []


def test_the_default_limit_is_25_mb(server, data_dir) -> None:
    assert MAX_BODY_BYTES == 25 * 1024 * 1024
    server.expect_request("/exact").respond_with_handler(streamed_handler(MAX_BODY_BYTES))
    server.expect_request("/over").respond_with_handler(streamed_handler(MAX_BODY_BYTES + 1))
    exact = fetch(server.url_for("/exact"), data_dir)
    assert exact.ok, exact.error
    assert exact.size == MAX_BODY_BYTES
    exact.body_file.unlink()
    over = fetch(server.url_for("/over"), data_dir)
    assert over.error == "larger than 25 MB: cut off and not stored"
    assert _incoming_files(data_dir) == []


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("file:///etc/passwd", "not file://"),
        ("ftp://example.com/x", "not ftp://"),
        ("javascript:alert(1)", "not javascript://"),
        ("example.com/page", "without a scheme"),
        ("http:///nohost", "no host"),
    ],
)
def test_only_http_and_https_urls_are_fetched(data_dir, url: str, problem: str) -> None:
    assert problem in url_problem(url)
    outcome = fetch(url, data_dir)
    assert problem in outcome.error
    assert url_problem("https://example.com/a") is None


def test_nothing_listening_is_a_connection_error(data_dir) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    outcome = fetch(f"http://127.0.0.1:{port}/", data_dir)
    assert outcome.error == "cannot connect: Connection refused"
    assert outcome.http_status is None


def _self_signed_context(directory: Path) -> ssl.SSLContext:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_file = directory / "cert.pem"
    key_file = directory / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    return context


def test_tls_certificates_are_verified(tmp_path: Path, data_dir) -> None:
    https = start_server(ssl_context=_self_signed_context(tmp_path))
    try:
        https.expect_request("/doc").respond_with_data("untrusted")
        outcome = fetch(https.url_for("/doc"), data_dir)
    finally:
        https.clear()
        https.stop()
    assert outcome.error == "TLS certificate check failed (the connection is not trusted)"
    assert outcome.body_file is None


def _raw_server(script: list[tuple[bytes, float]]) -> tuple[str, threading.Thread]:
    """A one-request HTTP server on 127.0.0.1 that sends ``script`` byte for byte (pausing
    after each part), for responses no real framework would write."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(30)

    def serve() -> None:
        with listener:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            with connection:
                connection.recv(65536)
                for part, pause in script:
                    try:
                        connection.sendall(part)
                    except OSError:
                        return  # the client cut us off
                    time.sleep(pause)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}/doc", thread


HEADERS = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n"


@pytest.mark.parametrize(
    ("declared", "body"), [(5, b"hello world, and more than announced"), (40, b"short")]
)
def test_a_body_that_does_not_match_its_content_length_is_an_error(
    tmp_path: Path, declared: int, body: bytes
) -> None:
    """Issue 11, point 14: a longer body was cut to the announced size and stored as whole."""
    url, thread = _raw_server([(HEADERS % declared + body, 0)])
    outcome = fetch(url, tmp_path)
    thread.join(10)
    assert not outcome.ok and outcome.body_file is None
    assert outcome.error and "\n" not in outcome.error
    if declared < len(body):
        assert f"announced {declared}" in outcome.error
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []


def test_a_trickling_server_is_cut_off_at_the_total_deadline(tmp_path: Path) -> None:
    """A byte every 0.3 s never trips the 30 s read timeout; the total deadline ends it."""
    url, thread = _raw_server([(HEADERS % 1000, 0)] + [(b"x", 0.3)] * 40)
    started = time.monotonic()
    outcome = fetch(url, tmp_path, FetchLimits(total_seconds=1.0))
    elapsed = time.monotonic() - started
    assert elapsed < 3, elapsed
    assert not outcome.ok and "took longer than 1 s" in outcome.error
    thread.join(20)


@pytest.mark.parametrize(
    "headers",
    [
        HEADERS.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n") % 1000,
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n",
    ],
    ids=["connection-close", "read-to-close"],
)
def test_a_trickling_server_that_will_close_is_cut_off_too(tmp_path: Path, headers: bytes) -> None:
    """Once http.client knows the connection closes after this response it forgets the
    connection's socket; the deadline must still reach the socket the body is read from
    (a byte every 29 s kept ``ddq evidence refresh`` alive for minutes)."""
    url, thread = _raw_server([(headers, 0)] + [(b"x", 0.3)] * 40)
    started = time.monotonic()
    outcome = fetch(url, tmp_path, FetchLimits(total_seconds=1.0))
    elapsed = time.monotonic() - started
    assert elapsed < 3, elapsed
    assert not outcome.ok and "took longer than 1 s" in outcome.error
    thread.join(20)


def test_a_matching_content_length_is_stored(tmp_path: Path) -> None:
    url, thread = _raw_server([(HEADERS % 11 + b"hello world", 0)])
    outcome = fetch(url, tmp_path)
    thread.join(10)
    assert outcome.ok and outcome.size == 11
