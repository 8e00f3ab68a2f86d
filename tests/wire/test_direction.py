"""wire builds on articles and people; neither of them reaches back to it."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]


def modules(app):
    return sorted((ROOT / app).rglob("*.py"))


def reaches_wire(path):
    """Imports of wire, lookups of its models, or migration dependencies on it."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] == "wire"]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] == "wire":
                found.append(node.module)
        elif isinstance(node, ast.Constant) and node.value == "wire":
            found.append(f"'wire' at line {node.lineno}")
    return found


@pytest.mark.parametrize("app", ["articles", "people", "common"])
def test_app_below_wire_never_names_it(app):
    """No import, get_model("wire", …) or migration dependency runs back up."""
    offenders = {
        str(path.relative_to(ROOT)): found
        for path in modules(app)
        if (found := reaches_wire(path))
    }
    assert offenders == {}
