"""Downloads joined from shared pieces are the files the whole-file functions wrote, byte for byte.

`rendicion/downloadparts.py` makes each result's CSV row, JSON object and Atom
entries once and joins them into every file; `tests/reference/` keeps the
exports and feeds as they were before (ElementTree, one file at a time). Both
must give the same bytes for a project with a real record of changes, for
hostile texts, with and without the site's address, and, with a
`DownloadMemo`, after each kind of edit the preview sees.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from rendicion.exports import DownloadMemo, build_downloads
from rendicion.feeds import atom_feed, feed_text
from rendicion.history import History, load_history
from rendicion.load import load_content
from rendicion.model import Content, Update
from rendicion.pages import plan_pages
from rendicion.publication import Publication

from .conftest import CONTENT, project_copy, replace_once
from .reference import exports as reference
from .reference import feeds as reference_feeds
from . import test_feeds
from .test_feeds import hostile_content
from .test_history import DIALOGUE, MEDIA, NEW_ID, STATUS_ID, history_repo

PUBLICATIONS = (Publication(), Publication("https://example.org/a b/?q=<&>", datetime.date(2019, 1, 1)))
ATOM = {"a": "http://www.w3.org/2005/Atom"}


@pytest.fixture(scope="module")
def recorded_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of SEGOB's project with the record of changes `test_history` commits (a removed result, notes…)."""
    project = project_copy(tmp_path_factory.mktemp("downloads"))
    history_repo(project)
    return project


@pytest.fixture(scope="module")
def recorded(recorded_project: Path) -> tuple[Content, History]:
    project = recorded_project
    content = load_content(project / "content")
    history = load_history(project / "content", content)
    assert history.available and any(not history.is_current(c.result_id) for c in history.changes)
    return content, history


def files(downloads: list) -> list[tuple[str, str, str, str, bytes]]:
    return [(d.path, d.title, d.description, d.media_type, d.data) for d in downloads]


def assert_same(content: Content, history: History | None, publication: Publication,
                memo: DownloadMemo | None = None) -> None:
    plan = plan_pages(content)
    new = files(build_downloads(content, plan, publication, history, memo))
    old = files(reference.build_downloads(content, plan, publication, history))
    assert [f[0] for f in new] == [f[0] for f in old]
    for made, was in zip(new, old):
        assert made == was, made[0]


@pytest.mark.parametrize("publication", PUBLICATIONS)
def test_same_bytes_with_the_record_of_changes(recorded, publication):
    content, history = recorded
    assert_same(content, history, publication)


@pytest.mark.parametrize("publication", PUBLICATIONS)
def test_same_bytes_without_a_record(content, publication):
    assert_same(content, None, publication)
    assert_same(content, History.unavailable(content), publication)


@pytest.mark.parametrize("publication", PUBLICATIONS)
def test_same_bytes_for_hostile_texts(recorded, publication, monkeypatch):
    content, history = recorded
    hostile = hostile_content(content)
    plan = plan_pages(hostile)
    # Lone surrogates: no UTF-8 for them, so the CSV and JSON refuse them (as they did);
    # the feeds drop them (feed_text), and must still agree.
    for path, results, retired in [("datos/resultados.atom", hostile.results, True),
                                   ("datos/areas/x.atom", hostile.results_of_area(hostile.areas[0].id), False)]:
        assert atom_feed(hostile, plan, publication, results, path, test_feeds.HOSTILE, history, retired) == \
            reference_feeds.atom_feed(hostile, plan, publication, results, path, test_feeds.HOSTILE, history, retired)
    monkeypatch.setattr(test_feeds, "HOSTILE", test_feeds.HOSTILE.replace("\ud800", "").replace("\udfff", ""))
    assert_same(hostile_content(content), history, publication)


def edits(content: Content) -> list[tuple[str, Content]]:
    """One result edited as an editor would (each step builds on the last), then the site itself."""
    steps: list[tuple[str, Content]] = []

    def edit(name: str, index: int, **changes: object) -> None:
        current = steps[-1][1] if steps else content
        result = current.results[index]
        edited = replace(result, **changes)
        steps.append((name, replace(current, results=tuple(edited if r is result else r for r in current.results))))

    status = next(i for i, r in enumerate(content.results) if r.id == STATUS_ID)
    edit("title", status, title="Un título nuevo <b>&</b>")
    edit("status", status, status="suspendido", progress=10)
    other_area = next(a for a in content.areas if a.id != content.results[status].area)
    edit("area", status, area=other_area.id, section=None)
    councils = content.members_of("councils")
    edit("council", 3, memberships={**content.results[3].memberships, "councils": (councils[-1].id,)})
    edit("note", 4, updates=(Update(datetime.date(2018, 9, 1), "Una nota nueva."),))
    last = steps[-1][1]
    steps.append(("removed", replace(last, results=last.results[1:])))
    last = steps[-1][1]
    steps.append(("site", replace(last, site=replace(last.site, institution=replace(
        last.site.institution, name="Otra Secretaría")))))
    return steps


@pytest.mark.parametrize("publication", PUBLICATIONS)
def test_a_memo_never_serves_a_stale_piece(recorded, publication):
    content, history = recorded
    memo = DownloadMemo()
    assert_same(content, history, publication, memo)
    for name, edited in edits(content):
        plan = plan_pages(edited)
        memoised = files(build_downloads(edited, plan, publication, history, memo))
        fresh = files(build_downloads(edited, plan, publication, history))
        assert memoised == fresh, name
        assert fresh == files(reference.build_downloads(edited, plan, publication, history)), name


@pytest.mark.parametrize("publication", PUBLICATIONS)
def test_a_memo_follows_edits_saved_to_disk(recorded_project, publication, tmp_path):
    """As the preview: each save reloads the content and its record (the notes come from the content)."""
    import shutil

    project = tmp_path / "project"
    shutil.copytree(recorded_project, project)
    saves = [
        (DIALOGUE, "Se firmó el acta **final** <b>hoy</b>.", "Otra nota, corregida."),
        (DIALOGUE, "  status: cumplido\n", "  status: suspendido\n"),
        (MEDIA, '  title: "Nuevo boletín"\n', '  title: "Boletín con otro título"\n'),
        (MEDIA, "  text: Un boletín nuevo.\n", "  text: Un boletín nuevo.\n  councils: [conasav]\n"),
    ]
    memo = DownloadMemo()
    for step in range(len(saves) + 1):
        if step:
            replace_once(project / saves[step - 1][0], saves[step - 1][1], saves[step - 1][2])
        content = load_content(project / "content")
        history = load_history(project / "content", content)
        plan = plan_pages(content)
        memoised = files(build_downloads(content, plan, publication, history, memo))
        assert memoised == files(reference.build_downloads(content, plan, publication, history)), step
    assert "conasav" in content.results_of_member("councils", "conasav")[-1].memberships["councils"]
    assert any(r.id == NEW_ID for r in content.results_of_member("councils", "conasav"))


def test_a_memo_follows_a_change_of_address_and_of_record(recorded):
    content, history = recorded
    memo = DownloadMemo()
    plan = plan_pages(content)
    for publication, record in [(PUBLICATIONS[0], history), (PUBLICATIONS[1], history), (PUBLICATIONS[1], None),
                                (PUBLICATIONS[0], history)]:
        assert files(build_downloads(content, plan, publication, record, memo)) == \
            files(build_downloads(content, plan, publication, record))


@functools.lru_cache(maxsize=1)
def few_results() -> Content:
    content = load_content(CONTENT)
    return replace(content, results=content.results[:3])


# Any text at all, surrogates and controls included: what a feed cannot hold is dropped (feed_text).
TEXTS = st.text(st.characters(codec=None, categories=None), max_size=40)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=TEXTS, item=TEXTS, name=TEXTS)
def test_any_text_parses_and_reads_back(title, item, name):
    base = few_results()
    area = base.area(base.results[0].area)
    content = replace(
        base,
        areas=tuple(replace(a, name=name) if a is area else a for a in base.areas),
        results=(replace(base.results[0], title=title, items=(item,)), *base.results[1:]),
    )
    plan = plan_pages(content)
    for publication in PUBLICATIONS:
        atom = atom_feed(content, plan, publication, content.results, "datos/resultados.atom", title)
        assert atom == reference_feeds.atom_feed(content, plan, publication, content.results,
                                                 "datos/resultados.atom", title)
        root = ET.fromstring(atom)
        # An XML reader turns a CR (or CR LF) of a text into LF; attributes keep theirs (written as &#13;).
        as_read = feed_text(title).replace("\r\n", "\n").replace("\r", "\n")
        assert (root.find("a:title", ATOM).text or "") == as_read
        entry = next(e for e in root.findall("a:entry", ATOM)
                     if e.find("a:id", ATOM).text == reference_feeds.entry_id(content, content.results[0]))
        assert (entry.find("a:title", ATOM).text or "") == as_read
        summary = entry.find("a:summary", ATOM).text or ""
        assert summary.endswith("- " + feed_text(item).replace("\r\n", "\n").replace("\r", "\n"))
        assert entry.find("a:category", ATOM).get("label") == feed_text(name)
