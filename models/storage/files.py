"""Reading user files with clear errors, and writing files so a crash never leaves half of one.

Every output file (exports, write-backs, knowledge-base exports) is written to a temporary file
in the same folder, flushed and fsynced, then renamed over the target.
"""

import errno
import json
import os
import secrets
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from models.errors import UserError
from models.storage.datadir import expand_path

MAX_INPUT_BYTES = 20 * 1024 * 1024
# Errors that mean "the output did not fit": said in the user's words, naming the output.
OUT_OF_SPACE = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT, errno.EIO}


def check_input_file(path: Path, max_bytes: int = MAX_INPUT_BYTES) -> None:
    """Raise UserError unless ``path`` is a readable, non-empty file within the size limit."""
    if not path.exists():
        raise UserError(f"{path}: no such file")
    if not path.is_file():
        raise UserError(f"{path}: not a file")
    size = path.stat().st_size
    if size == 0:
        raise UserError(f"{path}: the file is empty")
    if size > max_bytes:
        raise UserError(
            f"{path}: the file is {size / 1048576:.1f} MB; the limit is {max_bytes // 1048576} MB"
        )


# No value we store needs more: SQLite integers are 64-bit, and a float beyond 2**53 has lost
# its integer precision (``http_status: 1e30`` is not a status).
MAX_JSON_INTEGER = 2**63 - 1
MAX_JSON_FLOAT = float(2**53)


class _StrictJson:
    """Hooks for ``json.loads`` that refuse what JSON allows but no DDQ file means."""

    @staticmethod
    def pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise ValueError(f"the key {key!r} appears twice in one object")
            result[key] = value
        return result

    @staticmethod
    def integer(text: str) -> int:
        if len(text.lstrip("-")) > 19 or abs(int(text)) > MAX_JSON_INTEGER:
            raise ValueError(f"the number {text[:24]}{'…' if len(text) > 24 else ''} is too large")
        return int(text)

    @staticmethod
    def real(text: str) -> float:
        value = float(text)
        if not abs(value) <= MAX_JSON_FLOAT:
            raise ValueError(f"the number {text[:24]} is too large")
        return value

    @staticmethod
    def constant(name: str) -> float:
        raise ValueError(f"{name} is not a number JSON files may hold")


def first_lone_surrogate(document: Any) -> str | None:
    """Return where the first string holding a lone surrogate (``"\\ud800"``) is, or None."""
    stack: list[tuple[str, Any]] = [("", document)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return where or "the document"
        elif isinstance(value, dict):
            for key, item in value.items():
                stack.append((f"{where}.{key}" if where else str(key), key))
                stack.append((f"{where}.{key}" if where else str(key), item))
        elif isinstance(value, list):
            stack.extend((f"{where}[{index}]", item) for index, item in enumerate(value))
    return None


def parse_json_text(text: str, name: str) -> Any:
    """Parse JSON strictly, turning every failure into a one-line UserError naming ``name``.

    Refused beyond what ``json.loads`` refuses: duplicate keys (which would silently keep the
    last), NaN and Infinity, integers SQLite cannot hold, floats beyond 2**53, and escaped
    lone surrogates (``"\\ud800"``), which no UTF-8 database, export or terminal can hold.
    """
    hooks = _StrictJson
    try:
        document = json.loads(
            text,
            object_pairs_hook=hooks.pairs,
            parse_int=hooks.integer,
            parse_float=hooks.real,
            parse_constant=hooks.constant,
        )
    except json.JSONDecodeError as error:
        raise UserError(
            f"{name}: not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    except RecursionError:
        raise UserError(f"{name}: JSON nested too deeply") from None
    except ValueError as error:
        raise UserError(f"{name}: not accepted: {error}") from None
    where = first_lone_surrogate(document)
    if where is not None:
        raise UserError(f"{name}: {where}: text holds a lone surrogate (invalid Unicode)")
    return document


def read_json_file(path: Path) -> Any:
    """Read a JSON file strictly (see :func:`parse_json_text`); failures are one-line UserErrors."""
    check_input_file(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise UserError(f"{path.name}: not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise UserError(f"{path}: cannot read ({error.strerror})") from None
    return parse_json_text(text, path.name)


def refuse_output_inside(path: Path, folder: Path, what: str = "the data directory") -> None:
    """Raise UserError when ``path`` (symlinks followed) lies inside ``folder``.

    The data directory holds the live database and the signing key: an export aimed there by
    mistake (``ddq kb export ddq.sqlite3``) would replace them.
    """
    target = expand_path(path)
    if target == Path(folder).resolve() or target.is_relative_to(Path(folder).resolve()):
        raise UserError(f"{path}: is inside {what} ({folder}); write exports somewhere else")


def refuse_same_file(out: Path, source: Path, source_option: str) -> None:
    """Raise UserError when ``out`` names the same file as ``source`` (an input being read)."""
    out, source = Path(out), Path(source)
    try:
        same = out.exists() and source.exists() and os.path.samefile(out, source)
    except OSError:
        same = False
    if same or expand_path(out) == expand_path(source):
        raise UserError(f"{out}: is the {source_option} file itself; choose another output")


def refuse_to_overwrite(path: Path, is_ours: Callable[[bytes], bool], what: str) -> None:
    """Raise UserError when ``path`` exists and its first bytes are not one of our ``what``.

    Args:
        path: The output about to be written.
        is_ours: Tells from the file's first 64 KiB whether we wrote it.
        what: What we write, in the user's words ("knowledge-base export").
    """
    path = Path(path)
    if not path.exists() and not path.is_symlink():
        return
    if path.is_dir():
        raise UserError(f"{path}: is a folder, not a file")
    try:
        with path.open("rb") as handle:
            head = handle.read(65536)
    except OSError:
        head = b""
    if not is_ours(head):
        raise UserError(f"{path}: exists and is not a {what}; pass --force to overwrite it")


def _partial_prefix(path: Path) -> str:
    return f".{path.name}."


def _remove_abandoned_partials(path: Path) -> None:
    """Delete temporary files a killed writer left beside ``path``.

    Each temporary name carries its writer's process id; a file whose writer no longer runs
    can never be finished. (POSIX only: elsewhere probing a process id is not harmless.)
    """
    if os.name != "posix":
        return
    prefix = _partial_prefix(path)
    try:
        siblings = [entry for entry in path.parent.iterdir() if entry.name.startswith(prefix)]
    except OSError:
        return
    for entry in siblings:
        parts = entry.name[len(prefix) :].split(".")
        # SQLite may leave its own journal beside a partial database copy.
        if len(parts) != 3 or not parts[2].startswith("partial") or not parts[0].isdigit():
            continue
        try:
            os.kill(int(parts[0]), 0)
        except ProcessLookupError:
            entry.unlink(missing_ok=True)
        except (PermissionError, OverflowError):
            continue


def _create_partial(path: Path) -> Path:
    """Create an empty temporary file beside ``path`` with ordinary permissions.

    ``tempfile.mkstemp`` would make it private (0600), and the rename would hand that mode to
    an export the user meant to share; ``0o666`` lets the umask decide, and overwriting an
    existing file keeps that file's permissions.
    """
    for _attempt in range(100):
        temporary = path.parent / (
            f"{_partial_prefix(path)}{os.getpid()}.{secrets.token_hex(4)}.partial"
        )
        try:
            descriptor = os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
        except FileExistsError:
            continue
        except OSError as error:
            raise UserError(f"{path}: cannot write there ({error.strerror or error})") from None
        os.close(descriptor)
        if path.exists():
            with suppress(OSError):
                os.chmod(temporary, stat.S_IMODE(path.stat().st_mode))
        return temporary
    raise UserError(f"{path}: cannot create a temporary file beside it")


@contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success fsync it and rename it over ``path``.

    On any exception the temporary file is removed and ``path`` is left untouched. If the
    process is killed instead, the next write to ``path`` removes the abandoned temporary file.
    """
    path = Path(path)
    if path.exists() and path.is_dir():
        raise UserError(f"{path}: is a folder, not a file")
    if not path.parent.exists():
        raise UserError(f"{path.parent}: no such folder")
    _remove_abandoned_partials(path)
    existed = path.exists()
    temporary = _create_partial(path)
    try:
        yield temporary
        with temporary.open("rb+") as written:
            os.fsync(written.fileno())
        os.replace(temporary, path)
        _fsync_directory(path.parent)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        if error.errno in OUT_OF_SPACE:
            kept = "the previous file is unchanged" if existed else "nothing was written"
            raise UserError(f"{path}: could not be written ({error.strerror}); {kept}") from None
        raise
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _fsync_directory(directory: Path) -> None:
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_output(path) as temporary:
        temporary.write_bytes(data)


def atomic_write_text(path: Path, text: str) -> None:
    """Write UTF-8 ``text`` to ``path`` atomically."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_with(path: Path, writer: Callable[[Path], None]) -> None:
    """Let ``writer`` fill a temporary file, then move it over ``path`` atomically."""
    with atomic_output(path) as temporary:
        writer(temporary)


def fsync_directory(directory: Path) -> None:
    """Flush a folder's entries (a rename into it) to disk; a no-op where unsupported."""
    _fsync_directory(directory)
