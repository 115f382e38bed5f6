"""rendicion/loadcache.py: results kept from the last load are checked again when what they name changes.

The cached loader skips the reference check of results it kept, but only while
the areas, members and partners they may name are the same. Editing an areas,
members or partners file (never a results file) so that kept results name
something that is gone must show the same problems as a fresh load; fixing
it must give the same content as a fresh load.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rendicion.errors import ContentError
from rendicion.load import load_content
from rendicion.loadcache import LoadCache

from .conftest import CONTENT, replace_once


def outcome(load, root: Path) -> object:
    """The loaded content, or the problems as the editor reads them."""
    try:
        return load(root)
    except ContentError as error:
        return [str(p) for p in error.problems]


def restore(root: Path) -> None:
    """Put back only the fixture files that the edit changed or removed."""
    for source in CONTENT.rglob("*.yml"):
        target = root / source.relative_to(CONTENT)
        if not target.exists() or target.read_bytes() != source.read_bytes():
            shutil.copy(source, target)


def _rename_area(root: Path) -> None:
    replace_once(root / "areas" / "comunicaciones.yml", "id: comunicaciones", "id: comunicacion")


def _remove_partner(root: Path) -> None:
    replace_once(root / "partners.yml",
                 "- {id: marn, name: Ministerio de Medio Ambiente y Recursos Naturales, acronym: MARN}\n", "")


def _remove_section(root: Path) -> None:
    replace_once(root / "areas" / "asuntos-legales.yml", "  - id: asesoria-subsecretario\n", "  - id: asesoria-otra\n")


def _remove_council(root: Path) -> None:
    (root / "councils" / "conasav.yml").unlink()


def _loaded_copy(tmp_path: Path) -> tuple[Path, LoadCache]:
    """A copy of the test content, and a cache that has loaded it once."""
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    cache = LoadCache()
    cache.load(root)
    return root, cache


@pytest.mark.parametrize("edit", [_rename_area, _remove_partner, _remove_section, _remove_council],
                         ids=["area-id", "partner", "section", "council"])
def test_a_kept_result_naming_what_is_gone_is_a_problem_then_the_fix_loads(tmp_path, edit):
    root, cache = _loaded_copy(tmp_path)
    edit(root)
    fresh = outcome(load_content, root)
    assert isinstance(fresh, list) and fresh, "the edit must leave results naming something unknown"
    assert outcome(cache.load, root) == fresh
    assert cache.parsed < len(list(root.rglob("*.yml")))  # results files came from the cache
    restore(root)  # the fix; the results files are still the cache's
    assert outcome(cache.load, root) == load_content(root)


def test_problems_stay_while_nothing_is_fixed(tmp_path):
    """A second load of the same broken content still reports every kept result's problem."""
    root, cache = _loaded_copy(tmp_path)
    _remove_partner(root)
    fresh = outcome(load_content, root)
    assert outcome(cache.load, root) == fresh
    assert outcome(cache.load, root) == fresh
