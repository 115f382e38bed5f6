"""The public record of changes (`rendicion/history.py`), read from a real git repository.

Each test makes its own repository in a temporary folder: a copy of the SEGOB
fixture committed on fixed days (GIT_AUTHOR_DATE / GIT_COMMITTER_DATE), so the
dates the record shows are known. `tests/test_history_site.py` builds sites
from such a repository.
"""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
from pathlib import Path

from rendicion.changetext import summary, value, word_diff
from rendicion.history import Change, load_history
from rendicion.load import load_content
from rendicion.localeformat import LocaleFormat

from .conftest import CONTENT, replace_once

RESULTS = Path("content/results/2018")
DIALOGUE = RESULTS / "procesos-de-dialogo.yml"
MEDIA = RESULTS / "comunicaciones.yml"
MONITORING = RESULTS / "monitoreo-y-analisis.yml"
QUALITY = RESULTS / "es-calidad.yml"
#: The result whose status changes, the one whose text is corrected, the one whose figure is.
STATUS_ID = "2018-consejos-alineacion-ods"
TEXT_ID = "2018-monitoreo-diario"
FIGURE_ID = "2018-com-usuarios-redes"
NEW_ID = "2018-com-nuevo-boletin"
REMOVED_ID = "2018-monitoreo-informes-subsecretario"


def git(repo: Path, *args: str) -> str:
    """Run git in `repo` (its own identity, no global config), failing loudly."""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    process = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return process.stdout


def init_repo(repo: Path) -> None:
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Equipo de pruebas")
    git(repo, "config", "user.email", "pruebas@example.org")
    git(repo, "config", "commit.gpgsign", "false")


def commit(repo: Path, day: str, message: str) -> str:
    """Commit everything in `repo`, dated `day` (noon UTC) as author and committer; its sha."""
    when = f"{day}T12:00:00+00:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when,
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "add", "-A"], cwd=repo, env=env, check=True)
    subprocess.run(["git", "commit", "-q", "--allow-empty", "-m", message], cwd=repo, env=env, check=True)
    return git(repo, "rev-parse", "HEAD").strip()


#: Texts the record must keep as text, in old and new values alike.
HOSTILE_OLD = "Generado el monitoreo <x-inj data-inj=1> diario {{ 7*191919 }} y remitido al Subsecretario."
HOSTILE_NEW = "Generado el monitoreo </script><x-inj data-inj=1> semanal {% raw %} y remitido al Subsecretario."


def history_repo(repo: Path) -> dict[str, str]:
    """`repo` (a project folder holding content/) made a repository with the
    history the tests know; returns each step's commit sha by name.

    (a) 2018-03-03 publication (one result «en curso» at 40 %, a hostile text);
    (b) 2018-04-10 that result «cumplido» at 100 %, with a note dated 2018-04-11;
    (c) 2018-05-15 the hostile text corrected; (d) 2018-06-05 a figure corrected;
    (e) 2018-07-01 a new result, and one removed; (f) 2018-08-01 a broken file;
    (g) 2018-08-02 the file fixed as it was.
    """
    init_repo(repo)
    status = f"- id: {STATUS_ID}\n"
    replace_once(repo / DIALOGUE, status, f"{status}  status: en-curso\n  progress: 40\n")
    replace_once(repo / MONITORING, "Generado el monitoreo diario y remitido al Subsecretario y demás colegas de la SEGOB.",
                 HOSTILE_OLD)
    shas = {"a": commit(repo, "2018-03-03", "Publicación")}
    replace_once(repo / DIALOGUE, "  status: en-curso\n  progress: 40\n",
                 "  status: cumplido\n  progress: 100\n  updates:\n"
                 "    - {date: 2018-04-11, text: \"Se firmó el acta **final** <b>hoy</b>.\"}\n")
    shas["b"] = commit(repo, "2018-04-10", "Estado cumplido")
    replace_once(repo / MONITORING, HOSTILE_OLD, HOSTILE_NEW)
    shas["c"] = commit(repo, "2018-05-15", "Corrección")
    replace_once(repo / MEDIA, "{value: 1555,", "{value: 1565,")
    shas["d"] = commit(repo, "2018-06-05", "Cifra corregida")
    text = (repo / MEDIA).read_text(encoding="utf-8")
    (repo / MEDIA).write_text(text + f"\n- id: {NEW_ID}\n  title: \"Nuevo boletín\"\n  text: Un boletín nuevo.\n"
                              "  area: comunicaciones\n", encoding="utf-8")
    monitoring = (repo / MONITORING).read_text(encoding="utf-8")
    start = monitoring.index(f"- id: {REMOVED_ID}")
    end = monitoring.index("- id:", start + 5)
    (repo / MONITORING).write_text(monitoring[:start] + monitoring[end:], encoding="utf-8")
    shas["e"] = commit(repo, "2018-07-01", "Nuevo y retirado")
    good = (repo / QUALITY).read_text(encoding="utf-8")
    (repo / QUALITY).write_text(good + "\n- id: [roto\n  : : :\n", encoding="utf-8")
    shas["f"] = commit(repo, "2018-08-01", "Archivo roto")
    (repo / QUALITY).write_text(good, encoding="utf-8")
    shas["g"] = commit(repo, "2018-08-02", "Archivo arreglado")
    return shas


def repository(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    project = tmp_path / "project"
    shutil.copytree(CONTENT, project / "content")
    return project, history_repo(project)


def kinds(changes) -> list[tuple[str, str | None, str | None, str | None]]:
    return [(c.kind, c.field, c.old, c.new) for c in changes]


def test_each_change_is_dated_by_its_commit(tmp_path: Path) -> None:
    project, shas = repository(tmp_path)
    content = load_content(project / "content")
    history = load_history(project / "content", content)
    assert history.available
    day = datetime.date.fromisoformat
    assert history.first_published(STATUS_ID) == day("2018-03-03")
    changes = history.changes_of(STATUS_ID)
    assert kinds(changes) == [
        ("publicado", "title", None, "Alineación del PESS, PESE y Plan El Salvador Sustentable con los ODS"),
        ("estado", "status", "en-curso", "cumplido"),
        ("avance", "progress", "40", "100"),
        ("nota", None, None, None),
    ]
    assert [c.date for c in changes] == [day("2018-03-03"), day("2018-04-10"), day("2018-04-10"), day("2018-04-11")]
    assert changes[1].commit == shas["b"] and changes[3].note == "Se firmó el acta **final** <b>hoy</b>."
    assert history.last_changed(STATUS_ID) == day("2018-04-11")

    assert kinds(history.changes_of(TEXT_ID))[1:] == [("texto", "text", HOSTILE_OLD, HOSTILE_NEW)]
    figure = history.changes_of(FIGURE_ID)[1]
    assert (figure.kind, figure.field, figure.old, figure.new, figure.unit, figure.date) == (
        "cifras", "nuevos usuarios en Twitter", "1555", "1565", "usuarios", day("2018-06-05"))
    assert kinds(history.changes_of(NEW_ID)) == [("publicado", "title", None, "Nuevo boletín")]
    assert history.changes_of(NEW_ID)[0].date == day("2018-07-01")
    removed = history.changes_of(REMOVED_ID)
    assert [c.kind for c in removed] == ["publicado", "retirado"]
    assert history.title_of(REMOVED_ID) == "Informes al Subsecretario y a otros colegas de área"
    assert not history.is_current(REMOVED_ID) and history.first_published(REMOVED_ID) == day("2018-03-03")
    # The broken file (f) is skipped and its repair (g) changes nothing: no change is dated August.
    assert not [c for c in history.changes if c.date.month == 8]
    # A result that did not change has its publication only.
    assert history.last_changed("2018-consejos-informe-logros") is None


def test_latest_is_newest_first_with_a_days_changes_in_order(tmp_path: Path) -> None:
    project, _ = repository(tmp_path)
    history = load_history(project / "content", load_content(project / "content"))
    latest = history.latest(6)
    assert [(c.date.isoformat(), c.kind) for c in latest] == [
        ("2018-07-01", "publicado"), ("2018-07-01", "retirado"), ("2018-06-05", "cifras"), ("2018-05-15", "texto"),
        ("2018-04-11", "nota"), ("2018-04-10", "estado"),
    ]
    assert len(history.latest()) == len(history.changes)


def test_uncommitted_results_count_as_published_on_the_content_date(tmp_path: Path) -> None:
    project, _ = repository(tmp_path)
    text = (project / MEDIA).read_text(encoding="utf-8")
    (project / MEDIA).write_text(text + "\n- id: 2018-sin-commit\n  title: \"Aún sin commit\"\n  text: Nuevo.\n"
                                 "  area: comunicaciones\n", encoding="utf-8")
    replace_once(project / DIALOGUE, "  status: cumplido\n", "  status: suspendido\n")
    history = load_history(project / "content", load_content(project / "content"))
    assert history.changes_of("2018-sin-commit") == ()
    assert history.first_published("2018-sin-commit") == datetime.date(2018, 8, 2)  # the last commit of content/
    # Uncommitted edits are not part of the record.
    assert "suspendido" not in {c.new for c in history.changes_of(STATUS_ID)}


def move_entry(project: Path, text_id: str, to: str, ending: str = "") -> str:
    """Move a result's YAML entry out of the monitoring file into `to` (followed by
    `ending`); return the entry's text."""
    monitoring = (project / MONITORING).read_text(encoding="utf-8")
    start = monitoring.index(f"- id: {text_id}")
    end = monitoring.find("- id:", start + 5)
    entry = monitoring[start:end if end > 0 else None]
    (project / MONITORING).write_text(monitoring.replace(entry, ""), encoding="utf-8")
    (project / RESULTS / to).write_text(entry + ending, encoding="utf-8")
    return entry


def test_a_result_that_moves_to_another_file_is_not_republished(tmp_path: Path) -> None:
    project, _ = repository(tmp_path)
    entry = move_entry(project, TEXT_ID, "otro.yml")
    (project / RESULTS / "otro.yml").write_text(entry.replace("area: monitoreo-y-analisis", "area: comunicaciones"),
                                                encoding="utf-8")
    commit(project, "2018-09-09", "Movido")
    history = load_history(project / "content", load_content(project / "content"))
    assert kinds([c for c in history.changes_of(TEXT_ID) if c.date.month == 9]) == [
        ("otro", "area", "monitoreo-y-analisis", "comunicaciones")]


def test_without_a_repository_or_with_a_shallow_clone_the_record_is_unavailable(tmp_path: Path) -> None:
    project, _ = repository(tmp_path)
    copy = tmp_path / "tarball"
    shutil.copytree(project / "content", copy / "content")  # no .git: a release tarball
    content = load_content(copy / "content")
    history = load_history(copy / "content", content)
    assert not history.available and history.first_published(STATUS_ID) is None
    assert [c.kind for c in history.changes_of(STATUS_ID)] == ["nota"]  # notes are content: still shown

    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{project}", str(tmp_path / "shallow")],
                   check=True, capture_output=True)
    assert not load_history(tmp_path / "shallow" / "content", content).available


def test_changes_read_as_the_site_writes_them() -> None:
    fmt = LocaleFormat.of("es_SV")
    day = datetime.date(2018, 4, 10)
    status = Change("r", day, "estado", "status", "en-curso", "cumplido")
    assert (value(status, status.old, fmt), value(status, status.new, fmt)) == ("En curso", "Cumplido")
    assert summary(status, fmt) == "Cambió el estado: En curso → Cumplido"
    figure = Change("r", day, "cifras", "gasto", "6300", "6300.5", unit="USD")
    assert summary(figure, fmt) == "Cambió la cifra «gasto»: $6,300 → $6,300.50"
    assert value(Change("r", day, "avance", "progress", "40", "75.5"), "75.5", fmt) == "75.5 %"
    assert value(Change("r", day, "fecha", "date", None, "2018-03-03"), "2018-03-03", fmt) == "3 de marzo de 2018"
    # A value an old, invalid state held is shown as written, never a crash.
    assert value(Change("r", day, "avance", "progress", "mucho", None), "mucho", fmt) == "mucho"
    assert value(status, None, fmt) == "(sin valor)"


def test_a_text_correction_shows_what_changed_with_some_context() -> None:
    old = "uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince dieciséis"
    new = old.replace("ocho", "OCHO")
    assert word_diff(old, new, context=2) == [("=", "… seis siete"), ("-", "ocho"), ("+", "OCHO"),
                                              ("=", "nueve diez …")]
    assert word_diff("a", "a b") == [("=", "a"), ("+", "b")]


def test_a_new_commit_is_in_the_next_build_of_the_same_process(tmp_path: Path) -> None:
    # `mkdocs serve` loads the history at every rebuild; it is replayed again only when HEAD moves.
    project, _ = repository(tmp_path)
    content = load_content(project / "content")
    first = load_history(project / "content", content)
    assert load_history(project / "content", content).changes == first.changes
    replace_once(project / DIALOGUE, "  status: cumplido\n", "  status: suspendido\n")
    commit(project, "2018-10-10", "Suspendido")
    again = load_history(project / "content", load_content(project / "content"))
    assert kinds(again.changes_of(STATUS_ID))[-1] == ("estado", "status", "cumplido", "suspendido")


def test_a_result_moved_into_a_file_broken_at_that_commit_is_not_retired(tmp_path: Path) -> None:
    """No site was built from the broken commit: its results were never withdrawn."""
    project, _ = repository(tmp_path)
    entry = move_entry(project, TEXT_ID, "otro.yml", ending=": : [\n")  # moved, and broken
    commit(project, "2018-09-09", "Movido a un archivo roto")
    (project / RESULTS / "otro.yml").write_text(entry, encoding="utf-8")
    commit(project, "2018-09-10", "Arreglado")
    history = load_history(project / "content", load_content(project / "content"))
    assert [c.kind for c in history.changes_of(TEXT_ID) if c.date.month == 9] == []
    assert [c.kind for c in history.changes_of(TEXT_ID)].count("publicado") == 1
