"""Dependencies point one way: web/api/cli -> services -> models, matching. Checked by walking imports."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "wbl_match"


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _modules(subpackage: str):
    return sorted((PACKAGE / subpackage).rglob("*.py"))


def _violations(subpackage: str, forbidden: tuple[str, ...]) -> list[str]:
    return [f"{path.relative_to(PACKAGE)} imports {name}"
            for path in _modules(subpackage) for name in sorted(_imports(path))
            if any(name == f or name.startswith(f + ".") for f in forbidden)]


def test_services_never_import_flask_or_the_web_layers():
    assert _violations("services", ("flask", "flask_login", "flask_wtf", "wbl_match.web", "wbl_match.api",
                                    "wbl_match.extensions")) == []


def test_models_never_import_services_or_the_web_layers():
    assert _violations("models", ("flask", "wbl_match.services", "wbl_match.web", "wbl_match.api")) == []


def test_the_web_never_imports_the_api():
    assert _violations("web", ("wbl_match.api",)) == []


def test_role_blueprints_never_import_each_other():
    roles = ("admin", "intermediary", "employer", "student")
    problems = []
    for role in roles:
        others = tuple(f"wbl_match.web.{other}" for other in roles if other != role)
        problems += _violations(f"web/{role}", others)
    assert problems == []
