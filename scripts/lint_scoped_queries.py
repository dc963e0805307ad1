#!/usr/bin/env python3
"""The scoped-query lint: views must not read sensitive case data through a bare manager.

    scripts/lint_scoped_queries.py [PATH ...]        (default: hearth/)

In every view module under the given paths (views.py, *_views.py, or a module in a views/
package) it reports each use of `<SensitiveModel>.objects` (or `_default_manager`,
`_base_manager`, `get_object_or_404(<SensitiveModel>, ...)`, `get_list_or_404(...)`) unless
the same expression chain narrows the rows with `.visible_to(user)`:

    Person.objects.children().visible_to(request.user)   # fine: scoped in the chain
    child_for(request.user, child_id)                      # fine: the access helper
    CaseNote.objects.filter(child_id=child_id)             # HSQ001: bare manager in a view

Reach other records through the child you already scoped (`child.case_notes.all()`) or a
QuerySet's `.visible_to(user)`. When a bare manager is deliberate, say why on that line with a
trailing comment `# scoped: <reason>` (the reason must not be empty).

Sensitive models are the named case-data models in SENSITIVE_MODELS plus every class defined in
the models of the apps in SENSITIVE_APPS. Exits 1 when it finds a problem. Standard library only.
"""

from __future__ import annotations

import ast
import io
import re
import sys
import tokenize
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Case-data models in the foundation apps (people, casework) that views may not read bare.
SENSITIVE_MODELS: frozenset[str] = frozenset(
    {
        "Person",
        "CaseNote",
        "Document",
        "ChronologyEntry",
        "Allocation",
        "Relationship",
        "Address",
    }
)

# Apps whose every model holds case data about a child (the front door and the pathway apps)
# or about staff (oversight's supervision records).
SENSITIVE_APPS: tuple[str, ...] = (
    "front_door",
    "early_help",
    "assessments",
    "child_protection",
    "children_in_care",
    "adoption",
    "care_leavers",
    "missing_exploitation",
    "oversight",
    "indicators",
    "api",
    "portal",
)

BARE_MANAGERS: frozenset[str] = frozenset({"objects", "_default_manager", "_base_manager"})
SHORTCUTS: frozenset[str] = frozenset({"get_object_or_404", "get_list_or_404"})
SCOPING_METHODS: frozenset[str] = frozenset({"visible_to"})
ALLOW_COMMENT = re.compile(r"#\s*scoped:\s*\S")
CODE = "HSQ001"


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    column: int
    model: str
    how: str

    def __str__(self) -> str:
        return (
            f"{self.path}:{self.line}:{self.column + 1}: {CODE} {self.how} of the sensitive model "
            f"{self.model} in a view: read it through .visible_to(user), child_for() or the "
            f"scoped child, or add '# scoped: <reason>'"
        )


def is_view_module(path: Path) -> bool:
    if path.suffix != ".py" or path.name.startswith("test_") or path.name == "conftest.py":
        return False
    if {"migrations", "tests"} & set(path.parts):
        return False
    return path.name == "views.py" or path.name.endswith("_views.py") or "views" in path.parts


def _model_modules(app_dir: Path) -> Iterator[Path]:
    single = app_dir / "models.py"
    if single.exists():
        yield single
    package = app_dir / "models"
    if package.is_dir():
        yield from sorted(package.glob("*.py"))


def models_defined_in_apps(hearth_dir: Path, apps: Iterable[str]) -> set[str]:
    """Every top-level class name in the models of the given apps (present ones only)."""
    names: set[str] = set()
    for app in apps:
        for module in _model_modules(hearth_dir / app):
            tree = ast.parse(module.read_text(encoding="utf-8"), filename=str(module))
            names.update(node.name for node in tree.body if isinstance(node, ast.ClassDef))
    return names


def sensitive_models(hearth_dir: Path = ROOT / "hearth") -> frozenset[str]:
    return SENSITIVE_MODELS | models_defined_in_apps(hearth_dir, SENSITIVE_APPS)


def _allowed_lines(source: str) -> set[int]:
    allowed: set[int] = set()
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    for token in tokens:
        if token.type == tokenize.COMMENT and ALLOW_COMMENT.search(token.string):
            allowed.add(token.start[0])
    return allowed


class _Checker(ast.NodeVisitor):
    def __init__(self, path: Path, sensitive: frozenset[str]) -> None:
        self.path = path
        self.sensitive = sensitive
        self.aliases: dict[str, str] = {}  # local name -> model name, from `import ... as`
        self.parents: dict[ast.AST, ast.AST] = {}
        self.problems: list[Problem] = []

    def check(self, tree: ast.AST) -> list[Problem]:
        for parent in ast.walk(tree):
            for child in ast.iter_child_nodes(parent):
                self.parents[child] = parent
        self.visit(tree)
        return self.problems

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        for alias in node.names:
            if alias.asname and alias.name in self.sensitive:
                self.aliases[alias.asname] = alias.name
        self.generic_visit(node)

    def _model_name(self, node: ast.AST) -> str | None:
        """`Person` or `models.Person` (or an import alias) -> "Person" when sensitive."""
        if isinstance(node, ast.Name):
            name = self.aliases.get(node.id, node.id)
        elif isinstance(node, ast.Attribute):
            name = node.attr
        else:
            return None
        return name if name in self.sensitive else None

    def _chain_is_scoped(self, node: ast.AST) -> bool:
        """Walk up `X.objects.a().b(...)...` and look for a scoping call such as visible_to."""
        current = node
        while True:
            parent = self.parents.get(current)
            if isinstance(parent, ast.Attribute) and parent.value is current:
                if parent.attr in SCOPING_METHODS:
                    return True
            elif not (isinstance(parent, ast.Call) and parent.func is current):
                return False
            current = parent

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr in BARE_MANAGERS:
            model = self._model_name(node.value)
            if model and not self._chain_is_scoped(node):
                self._report(node, model, f"{model}.{node.attr}")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        func_name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if func_name in SHORTCUTS and node.args:
            model = self._model_name(node.args[0])
            if model:
                self._report(node, model, f"{func_name}({model}, ...)")
        self.generic_visit(node)

    def _report(self, node: ast.expr, model: str, how: str) -> None:
        line = node.end_lineno or node.lineno
        column = node.col_offset if line == node.lineno else 0
        self.problems.append(Problem(self.path, line, column, model, how))


def check_source(
    source: str, *, path: Path = Path("views.py"), sensitive: frozenset[str] = SENSITIVE_MODELS
) -> list[Problem]:
    """The problems in one view module's source. A `# scoped: <reason>` comment on the line
    where the manager (or the statement) appears allows it."""
    tree = ast.parse(source, filename=str(path))
    allowed = _allowed_lines(source)
    problems = _Checker(path, sensitive).check(tree)
    statement_lines = _statement_spans(tree)
    return [
        problem
        for problem in problems
        if problem.line not in allowed
        and not any(line in allowed for line in statement_lines.get(problem.line, ()))
    ]


def _statement_spans(tree: ast.AST) -> dict[int, range]:
    """For each line, the lines of the innermost simple statement that contains it."""
    spans: dict[int, range] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and not hasattr(node, "body"):
            end = node.end_lineno or node.lineno
            for line in range(node.lineno, end + 1):
                spans[line] = range(node.lineno, end + 1)
    return spans


def view_modules(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_file():
            if is_view_module(path):
                yield path
        else:
            yield from (p for p in sorted(path.rglob("*.py")) if is_view_module(p))


def main(argv: list[str]) -> int:
    paths = [Path(arg) for arg in argv] or [ROOT / "hearth"]
    missing = [path for path in paths if not path.exists()]
    if missing:
        print(f"lint_scoped_queries: no such path: {', '.join(map(str, missing))}")
        return 2
    sensitive = sensitive_models()
    modules = list(view_modules(paths))
    problems: list[Problem] = []
    for module in modules:
        shown = module.relative_to(ROOT) if module.is_relative_to(ROOT) else module
        problems.extend(
            check_source(module.read_text(encoding="utf-8"), path=shown, sensitive=sensitive)
        )
    for problem in problems:
        print(problem)
    print(
        f"scoped-query lint: {len(modules)} view modules checked, "
        f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
