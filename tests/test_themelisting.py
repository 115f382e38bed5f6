"""The preview's remembered theme filter lists the same theme files as MkDocs, and still finds new ones.

`rendicion/plugin/themelisting.py` keeps MkDocs' answer for each theme file name
between rebuilds; the files a build copies from the theme must not change for it.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import Files

from rendicion.plugin.themelisting import remembered_theme_filter

from .conftest import project_copy


def _theme_files(project: Path, site_dir: Path) -> list[tuple[str, str]]:
    """The theme files MkDocs adds to an empty file list: (path, folder it comes from)."""
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir))
    files = Files([])
    files.add_files_from_theme(config.theme.get_env(), config)
    return [(f.src_uri, f.src_dir) for f in files]


def test_the_remembered_filter_lists_what_mkdocs_lists(tmp_path):
    project = project_copy(tmp_path)
    plain = _theme_files(project, tmp_path / "site")
    assert any(path.endswith(".css") for path, _ in plain)  # the listing is not empty
    with remembered_theme_filter():
        first = _theme_files(project, tmp_path / "site")
        again = _theme_files(project, tmp_path / "site")  # answers from the memory
    assert first == plain and again == plain


def test_a_file_added_to_the_theme_between_rebuilds_is_copied(tmp_path):
    project = project_copy(tmp_path)
    with remembered_theme_filter():
        before = _theme_files(project, tmp_path / "site")
        (project / "overrides" / "assets").mkdir(parents=True, exist_ok=True)
        (project / "overrides" / "assets" / "nuevo.css").write_text("body{}", encoding="utf-8")
        (project / "overrides" / "notas.py").write_text("", encoding="utf-8")  # never a site file
        after = _theme_files(project, tmp_path / "site")
    added = set(after) - set(before)
    assert added == {("assets/nuevo.css", str(project / "overrides"))}


def test_mkdocs_own_listing_is_back_after_the_rebuilds():
    real = Files.add_files_from_theme
    with remembered_theme_filter():
        assert Files.add_files_from_theme is not real
    assert Files.add_files_from_theme is real
