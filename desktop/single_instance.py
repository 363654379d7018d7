"""One running ``ddq-desk`` per data directory.

The first instance holds a QLockFile in the data directory and listens on a local socket
named after that directory. A second instance fails to take the lock, asks the first (over
the socket) to raise its window and exits; when the first does not answer, the second
refuses with a clear message. A lock left by a crashed process is stale and taken over.
"""

import hashlib
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

LOCK_FILE = "ddq-desk.lock"
RAISE_MESSAGE = b"raise\n"
TIMEOUT_MS = 1500


def server_name(data_dir: Path) -> str:
    """Return the local-socket name for ``data_dir`` (short, stable, per user and folder)."""
    digest = hashlib.sha256(str(data_dir.resolve()).encode("utf-8")).hexdigest()[:16]
    return f"ddq-desk-{digest}"


def ask_running_instance_to_raise(data_dir: Path) -> bool:
    """Ask the instance that holds ``data_dir`` to show itself; True when it acknowledged."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(data_dir))
    if not socket.waitForConnected(TIMEOUT_MS):
        return False
    socket.write(RAISE_MESSAGE)
    socket.flush()
    acknowledged = socket.waitForReadyRead(TIMEOUT_MS) and bytes(
        socket.readAll().data()
    ).startswith(b"ok")
    socket.disconnectFromServer()
    return acknowledged


class SingleInstance(QObject):
    """Holds the data directory's lock and answers "raise" requests from later instances.

    Signals:
        raise_requested(): Another ``ddq-desk`` asked this one to bring its window forward.
    """

    raise_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self._lock = QLockFile(str(data_dir / LOCK_FILE))
        self._lock.setStaleLockTime(0)
        self._server: QLocalServer | None = None

    def acquire(self) -> bool:
        """Take the lock and start listening; False when another live process holds it."""
        if not self._lock.tryLock(100):
            return False
        name = server_name(self.data_dir)
        QLocalServer.removeServer(name)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_connection)
        self._server.listen(name)
        return True

    def release(self) -> None:
        """Stop listening and drop the lock."""
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.unlock()

    def _on_connection(self) -> None:
        while self._server is not None and self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._on_message(s))

    def _on_message(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(RAISE_MESSAGE.strip()):
            socket.write(b"ok\n")
            socket.flush()
            self.raise_requested.emit()
        socket.disconnectFromServer()
