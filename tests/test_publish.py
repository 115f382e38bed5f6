"""Safe, atomic publishing (rendicion/publish.py through `rendicion build`): where a site may go,
one build at a time, an atomic swap that survives being killed, disk errors, equal bytes on any day."""

from __future__ import annotations

import datetime
import errno
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import mkdocs.utils
import pytest

from rendicion import publish, sitebuild
from rendicion.cli import main

from .conftest import CONTENT, ROOT, mkdocs_build, project_copy


def tree_hash(folder: Path) -> dict[str, str]:
    """Every entry under `folder` (symlinks as their target, files by content hash)."""
    entries = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            entries[name] = "-> " + os.readlink(path)
        elif path.is_file():
            entries[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            entries[name] = "dir"
    return entries


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def refusal(path: Path, reason: str, project: Path) -> str:
    return (f"No se puede construir en {path}: {reason}. No se escribió ni se borró nada. "
            f"Elija otra carpeta con -d (por ejemplo, {project / 'site'}).\n")


def set_marker(project: Path, marker: str) -> None:
    """Put `marker` in one result's text, so each build's output can be told apart."""
    path = project / "content" / "results" / "2018" / "comunicaciones.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("archivo ")
    end = text.index(" ", start + len("archivo "))
    path.write_text(text[:start] + f"archivo {marker}" + text[end:], encoding="utf-8")


def leftovers(site: Path, temp: Path | None = None) -> list[str]:
    """What a finished build should not have left: staging, extra versions, temp folders."""
    found = [p.name for p in site.parent.iterdir() if p.name.startswith(f".{site.name}-nuevo-")]
    versions = publish.versions_dir(site)
    if versions.is_dir() and len(list(versions.iterdir())) > 2:  # the current one and the one before
        found += sorted(p.name for p in versions.iterdir())
    if temp is not None:
        found += [p.name for p in temp.iterdir()]
    return found


# --- Where a site may be built ----------------------------------------------------------------


UNSAFE = {
    # name: (the -d argument relative to the project, the reason in the message, the folder it names)
    "project": (".", "es la carpeta del proyecto (la de mkdocs.yml)"),
    "content": ("content", "es la carpeta de contenido"),
    "docs": ("docs", "es la carpeta docs_dir de mkdocs.yml"),
    "overrides": ("overrides", "es la carpeta custom_dir del tema"),
    "inside-docs": ("docs/assets", "está dentro de la carpeta docs_dir de mkdocs.yml, {project}/docs"),
    "inside-content": ("content/areas", "está dentro de la carpeta de contenido, {project}/content"),
    "ancestor": ("..", "contiene la carpeta del proyecto, {project}"),
    "foreign": ("../notas", "la carpeta no está vacía y no la creó «rendicion build»"),
    "a-file": ("mkdocs.yml", "es un archivo, no una carpeta"),
}


@pytest.mark.parametrize("case", UNSAFE)
def test_unsafe_output_folders_are_refused_and_left_intact(tmp_path, capsys, monkeypatch, case):
    project = project_copy(tmp_path.resolve())
    (project.parent / "notas").mkdir()
    (project.parent / "notas" / "mías.txt").write_text("no borrar\n", encoding="utf-8")
    before = tree_hash(project.parent)
    argument, reason = UNSAFE[case]
    monkeypatch.chdir(project)  # `rendicion build -d .`, as the issue reports it
    assert main(["build", "-d", argument]) == 1
    target = (project / argument).resolve()
    err = capsys.readouterr().err
    assert err == refusal(target, reason.format(project=project), project)
    assert tree_hash(project.parent) == before


def test_home_and_root_are_refused(tmp_path, capsys):
    project = project_copy(tmp_path.resolve())
    config = ["-f", str(project / "mkdocs.yml"), "build", "-d"]
    assert main([*config, str(Path.home())]) == 1
    assert capsys.readouterr().err == refusal(Path.home().resolve(), "es su carpeta personal", project)
    assert main([*config, "/"]) == 1
    assert capsys.readouterr().err == refusal(Path("/"), "es la raíz del sistema de archivos", project)


def test_a_symlink_is_resolved_before_checking(tmp_path, capsys):
    project = project_copy(tmp_path.resolve())
    (tmp_path / "enlace").symlink_to(project / "content")
    assert main(["-f", str(project / "mkdocs.yml"), "build", "-d", str(tmp_path / "enlace")]) == 1
    assert capsys.readouterr().err == refusal(project / "content", "es la carpeta de contenido", project)
    assert (project / "content" / "site.yml").is_file()


def test_the_configured_site_dir_is_built_marked_and_replaced(tmp_path, capsys):
    project = project_copy(tmp_path.resolve())
    site = project / "site"
    assert main(["-f", str(project / "mkdocs.yml"), "build"]) == 0
    assert capsys.readouterr().out == f"Sitio construido en {site}\n"
    assert site.is_symlink() and os.readlink(site) == ".site-versiones/1"
    assert (site / publish.MARKER).read_text(encoding="utf-8") == publish.MARKER_TEXT
    assert (site / "index.html").is_file()
    assert oct(site.resolve().stat().st_mode & 0o777) == oct(0o777 & ~current_umask())  # readable by a web server
    for _ in range(3):
        assert main(["-f", str(project / "mkdocs.yml"), "build"]) == 0
    assert os.readlink(site) == ".site-versiones/4"
    assert sorted(p.name for p in publish.versions_dir(site).iterdir()) == ["3", "4"]  # current and previous
    assert leftovers(site) == []


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_a_site_folder_from_an_older_build_is_converted_once_and_never_deleted(tmp_path, capsys, monkeypatch, exchange):
    if not exchange:
        monkeypatch.setattr(publish, "_exchange", lambda a, b: False)
    project = project_copy(tmp_path.resolve())
    site = project / "site"
    assert mkdocs_build(project / "mkdocs.yml", site).returncode == 0  # a real folder, no marker
    old = tree_hash(site)
    assert publish.looks_like_a_build(site) and not (site / publish.MARKER).exists()
    assert main(["-f", str(project / "mkdocs.yml"), "build"]) == 0
    kept = publish.versions_dir(site) / "1"
    assert capsys.readouterr().out == (
        f"Sitio construido en {site}\n"
        f"La carpeta anterior {site}, que no tenía la marca de «rendicion build», se guardó en {kept}; "
        "no se borrará sola: puede borrarla a mano cuando ya no la necesite.\n")
    assert site.is_symlink() and os.readlink(site) == ".site-versiones/2"
    assert tree_hash(kept) == old  # unmarked: never written to
    assert leftovers(site) == []
    for _ in range(3):
        assert main(["-f", str(project / "mkdocs.yml"), "build"]) == 0
    assert capsys.readouterr().out == f"Sitio construido en {site}\n" * 3
    assert sorted(p.name for p in publish.versions_dir(site).iterdir()) == ["1", "4", "5"]
    assert tree_hash(kept) == old  # the unmarked old site is never deleted by a cleanup


def test_a_foreign_site_folder_is_refused(tmp_path, capsys):
    project = project_copy(tmp_path.resolve())
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("<p>mi página</p>", encoding="utf-8")
    assert main(["-f", str(project / "mkdocs.yml"), "build"]) == 1
    assert capsys.readouterr().err == refusal(
        project / "site", "la carpeta no está vacía y no la creó «rendicion build»", project)
    assert (project / "site" / "index.html").read_text(encoding="utf-8") == "<p>mi página</p>"


# --- Never deleting or overwriting what is not ours -------------------------------------------------


def build_args(project: Path, *extra: str) -> list[str]:
    return ["-f", str(project / "mkdocs.yml"), "build", *extra]


def test_a_versions_folder_symlink_into_content_is_refused(tmp_path, capsys, monkeypatch):
    """F2: `ln -s content/results .site-versiones; rendicion build` wrote into content/ and deleted results/2018."""
    project = project_copy(tmp_path.resolve())
    versions = project / ".site-versiones"
    versions.symlink_to("content/results")
    before = tree_hash(project)
    monkeypatch.chdir(project)
    assert main(build_args(project)) == 1
    reason = f"{versions} es un enlace simbólico, no la carpeta de versiones de «rendicion build»"
    assert capsys.readouterr().err == refusal(project / "site", reason, project)
    assert tree_hash(project) == before  # nothing written (no site, no lock) and nothing deleted
    assert tree_hash(project / "content") == tree_hash(CONTENT)
    # The same once a site was published: the versions folder swapped for a symlink is refused too.
    versions.unlink()
    assert main(build_args(project)) == 0
    shutil.rmtree(versions)
    versions.symlink_to("content/results")
    before = tree_hash(project)
    capsys.readouterr()
    assert main(build_args(project)) == 1
    assert capsys.readouterr().err == refusal(project / "site", reason, project)
    assert tree_hash(project) == before
    versions.unlink()
    versions.write_text("notas\n", encoding="utf-8")
    assert main(build_args(project)) == 1
    assert capsys.readouterr().err == refusal(
        project / "site", f"{versions} no es una carpeta, y «rendicion build» guarda ahí sus versiones", project)
    assert versions.read_text(encoding="utf-8") == "notas\n"


def test_a_numbered_version_that_is_not_ours_is_never_deleted(tmp_path):
    """F2: only marked version folders are deleted; a symlink or an unmarked numbered folder stays."""
    project = project_copy(tmp_path.resolve())
    assert main(build_args(project)) == 0
    versions = project / ".site-versiones"
    (versions / "0").symlink_to("../content/results")
    (versions / "2").mkdir()  # the number the next build would use is taken: it builds 3
    (versions / "2" / "mío.txt").write_text("no borrar\n", encoding="utf-8")
    content = tree_hash(project / "content")
    for _ in range(3):
        assert main(build_args(project)) == 0
    assert os.readlink(project / "site") == ".site-versiones/5"
    assert sorted(p.name for p in versions.iterdir()) == ["0", "2", "4", "5"]
    assert os.readlink(versions / "0") == "../content/results"
    assert (versions / "2" / "mío.txt").read_text(encoding="utf-8") == "no borrar\n"
    assert tree_hash(project / "content") == content


def test_the_versions_folder_and_lock_may_not_be_a_protected_folder(tmp_path):
    project = project_copy(tmp_path.resolve())
    site = project / "site"
    protected = publish.Protected(project=project, content=project / "content", docs=project / ".site-versiones")
    with pytest.raises(publish.PublishError) as refused:
        publish.check_target(site, protected)
    assert str(refused.value) + "\n" == refusal(
        site, f"{project / '.site-versiones'} es la carpeta docs_dir de mkdocs.yml", project)
    protected = publish.Protected(project=project, content=project / ".rendicion-site.lock", docs=project / "docs")
    with pytest.raises(publish.PublishError) as refused:
        publish.check_target(site, protected)
    assert str(refused.value) + "\n" == refusal(
        site, f"{project / '.rendicion-site.lock'} es la carpeta de contenido", project)


def mkdocs_like(folder: Path, source: Path) -> None:
    """`folder` as a copy of a plain MkDocs build (`source`): index, sitemap, search index, bundle."""
    shutil.copytree(source, folder)


@pytest.fixture(scope="module")
def plain_mkdocs_site(tmp_path_factory) -> Path:
    project = project_copy(tmp_path_factory.mktemp("plain").resolve())
    site = project.parent / "plain-site"
    assert mkdocs_build(project / "mkdocs.yml", site).returncode == 0
    return site


def test_someone_elses_web_folder_is_never_taken_over(tmp_path, capsys, plain_mkdocs_site):
    """F3: index.html + 404.html (+ .git, uploads.db) passed to -d was accepted, and deleted two builds later."""
    project = project_copy(tmp_path.resolve())
    web = tmp_path / "www"
    web.mkdir()
    (web / "index.html").write_text("<p>mi sitio</p>", encoding="utf-8")
    (web / "404.html").write_text("<p>no está</p>", encoding="utf-8")
    (web / "uploads.db").write_bytes(b"SQLite format 3\0datos")
    (web / ".git").mkdir()
    (web / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    foreign = "la carpeta no está vacía y no la creó «rendicion build»"
    before = tree_hash(tmp_path)
    assert main(build_args(project, "-d", str(web))) == 1
    assert capsys.readouterr().err == refusal(web, foreign, project)
    assert tree_hash(tmp_path) == before
    # Even a folder that looks exactly like MkDocs' output is refused when it is a -d argument...
    copy = tmp_path / "copia"
    mkdocs_like(copy, plain_mkdocs_site)
    before = tree_hash(tmp_path)
    assert main(build_args(project, "-d", str(copy))) == 1
    assert capsys.readouterr().err == refusal(copy, foreign, project)
    assert tree_hash(tmp_path) == before
    # ... and at the configured site_dir when it holds anything MkDocs never writes.
    for extra in (".git/HEAD", ".htaccess", "datos/.notas"):
        site = project / "site"
        mkdocs_like(site, plain_mkdocs_site)
        (site / extra).parent.mkdir(parents=True, exist_ok=True)
        (site / extra).write_text("mío\n", encoding="utf-8")
        before = tree_hash(project)
        assert main(build_args(project)) == 1, extra
        assert capsys.readouterr().err == refusal(site, foreign, project)
        assert tree_hash(project) == before
        shutil.rmtree(site)
    site = project / "site"
    mkdocs_like(site, plain_mkdocs_site)
    (site / "enlace.html").symlink_to(project / "content" / "site.yml")
    assert main(build_args(project)) == 1
    assert capsys.readouterr().err == refusal(site, foreign, project)


def test_a_lock_file_symlink_never_truncates_its_target(tmp_path, capsys):
    """F4: `ln -s content/site.yml .rendicion-site.lock; rendicion build` wrote the pid into site.yml."""
    project = project_copy(tmp_path.resolve())
    site = project / "site"
    lock = project / ".rendicion-site.lock"
    lock.symlink_to("content/site.yml")
    before = tree_hash(project)
    assert main(build_args(project)) == 1
    assert capsys.readouterr().err == refusal(
        site, f"{lock} es un enlace simbólico, no el archivo de bloqueo de «rendicion build»", project)
    assert tree_hash(project) == before
    # Taken between the check and the lock (a race): O_NOFOLLOW refuses it too.
    with pytest.raises(publish.PublishError) as refused:
        with publish.build_lock(site, wait=0):
            pass
    assert str(refused.value) == (f"No se puede construir en {site}: {lock} es un enlace simbólico, no el archivo "
                                  "de bloqueo de «rendicion build». No se escribió ni se borró nada. "
                                  "Quítelo o elija otra carpeta con -d.")
    assert tree_hash(project) == before
    lock.unlink()
    cases = [
        (lambda: os.link(project / "content" / "site.yml", lock),
         f"{lock} tiene otro nombre (un enlace duro), y «rendicion build» no reemplaza su contenido"),
        (lambda: lock.write_text("mis notas\n", encoding="utf-8"),
         f"{lock} no es un archivo de bloqueo de «rendicion build» (solo guarda un número de proceso)"),
        (lambda: lock.mkdir(),
         f"{lock} no es un archivo normal, y «rendicion build» lo usa como archivo de bloqueo"),
    ]
    for make, reason in cases:
        make()
        before = tree_hash(project)
        assert main(build_args(project)) == 1, reason
        assert capsys.readouterr().err == refusal(site, reason, project)
        assert tree_hash(project) == before
        with pytest.raises(publish.PublishError):
            with publish.build_lock(site, wait=0):
                pass
        assert tree_hash(project) == before
        lock.rmdir() if lock.is_dir() else lock.unlink()


def break_content(project: Path) -> None:
    (project / "content" / "results" / "2018" / "zz.yml").write_text("- id: [\n", encoding="utf-8")


def test_a_failed_build_leaves_nothing_behind(tmp_path, capsys):
    """F8: a failed build into a new -d left its parent folders and the lock file."""
    project = project_copy(tmp_path.resolve())
    break_content(project)
    before = tree_hash(tmp_path)
    assert main(build_args(project, "-d", str(tmp_path / "x" / "a" / "b" / "site"))) == 1
    assert capsys.readouterr().err.endswith("No se publicó nada: el sitio anterior sigue intacto.\n")
    assert not (tmp_path / "x").exists()
    assert main(build_args(project)) == 1  # the configured site_dir: no lock, staging or versions left
    assert tree_hash(tmp_path) == before
    # A refused target writes nothing either, not even the lock or a missing parent.
    (project / "content" / "results" / "2018" / "zz.yml").unlink()
    capsys.readouterr()
    assert main(build_args(project, "-d", str(project / "content" / "nuevo" / "site"))) == 1
    assert capsys.readouterr().err == refusal(
        project / "content" / "nuevo" / "site",
        f"está dentro de la carpeta de contenido, {project / 'content'}", project)
    assert not (project / "content" / "nuevo").exists()
    assert not (project / "content" / "nuevo" / ".rendicion-site.lock").exists()
    # A lock that existed before a failed build stays (another build may be waiting on it).
    assert main(build_args(project)) == 0
    break_content(project)
    assert main(build_args(project)) == 1
    assert (project / ".rendicion-site.lock").is_file()


def test_a_build_waiting_on_a_removed_lock_takes_a_fresh_one(tmp_path):
    """A failed build removes the lock it created; one waiting on it must not hold the deleted file."""
    site = tmp_path / "site"
    lock = publish.lock_path(site)
    entered, release = threading.Event(), threading.Event()
    seen: list[object] = []

    def first() -> None:
        try:
            with publish.build_lock(site, wait=0):
                entered.set()
                release.wait(10)
                raise RuntimeError("la construcción falló")
        except RuntimeError as error:
            seen.append(error)

    thread = threading.Thread(target=first)
    thread.start()
    assert entered.wait(10)
    with publish.build_lock(site, wait=10, on_wait=lambda pid: release.set()):
        seen.append(lock.read_text(encoding="ascii"))
    thread.join()
    assert [str(x) for x in seen] == ["la construcción falló", f"{os.getpid()}\n"]


# --- Killed builds and their leftovers -------------------------------------------------------


def subprocess_build(project: Path, temp: Path, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "TMPDIR": str(temp), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "rendicion", "-f", str(project / "mkdocs.yml"), "build", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
    )


def assert_complete(site: Path, markers: set[str]) -> str:
    """`site` is one whole build: its key files exist, and it is one of the versions in `markers`."""
    for name in ("index.html", "robots.txt", "datos/resultados.json", publish.MARKER):
        assert (site / name).is_file(), name
    data = (site / "datos" / "resultados.json").read_text(encoding="utf-8")
    found = [marker for marker in markers if marker in data]
    assert len(found) == 1, found
    return found[0]


def test_a_build_killed_at_any_moment_leaves_a_whole_site_and_the_next_build_cleans_up(tmp_path, monkeypatch):
    project = project_copy(tmp_path.resolve())
    site = project / "site"
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(temp))
    set_marker(project, "VERSION-0")
    assert main(["-f", str(project / "mkdocs.yml"), "build"]) == 0
    published = {"VERSION-0"}
    rng = random.Random(20261125)
    started = time.perf_counter()
    first = subprocess_build(project, temp)
    first.wait(timeout=60)
    run_time = time.perf_counter() - started  # a whole build, as a subprocess
    # One random moment in each fifth of a build's run: start-up, loading, writing, publishing.
    delays = [rng.uniform(run_time * i / 5, run_time * (i + 1) / 5) for i in range(5)]
    for n, delay in enumerate(delays, start=1):
        set_marker(project, f"VERSION-{n}")
        process = subprocess_build(project, temp)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        published.add(f"VERSION-{n}")
        assert_complete(site, published)
    assert main(["-f", str(project / "mkdocs.yml"), "build"]) == 0
    assert assert_complete(site, published) == f"VERSION-{len(delays)}"
    assert leftovers(site, temp) == []


def test_only_our_own_leftovers_are_deleted(tmp_path, monkeypatch):
    project = project_copy(tmp_path.resolve())
    site = project / "site"
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(temp))
    assert main(["-f", str(project / "mkdocs.yml"), "build"]) == 0
    dead = 2**22 + 1  # above Linux's largest pid: no such process
    ours = {project / f".site-nuevo-{dead}-abc": publish.MARKER,
            publish.versions_dir(site) / "7": publish.MARKER,
            temp / f"rendicion-{dead}-x": publish.TEMP_MARKER}
    theirs = [project / ".site-otra", project / f".site-nuevo-{os.getppid()}-vivo", temp / "rendicion-notas",
              temp / f"otro-{dead}-x", publish.versions_dir(site) / "notas",
              # named like ours, without the marker a build writes into each of its folders
              project / f".site-nuevo-{dead}-sinmarca", publish.versions_dir(site) / "5",
              temp / f"rendicion-{dead}-sinmarca", temp / "rendicion-2018-informe", temp / f"rendicion-{dead}-otro"]
    for folder in [*ours, *theirs]:
        folder.mkdir()
        (folder / "a.txt").write_text("x", encoding="utf-8")
    for folder, marker in ours.items():
        (folder / marker).write_text(f"{dead}\n" if marker == publish.TEMP_MARKER else publish.MARKER_TEXT,
                                     encoding="utf-8")
    (temp / f"rendicion-{dead}-otro" / publish.TEMP_MARKER).write_text("12\n", encoding="utf-8")  # another pid
    (project / f".site-nuevo-{dead}-enlace").symlink_to(".site-versiones/7")
    (project / f".site-nuevo-{dead}-ajeno").symlink_to("content/results")  # not ours: kept, never followed
    before = {folder: tree_hash(folder) for folder in theirs}
    assert main(["-f", str(project / "mkdocs.yml"), "build"]) == 0
    assert [p for p in ours if p.exists()] == []
    assert not (project / f".site-nuevo-{dead}-enlace").is_symlink()
    assert {folder: tree_hash(folder) for folder in theirs} == before
    assert os.readlink(project / f".site-nuevo-{dead}-ajeno") == "content/results"
    assert (project / "content" / "results" / "2018").is_dir()


def test_unrelated_folders_in_the_temp_folder_survive_a_build(tmp_path, capsys, monkeypatch):
    """F1: `mkdir /tmp/rendicion-2018-informe; rendicion build` used to delete it (a dead 'pid' 2018)."""
    project = project_copy(tmp_path.resolve())
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(temp))
    victim = temp / "rendicion-2018-informe"
    victim.mkdir()
    (victim / "notas.txt").write_text("x\n", encoding="utf-8")
    before = tree_hash(temp)
    assert main(["-f", str(project / "mkdocs.yml"), "build"]) == 0
    assert tree_hash(temp) == before
    process = subprocess_build(project, temp)  # as a separate process, with its own TMPDIR
    assert process.wait(timeout=120) == 0, process.communicate()
    assert tree_hash(temp) == before


# --- One build at a time ---------------------------------------------------------------------


def test_two_builds_at_once_never_interleave(tmp_path):
    project = project_copy(tmp_path.resolve())
    temp = tmp_path / "tmp"
    temp.mkdir()
    processes = [subprocess_build(project, temp) for _ in range(2)]
    outcomes = [(p.wait(timeout=120), *p.communicate()) for p in processes]
    for status, out, err in outcomes:
        assert "Traceback" not in err
        assert status == 0 or (status == 1 and "Otra construcción está en curso (pid " in err), err
    assert any(status == 0 for status, _, _ in outcomes)
    assert_complete(project / "site", {"archivo digital"})
    assert leftovers(project / "site", temp) == []


def test_a_build_gives_up_after_waiting_for_another(tmp_path, capsys, monkeypatch):
    project = project_copy(tmp_path.resolve())
    site = project / "site"
    assert main(["-f", str(project / "mkdocs.yml"), "build"]) == 0
    before = tree_hash(project)
    monkeypatch.setattr(sitebuild, "LOCK_WAIT_SECONDS", 0.3)
    capsys.readouterr()
    with publish.build_lock(site, wait=0):
        assert main(["-f", str(project / "mkdocs.yml"), "build"]) == 1
    err = capsys.readouterr().err
    assert err == (f"Otra construcción está en curso (pid {os.getpid()}); esperando a que termine…\n"
                   f"Otra construcción está en curso (pid {os.getpid()}) para {site}. "
                   "Espere a que termine y vuelva a intentarlo.\n")
    assert tree_hash(project) == before


def test_a_reader_never_misses_the_site_during_a_publish(tmp_path):
    project = project_copy(tmp_path.resolve())
    index = project / "site" / "index.html"
    assert main(["-f", str(project / "mkdocs.yml"), "build"]) == 0
    errors: list[BaseException] = []
    reads = 0
    done = threading.Event()

    def read() -> None:
        nonlocal reads
        while not done.is_set():
            try:
                with open(index, "rb") as file:
                    assert b"</html>" in file.read()
                reads += 1
            except BaseException as error:  # noqa: BLE001 - every failure counts
                errors.append(error)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for _ in range(2):
            process = subprocess_build(project, tmp_path)
            assert process.wait(timeout=60) == 0
    finally:
        done.set()
        reader.join()
    assert errors == []
    assert reads > 100


# --- Disk errors and broken builds -----------------------------------------------------------


def failing(real, code: int, target):
    """`real`, except that it raises OSError(code) for the path `target(*args)` returns (None: no failure)."""
    def call(*args, **kwargs):
        path = target(*args)
        if path is not None:
            raise OSError(code, os.strerror(code), str(path))
        return real(*args, **kwargs)
    return call


def test_disk_errors_are_explained_and_the_old_site_stays(tmp_path, capsys, monkeypatch):
    project = project_copy(tmp_path.resolve())
    site = project / "site"
    config = ["-f", str(project / "mkdocs.yml"), "build"]
    assert main(config) == 0
    before = tree_hash(project)
    capsys.readouterr()
    cases = [
        # (what fails, how, the message's reason)
        (os, "replace", errno.EROFS, lambda src, dst, *a: dst if Path(dst) == site else None,
         "el disco es de solo lectura. Elija otra carpeta con -d o monte el disco con permiso de escritura"),
        (mkdocs.utils, "write_file", errno.ENOSPC, lambda content, path: path if path.endswith("404.html") else None,
         "no queda espacio en el disco. Libere espacio y vuelva a construir"),
        (os, "open", errno.EACCES, lambda path, *a: path if str(path).endswith(".lock") else None,
         "no tiene permiso para escribir ahí. Pida ese permiso o elija otra carpeta con -d"),
    ]
    for module, name, code, when, reason in cases:
        with monkeypatch.context() as patch:
            patch.setattr(module, name, failing(getattr(module, name), code, when))
            assert main(config) == 1, name
        err = capsys.readouterr().err
        where = project / ".rendicion-site.lock" if name == "open" else site
        assert err == f"No se pudo escribir en {where}: {reason}.\nNo se publicó nada: el sitio anterior sigue intacto.\n"
        assert tree_hash(project) == before, name


def test_a_template_error_in_overrides_is_explained_without_a_traceback(tmp_path, capsys):
    project = project_copy(tmp_path.resolve())
    config = ["-f", str(project / "mkdocs.yml"), "build"]
    assert main(config) == 0
    before = tree_hash(project / "site")
    (project / "docs" / "extra.md").write_text("# Extra\n\n{{ no_such_macro() }}\n", encoding="utf-8")
    capsys.readouterr()
    assert main(config) == 1
    err = capsys.readouterr().err
    assert "'no_such_macro' is undefined" in err
    assert "Traceback" not in err
    assert err.endswith("Error: la construcción se detuvo (código 100); el motivo está en los mensajes de arriba.\n"
                        "No se publicó nada: el sitio anterior sigue intacto.\n")
    (project / "docs" / "extra.md").unlink()
    # The project's own main.html (in custom_dir, before the package's), broken.
    (project / "overrides" / "main.html").write_text('{% extends "base.html" %}\n{{ broken(', encoding="utf-8")
    assert main(config) == 1
    err = capsys.readouterr().err
    assert "Error inesperado al construir el sitio: TemplateSyntaxError" in err and "Traceback" not in err
    assert tree_hash(project / "site") == before


# --- Equal content, equal bytes --------------------------------------------------------------


def clock(day: datetime.datetime):
    class Clock(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return day

    return Clock


def test_builds_on_different_days_are_byte_identical(tmp_path, monkeypatch):
    project = project_copy(tmp_path.resolve())
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace('site_url: ""', 'site_url: "https://example.org/"'),
                      encoding="utf-8")
    site_yml = project / "content" / "site.yml"
    site_yml.write_text(site_yml.read_text(encoding="utf-8") + "updated: 2019-03-04\n", encoding="utf-8")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    sites = []
    for n, day in enumerate([datetime.datetime(2030, 1, 2, 3, 4, tzinfo=datetime.timezone.utc),
                             datetime.datetime(2031, 6, 7, 22, 59, tzinfo=datetime.timezone.utc)]):
        monkeypatch.setattr(mkdocs.utils, "datetime", clock(day))
        assert mkdocs.utils.get_build_date() == day.strftime("%Y-%m-%d")  # MkDocs would date by this clock
        site = tmp_path / f"build-{n}" / "site"
        assert main(["-f", str(config), "build", "--offline", "-d", str(site)]) == 0
        assert "SOURCE_DATE_EPOCH" not in os.environ  # set for the build only
        sites.append(site_files(site))
    assert sites[0] == sites[1]  # the offline zip included
    assert "datos/sitio-sin-conexion.zip" in sites[0]
    sitemap = sites[0]["sitemap.xml"].decode("utf-8")
    assert "<lastmod>2019-03-04</lastmod>" in sitemap
    assert "sitemap.xml.gz" not in sites[0]  # MkDocs' own (dated by its gzip header) is not written


def test_a_source_date_epoch_set_by_the_user_wins(tmp_path, monkeypatch):
    project = project_copy(tmp_path.resolve())
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace('site_url: ""', 'site_url: "https://example.org/"'),
                      encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime.datetime(2021, 5, 6, 12, 0).timestamp())))
    assert main(["-f", str(config), "build"]) == 0
    assert "<lastmod>2021-05-06</lastmod>" in (project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert main(["-f", str(config), "build"]) == 0  # no `updated`, not a git checkout: no date is made up
    assert "<lastmod>" not in (project / "site" / "sitemap.xml").read_text(encoding="utf-8")


def test_a_content_folder_named_like_a_staging_folder_is_never_cleaned(tmp_path):
    """Second review: the content folder renamed `.site-nuevo-<dead pid>-c`, with
    a planted marker, was deleted as a killed build's leftover."""
    project = project_copy(tmp_path.resolve())
    dead = 2**22 + 1
    content = project / f".site-nuevo-{dead}-c"
    (project / "content").rename(content)
    (content / publish.MARKER).write_text(publish.MARKER_TEXT, encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("content_dir: content", f"content_dir: {content.name}"),
                      encoding="utf-8")
    before = tree_hash(content)
    main(["-f", str(config), "build"])  # whatever it says about the stray marker, it must not delete content
    assert content.is_dir() and tree_hash(content) == before


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "1e9", "٣", "99999999999999999999", "253402300800"])
def test_a_source_date_epoch_mkdocs_cannot_read_is_explained(tmp_path, capsys, monkeypatch, value):
    project = project_copy(tmp_path.resolve())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    assert main(build_args(project)) == 1
    err = capsys.readouterr().err
    assert f"La variable SOURCE_DATE_EPOCH vale «{value}»; se esperaba un número entero" in err
    assert "Traceback" not in err and not (project / "site").exists()


def test_an_empty_source_date_epoch_counts_as_unset(tmp_path, monkeypatch):
    project = project_copy(tmp_path.resolve())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")
    assert main(build_args(project)) == 0
    assert os.environ["SOURCE_DATE_EPOCH"] == ""  # given back as it was
