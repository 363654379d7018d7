"""The architecture is the import direction: only desktop/ may touch Qt."""

import ast
from pathlib import Path

from tests.conftest import PROJECT_ROOT

CORE_PACKAGES = ("models", "questionnaires", "exports", "resources")
LAYER_ORDER = ("resources", "models", "questionnaires", "exports", "desktop")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _python_files(package: str) -> list[Path]:
    return sorted((PROJECT_ROOT / package).rglob("*.py"))


def test_no_qt_outside_desktop() -> None:
    offenders = [
        f"{path.relative_to(PROJECT_ROOT)} imports {name}"
        for package in CORE_PACKAGES
        for path in _python_files(package)
        for name in _imports(path)
        if name.split(".")[0] in {"PySide6", "PyQt5", "PyQt6", "shiboken6"}
    ]
    assert offenders == []


def test_imports_only_point_down_the_layers() -> None:
    offenders = []
    for rank, package in enumerate(LAYER_ORDER):
        higher = set(LAYER_ORDER[rank + 1 :])
        for path in _python_files(package):
            for name in _imports(path):
                if name.split(".")[0] in higher:
                    offenders.append(f"{path.relative_to(PROJECT_ROOT)} imports {name}")
    assert offenders == []


def test_command_line_imports_no_qt() -> None:
    offenders = [
        f"{path.relative_to(PROJECT_ROOT)} imports {name}"
        for path in sorted((PROJECT_ROOT / "desktop" / "cli").rglob("*.py"))
        for name in _imports(path)
        if name.split(".")[0] == "PySide6"
    ]
    assert offenders == []


def test_the_layering_check_sees_a_violation(tmp_path: Path) -> None:
    sample = tmp_path / "bad.py"
    sample.write_text("from PySide6.QtWidgets import QWidget\nimport models.storage.tables\n")
    assert "PySide6.QtWidgets" in _imports(sample)


# --- Import cycles, function-local imports, module size --------------------------------------

FIRST_PARTY = ("models", "questionnaires", "exports", "desktop", "resources")
# Alembic revisions are frozen scripts loaded by file, not modules the application imports.
NOT_MODULES = ("models/storage/migrations/versions",)
LOCAL_IMPORT_RULE_PACKAGES = ("models", "questionnaires", "exports", "desktop")
MAX_MODULE_LINES = 500
SIZE_RULE_PACKAGES = ("models", "questionnaires", "exports", "desktop")


def _module_files(root: Path = PROJECT_ROOT) -> dict[str, Path]:
    files: dict[str, Path] = {}
    for package in FIRST_PARTY:
        for path in sorted((root / package).rglob("*.py")):
            relative = path.relative_to(root)
            if any(relative.as_posix().startswith(prefix) for prefix in NOT_MODULES):
                continue
            parts = list(relative.with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            files[".".join(parts)] = path
    return files


def _import_graph(files: dict[str, Path]) -> dict[str, set[str]]:
    """Every first-party module each module imports, at module level or inside functions.

    ``from a.b import c`` counts as importing ``a.b.c`` when that is a module, else ``a.b``;
    importing a submodule also imports every package above it (their ``__init__`` runs).
    """

    def resolve(name: str) -> str | None:
        while name and name not in files:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        is_package = path.name == "__init__.py"
        edges: set[str] = set()
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        # Imports under ``if TYPE_CHECKING:`` never run, so they cannot close a cycle.
        only_for_types = {
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            for statement in node.body
            for inner in ast.walk(statement)
        }
        for node in ast.walk(tree):
            if id(node) in only_for_types:
                continue
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = module.split(".") if is_package else module.split(".")[:-1]
                    base = base[: len(base) - (node.level - 1)]
                    source = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    source = node.module or ""
                targets = [source, *(f"{source}.{alias.name}" for alias in node.names)]
            else:
                continue
            for target in targets:
                if target.split(".")[0] not in FIRST_PARTY:
                    continue
                found = resolve(target)
                while found:
                    if found != module and not module.startswith(f"{found}."):
                        edges.add(found)
                    found = found.rpartition(".")[0] or None
        graph[module] = edges
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return each group of modules that import one another in a circle (Tarjan's SCCs)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(start: str) -> None:
        # Iterative, so a deep import chain cannot hit the recursion limit.
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return groups


def test_no_import_cycles() -> None:
    """No first-party module reaches itself through imports, function-local ones included."""
    assert _cycles(_import_graph(_module_files())) == []


def test_the_cycle_check_sees_a_cycle(tmp_path: Path) -> None:
    package = tmp_path / "models"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from models.b import thing\n")
    (package / "b.py").write_text("def f():\n    from models.c import other\n")
    (package / "c.py").write_text("import models.a\n")
    (package / "d.py").write_text("from models import a\n")
    (package / "e.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from models.f import x\n"
    )
    (package / "f.py").write_text("from models.e import y\n")
    graph = _import_graph(_module_files(tmp_path))
    assert _cycles(graph) == [["models.a", "models.b", "models.c"]]


def _is_first_party_import(node: ast.stmt) -> bool:
    if isinstance(node, ast.Import):
        return any(alias.name.split(".")[0] in FIRST_PARTY for alias in node.names)
    if isinstance(node, ast.ImportFrom):
        return node.level > 0 or (node.module or "").split(".")[0] in FIRST_PARTY
    return False


def _local_imports_without_reason(path: Path) -> list[int]:
    """Line numbers of first-party imports inside functions with no start-up comment.

    A run of import statements shares one comment: on any of its lines, or on the comment
    lines just above it.
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    tree = ast.parse("\n".join(lines), filename=str(path))
    missing: set[int] = set()
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            for _name, value in ast.iter_fields(node):
                if not isinstance(value, list):
                    continue
                runs: list[list[ast.stmt]] = [[]]
                for statement in value:
                    if isinstance(statement, ast.Import | ast.ImportFrom):
                        runs[-1].append(statement)
                    elif runs[-1]:
                        runs.append([])
                for run in runs:
                    first_party = [s for s in run if _is_first_party_import(s)]
                    if not first_party:
                        continue
                    top = run[0].lineno - 1
                    while top > 0 and lines[top - 1].strip().startswith("#"):
                        top -= 1
                    block = lines[top : run[-1].end_lineno]
                    if not any("start-up" in line.partition("#")[2] for line in block):
                        missing.update(s.lineno for s in first_party)
    return sorted(missing)


def test_function_local_imports_say_why() -> None:
    """A first-party import inside a function is there for start-up time, and says so."""
    offenders = [
        f"{path.relative_to(PROJECT_ROOT)}:{line}"
        for module, path in _module_files().items()
        if module.split(".")[0] in LOCAL_IMPORT_RULE_PACKAGES
        for line in _local_imports_without_reason(path)
    ]
    assert offenders == []


def test_local_import_rule_sees_a_bare_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def f():\n"
        "    from models.a import b\n"
        "\n"
        "def g():\n"
        "    # deferred: start-up time (the ORM)\n"
        "    from models.a import b\n"
        "    from models.c import (\n"
        "        d,\n"
        "    )\n"
        "\n"
        "def h():\n"
        "    from models.a import b  # deferred: start-up time\n"
    )
    assert _local_imports_without_reason(sample) == [2]


def test_modules_stay_readable_in_one_sitting() -> None:
    too_long = [
        f"{path.relative_to(PROJECT_ROOT)}: {count} lines"
        for module, path in _module_files().items()
        if module.split(".")[0] in SIZE_RULE_PACKAGES
        and (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    ]
    assert too_long == []


def test_only_the_evidence_fetch_touches_the_network() -> None:
    offenders = [
        f"{path.relative_to(PROJECT_ROOT)} imports {name}"
        for module, path in _module_files().items()
        if module != "models.evidence.fetch"
        for name in _imports(path)
        if name.split(".")[0] in {"requests", "urllib3", "http", "socket", "aiohttp"}
        or name.startswith("urllib.request")
    ]
    assert offenders == []
