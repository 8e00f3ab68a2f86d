"""
Which way the house runs: each package builds only on packages below it.

Read from the source with ``ast``, never by importing it, so a way back up is
found even in a module no test imports. A way up is any of: an import, an
``apps.get_model()`` / ``get_app_config()`` lookup, a string that is a model
label or dotted path of a package above (``"articles.article"``), and a
migration dependency on one.
"""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent

# Lowest first. A package may reach only packages in lower rows, never one in
# its own row or above. Rows name packages that may not exist yet: they are
# skipped until they do.
LAYERS = (
    # No domain: shared utilities below every app.
    ("common",),
    # Images with no newsroom in them: upload checks, renditions, share images.
    ("images",),
    # Page and fragment caching behind a domain-free interface: the coverage
    # names what it shows; the cache knows no story or person.
    ("pagecache",),
    # People: who writes the coverage and who is in it.
    ("people",),
    # The coverage: stories, photos, quotes; their foreign keys point to people.
    ("articles",),
    # Wire import makes stories and people from agency copy; the generator
    # makes a synthetic archive of them for benchmarks; syndication sends
    # stories to partners.
    ("wire", "generator", "syndication"),
    # Who has a story form open, and its private drafts: the story form's
    # companions, built on the coverage and the people editing it.
    ("editing",),
    # The roof: settings, root URLs, the admin site, middleware, the API.
    ("newsroom",),
)
LAYER_OF = {package: n for n, row in enumerate(LAYERS) for package in row}
# Outside the house: they may use every package.
NOT_LAYERED = ("tests", "benchmarks")


def existing_packages():
    return [p for p in LAYER_OF if (ROOT / p / "__init__.py").is_file()]


def forbidden_for(package):
    """The packages ``package`` must not reach: its own row and everything above."""
    return {other for other, n in LAYER_OF.items() if n >= LAYER_OF[package]} - {
        package
    }


def module_name(path):
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def absolute(node, module, is_package):
    """The absolute module an ``ImportFrom`` names, resolving relative levels."""
    if not node.level:
        return node.module or ""
    parts = module.split(".")
    base = parts if is_package else parts[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


LABEL = re.compile(r"^(?P<app>[a-z_][a-z0-9_]*)\.[A-Za-z_][\w.]*$")


def ways_up(source, module, forbidden, is_package=False, is_migration=False):
    """``(line, what)`` for each way ``source`` reaches a ``forbidden`` package."""
    found = []
    # Arguments already reported as a lookup are not reported again as labels.
    reported = set()
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in forbidden:
                    found.append((node.lineno, f"import {alias.name}"))
        elif isinstance(node, ast.ImportFrom):
            target = absolute(node, module, is_package)
            if target.split(".")[0] in forbidden:
                found.append((node.lineno, f"from {target} import …"))
        elif isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", None))
            first = node.args[0] if node.args else None
            if (
                name in ("get_model", "get_app_config", "is_installed")
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
                and first.value.split(".")[0] in forbidden
            ):
                found.append((node.lineno, f"{name}({first.value!r})"))
                reported.add(id(first))
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in reported
        ):
            match = LABEL.match(node.value)
            if match and match["app"] in forbidden:
                found.append((node.lineno, f"label {node.value!r}"))
        elif (
            is_migration
            and isinstance(node, ast.Assign)
            and any(getattr(t, "id", None) == "dependencies" for t in node.targets)
            and isinstance(node.value, ast.List | ast.Tuple)
        ):
            for dependency in node.value.elts:
                if (
                    isinstance(dependency, ast.Tuple)
                    and dependency.elts
                    and isinstance(dependency.elts[0], ast.Constant)
                    and dependency.elts[0].value in forbidden
                ):
                    app = dependency.elts[0].value
                    found.append((dependency.lineno, f"migration dependency {app}"))
    return found


def violations(package):
    forbidden = forbidden_for(package)
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        module = module_name(path)
        for line, what in ways_up(
            path.read_text(encoding="utf-8"),
            module,
            forbidden,
            is_package=path.name == "__init__.py",
            is_migration="migrations" in path.parts,
        ):
            found.append(f"{path.relative_to(ROOT)}:{line}: {what}")
    return found


@pytest.mark.parametrize("package", existing_packages())
def test_package_reaches_only_lower_layers(package):
    """No module of a package imports, looks up or names a package above it."""
    assert violations(package) == []


def test_every_project_app_has_a_layer():
    """An app of this repository is in the layer table, so it is checked."""
    top_level = {
        app.split(".")[0]
        for app in settings.INSTALLED_APPS
        if (ROOT / app.split(".")[0] / "__init__.py").is_file()
    }
    assert top_level - set(LAYER_OF) == set()


def test_every_package_in_the_repository_is_layered_or_outside():
    """A new top-level package joins the table, or is declared outside the house."""
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")}
    assert packages - set(LAYER_OF) - set(NOT_LAYERED) == set()


def test_people_is_below_articles_and_newsroom_is_the_roof():
    """The models decide: articles' foreign keys point to people, not back."""
    assert "articles" in forbidden_for("people")
    assert "people" not in forbidden_for("articles")
    assert {"images", "people", "articles", "wire"} <= forbidden_for("common")
    assert forbidden_for("newsroom") == set()
    for package in LAYER_OF.keys() - {"newsroom"}:
        assert "newsroom" in forbidden_for(package)


CAUGHT = [
    ("import articles.models", "import articles.models"),
    ("from articles.models import Article", "from articles.models import …"),
    ("from newsroom.api import api", "from newsroom.api import …"),
    ("from articles import publishing", "from articles import …"),
    (
        "from django.apps import apps\napps.get_model('articles', 'Article')",
        "get_model('articles')",
    ),
    ("get_model('articles.Article')", "get_model('articles.Article')"),
    ("if label == 'articles.byline': pass", "label 'articles.byline'"),
    ("x = {'model': 'articles.article'}", "label 'articles.article'"),
    (
        "class Migration:\n    dependencies = [('people', '0001'), "
        "('articles', '0002_editorial_roles')]",
        "migration dependency articles",
    ),
]


@pytest.mark.parametrize(("source", "what"), CAUGHT)
def test_the_check_sees_each_way_up(source, what):
    """Each way of reaching up is reported, with what it was."""
    found = ways_up(
        source,
        "people.migrations.0009_x" if "Migration" in source else "people.sub.mod",
        forbidden_for("people"),
        is_migration="Migration" in source,
    )
    assert [w for _line, w in found] == [what]


def test_the_check_lets_the_lower_layers_and_prose_through():
    """Imports of lower packages, other apps' lookups and prose are not ways up."""
    source = '''
"""Mentions ``articles.publishing.person_for`` in prose; that is no label."""
from common.slugs import slugify
from images import validators
from django.contrib.auth.models import Group
from . import models
apps.get_model("auth", "Group")
'''
    assert ways_up(source, "people.accounts", forbidden_for("people")) == []
