"""The shape of reports/: no import circle, and no template tag that reads the database or sends tasks."""

import ast
from pathlib import Path

from django.conf import settings

REPORTS = Path(settings.BASE_DIR) / "reports"


def _runtime_nodes(tree: ast.AST):
    """Every node, except what sits under ``if TYPE_CHECKING:`` (never imported at run time)."""
    if isinstance(tree, ast.If) and getattr(tree.test, "id", "") == "TYPE_CHECKING":
        return
    yield tree
    for child in ast.iter_child_nodes(tree):
        yield from _runtime_nodes(child)


def _internal_imports(path: Path) -> set[str]:
    """Modules of reports/ that a module imports, at the top or inside a function."""
    found = set()
    for node in _runtime_nodes(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1:
                if node.module:
                    found.add(node.module.split(".")[0])
                else:
                    found.update(alias.name for alias in node.names)
            elif node.module and node.module.startswith("reports."):
                found.add(node.module.split(".")[1])
            elif node.module == "reports":
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("reports."))
    return found


def test_reports_modules_import_each_other_without_a_circle():
    graph = {p.stem: _internal_imports(p) for p in REPORTS.glob("*.py")}
    for name in graph:
        graph[name] &= set(graph)
    seen, on_path = set(), []

    def visit(node: str) -> None:
        assert node not in on_path, "import circle: " + " -> ".join([*on_path[on_path.index(node):], node])
        if node in seen:
            return
        on_path.append(node)
        for nxt in sorted(graph[node]):
            visit(nxt)
        on_path.pop()
        seen.add(node)

    for name in sorted(graph):
        visit(name)


def test_the_report_content_is_pure_it_imports_no_model_and_no_selector():
    source = (REPORTS / "content.py").read_text()
    modules = {n.module or "" for n in _runtime_nodes(ast.parse(source)) if isinstance(n, ast.ImportFrom)}
    assert not any(m.endswith(("selectors", "services", "tasks", "success")) for m in modules), modules
    assert not any(m.endswith("models") and m != "models" for m in modules), modules
    assert "objects" not in source


def test_no_template_tag_reads_the_database_or_sends_a_task():
    tags = list(Path(settings.BASE_DIR).glob("*/templatetags/*.py"))
    assert tags
    for path in tags:
        source = path.read_text()
        for word in (".objects", "selectors", "services", "tasks", ".delay(", "apply_async"):
            assert word not in source, f"{path}: {word}"
