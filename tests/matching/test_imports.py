"""The engine stays pure: only the standard library, numpy, OR-Tools, msgspec (reading JSON) and itself."""

import ast
import sys
from pathlib import Path

import wbl_match.matching as engine

ALLOWED = {"numpy", "ortools", "msgspec"}
PACKAGE = Path(engine.__file__).resolve().parent


def imported_roots(path: Path) -> set[tuple[str, int]]:
    """Top-level names of absolute imports; relative imports (level > 0) stay inside."""
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            roots |= {(alias.name, 0) for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            roots.add((node.module or "", node.level))
    return roots


def test_the_engine_imports_only_stdlib_numpy_ortools_msgspec_and_itself():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for name, level in imported_roots(path):
            root = name.split(".")[0]
            if level > 0:
                if level > 1:  # would reach outside wbl_match.matching
                    offenders.append((path.name, "." * level + name))
            elif root not in sys.stdlib_module_names and root not in ALLOWED and name != "wbl_match.matching" \
                    and not name.startswith("wbl_match.matching."):
                offenders.append((path.name, name))
    assert offenders == []


def test_the_public_api_is_exported():
    for name in ("load_round", "read_round_file", "solve", "check_validity", "Round", "Result",
                 "RoundFileError", "SECTORS", "TRAVEL_MODES", "ENGINE_VERSION"):
        assert hasattr(engine, name)
    assert len(engine.SECTORS) == 15
    assert engine.TRAVEL_MODES == ("walk", "bike", "transit", "car", "school_bus")
