"""Dependencies point one way: web/api/cli -> services -> models, matching. Checked by walking imports."""
from __future__ import annotations

import ast
import re
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


def test_the_domain_rules_import_neither_flask_nor_the_database_nor_the_services():
    assert _violations("domain", ("flask", "sqlalchemy", "wbl_match.services", "wbl_match.models", "wbl_match.web",
                                  "wbl_match.api", "wbl_match.extensions")) == []


def test_the_engine_imports_neither_flask_nor_the_database_nor_the_services():
    assert _violations("matching", ("flask", "sqlalchemy", "wbl_match.services", "wbl_match.models",
                                    "wbl_match.web", "wbl_match.api", "wbl_match.extensions")) == []


#: The error handlers: the one place where a request's failed transaction is rolled back before the error page.
ERROR_HANDLERS = {"web/errors.py", "api/errors.py"}


def test_no_view_or_api_endpoint_rolls_a_transaction_back_itself():
    calls = [f"{path.relative_to(PACKAGE)}:{node.lineno}" for layer in ("web", "api") for path in _modules(layer)
             if str(path.relative_to(PACKAGE)) not in ERROR_HANDLERS
             for node in ast.walk(ast.parse(path.read_text()))
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "rollback"]
    assert calls == []


ARCHITECTURE = PACKAGE.parent / "docs" / "architecture.md"


def _named_paths() -> set[str]:
    return set(re.findall(r"`(wbl_match/[\w/]+(?:\.py|/))`", ARCHITECTURE.read_text()))


def test_every_module_the_architecture_page_names_exists():
    named = _named_paths()
    assert len(named) > 30
    assert [path for path in sorted(named) if not (PACKAGE.parent / path).exists()] == []


def test_the_architecture_page_names_every_rule_module_and_every_feature_package_of_the_services():
    named = _named_paths()
    rules = {f"wbl_match/domain/{path.name}" for path in (PACKAGE / "domain").glob("*.py")
             if path.name not in ("__init__.py", "errors.py")}
    features = {f"wbl_match/services/{path.parent.name}/" for path in (PACKAGE / "services").glob("*/__init__.py")}
    assert rules - named == set()
    assert features - named == set()


def test_every_feature_package_of_the_services_says_its_purpose_in_one_line():
    silent = [path.parent.name for path in (PACKAGE / "services").glob("*/__init__.py")
              if not (ast.get_docstring(ast.parse(path.read_text())) or "").strip()]
    assert silent == []


def test_the_day_is_asked_of_the_consortiums_clock_only():
    """``localisation.local_today`` is the one way to ask what day it is: UTC's date or the server's would make
    an evening in California tomorrow."""
    calls = [f"{path.relative_to(PACKAGE)}:{node.lineno}" for path in sorted(PACKAGE.rglob("*.py"))
             if path.relative_to(PACKAGE).parts[0] != "matching"
             for node in ast.walk(ast.parse(path.read_text()))
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
             and (node.func.attr == "today"
                  or (node.func.attr == "date" and isinstance(node.func.value, ast.Call)
                      and getattr(node.func.value.func, "id", None) == "utcnow"))]
    assert calls == []
