"""rendicion/cli.py: the comms team's commands."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from rendicion.cli import main
from rendicion.load import load_content

from .conftest import CONTENT, ROOT, SEED, project_copy


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rendicion", *args], capture_output=True, text=True, cwd=cwd)


def test_check_lists_every_problem_and_exits_1(tmp_path):
    project = project_copy(tmp_path)
    (project / "content" / "results" / "2018" / "zz.yml").write_text(
        "- id: 2018-a\n  title: A\n  text: X\n  area: comunicacion\n"
        "- id: 2018-b\n  title: B\n  text: X\n  area: comunicaciones\n  councils: [conasab]\n",
        encoding="utf-8",
    )
    process = run("-f", str(project / "mkdocs.yml"), "check")
    assert process.returncode == 1
    assert "El contenido tiene 2 problemas" in process.stderr
    assert "content/results/2018/zz.yml:4:3: area [2018-a]: área desconocida «comunicacion»" in process.stderr
    assert "content/results/2018/zz.yml:9:14: councils[0] [2018-b]" in process.stderr
    assert "Traceback" not in process.stderr


def test_help_is_in_spanish():
    process = run("--help")
    assert process.returncode == 0
    assert process.stdout.startswith("uso: rendicion")
    assert "valida content/ y lista todos los problemas" in process.stdout
    assert "muestra esta ayuda y termina" in process.stdout


def test_new_scaffolds_an_entry_that_check_refuses_until_filled(tmp_path, capsys):
    project = project_copy(tmp_path)
    config = ["-f", str(project / "mkdocs.yml")]
    assert main([*config, "new", "--area", "comunicaciones", "--year", "2018", "--title", "Plantatón 2018"]) == 0
    path = project / "content" / "results" / "2018" / "comunicaciones.yml"
    entry = yaml.safe_load(path.read_text(encoding="utf-8"))[-1]
    assert entry["id"] == "2018-plantaton-2018"
    assert set(entry) == {"id", "title", "text", "area", "councils", "plans", "partners", "figures", "items", "sources"}
    capsys.readouterr()
    assert main([*config, "check"]) == 1
    assert "text [2018-plantaton-2018]: no puede estar vacío" in capsys.readouterr().err
    # A second one gets a fresh id; a new year gets its own file.
    # The first blank entry does not stop the next one.
    assert main([*config, "new", "--area", "comunicaciones", "--year", "2018", "--title", "Plantatón 2018"]) == 0
    assert yaml.safe_load(path.read_text(encoding="utf-8"))[-1]["id"] == "2018-plantaton-2018-2"
    assert main([*config, "new", "--area", "es-calidad", "--year", "2019"]) == 0
    assert (project / "content" / "results" / "2019" / "es-calidad.yml").is_file()


def test_new_refuses_an_unknown_area(tmp_path, capsys):
    project = project_copy(tmp_path)
    assert main(["-f", str(project / "mkdocs.yml"), "new", "--area", "prensa"]) == 1
    assert "Área desconocida «prensa»" in capsys.readouterr().err


def test_import_of_the_seed_gives_the_same_results_as_content(tmp_path, content):
    assert SEED.exists()
    assert main(["import", str(SEED), "--out", str(tmp_path / "borradores")]) == 0
    imported = []
    for path in sorted((tmp_path / "borradores" / "results" / "2018").glob("*.yml")):
        imported += yaml.safe_load(path.read_text(encoding="utf-8"))
    assert len(imported) == len(content.results) == 103
    assert Counter(entry["text"] for entry in imported) == Counter(r.text for r in content.results)
    items = {tuple(entry.get("items", [])) for entry in imported if entry.get("items")}
    assert items == {r.items for r in content.results if r.items}
    assert len(list((tmp_path / "borradores" / "areas").glob("*.yml"))) == 6


def test_build_replaces_the_site_only_when_the_whole_build_succeeds(tmp_path, capsys):
    project = project_copy(tmp_path)
    site = tmp_path / "site"
    build = ["-f", str(project / "mkdocs.yml"), "build", "-d", str(site)]
    assert main(build) == 0
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    (project / "content" / "results" / "2018" / "comunicaciones.yml").write_text("- id: roto\n", encoding="utf-8")
    assert main(build) == 1
    assert "el sitio anterior sigue intacto" in capsys.readouterr().err
    assert {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    # No staging folder left: only the site, its versions and its lock file.
    assert sorted(p.name for p in tmp_path.iterdir()) == [".rendicion-site.lock", ".site-versiones", "project", "site"]


NO_PLUGIN = "site_name: Otro sitio\nplugins:\n  - search\n"
BROKEN = "site_name: Otro sitio\nplugins: [\n"


@pytest.mark.parametrize("command", ["check", "stats", "build"])
def test_a_missing_broken_or_foreign_mkdocs_yml_is_explained(tmp_path, capsys, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    assert main([command]) == 1
    assert capsys.readouterr().err == (
        f"No se encontró el archivo de configuración mkdocs.yml en {tmp_path}. Ejecute el comando en la carpeta "
        "del proyecto (la que tiene mkdocs.yml) o indique el archivo con -f.\n")
    (tmp_path / "docs").mkdir()
    config = tmp_path / "mkdocs.yml"
    config.write_text(NO_PLUGIN, encoding="utf-8")
    assert main(["-f", str(config), command]) == 1
    assert capsys.readouterr().err == (f"El archivo de configuración {config} no activa el plugin «rendicion»: "
                                       "añada «- rendicion» en su lista plugins.\n")
    config.write_text(BROKEN, encoding="utf-8")
    assert main(["-f", str(config), command]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"El archivo de configuración {config} no es válido: ") and "line 3" in err
    config.write_text("site_name: Otro sitio\nnav: 3\nplugins: [rendicion]\n", encoding="utf-8")
    assert main(["-f", str(config), command]) == 1
    assert capsys.readouterr().err == ("ERROR: Config value 'nav': Expected nav to be a list, got a int: 3\n"
                                       f"El archivo de configuración {config} no es válido: vea los errores de arriba.\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "mkdocs.yml"]  # nothing built


def test_check_and_stats_with_content_need_no_mkdocs_yml(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--content", str(CONTENT)]) == 0
    assert capsys.readouterr().out == "Contenido correcto: 103 resultados en 6 áreas.\n"
    assert main(["stats", "--content", str(CONTENT)]) == 0
    assert capsys.readouterr().out.startswith("103 resultados")


def test_stats_counts_per_area_council_plan_and_year(capsys):
    assert main(["stats", "--content", str(CONTENT)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("103 resultados")
    for line in ("Procesos de Diálogo", "CONASAV", "Plan El Salvador Seguro", "2018"):
        assert line in out


def test_load_of_the_real_content_is_fast_enough_for_every_command():
    import time

    started = time.perf_counter()
    load_content(CONTENT)
    assert time.perf_counter() - started < 2


def test_serve_reloads_when_a_yaml_file_changes(tmp_path):
    """The comms team's live preview: saving YAML in content/ updates the page."""
    import socket
    import time
    import urllib.request

    project = project_copy(tmp_path)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    scratch = tmp_path / "tmp"  # where the server builds: removed with tmp_path, even after terminate()
    scratch.mkdir()
    server = subprocess.Popen(
        [sys.executable, "-m", "rendicion", "-f", str(project / "mkdocs.yml"), "serve", "-a", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "TMPDIR": str(scratch)},
    )
    url = f"http://127.0.0.1:{port}/areas/comunicaciones/"

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    try:
        deadline = time.monotonic() + 60
        while "archivo digital" not in page():
            assert time.monotonic() < deadline, "serve did not start"
            time.sleep(0.25)
        path = project / "content" / "results" / "2018" / "comunicaciones.yml"
        path.write_text(path.read_text(encoding="utf-8").replace("archivo digital", "archivo DIGITAL-EDITADO"),
                        encoding="utf-8")
        deadline = time.monotonic() + 30
        while "DIGITAL-EDITADO" not in page():
            assert time.monotonic() < deadline, "the edit never reached the preview"
            time.sleep(0.25)
    finally:
        server.terminate()
        server.wait(timeout=10)


# -- Careless commands: one Spanish message, exit 1, nothing written --------------------


def _tree(folder: Path) -> dict[str, bytes | None]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


@pytest.mark.parametrize("year", ["0", "-3", "99999", "1899", "2101"])
def test_new_refuses_a_year_the_content_could_not_hold(tmp_path, capsys, year):
    project = project_copy(tmp_path)
    before = _tree(project / "content")
    status = main(["-f", str(project / "mkdocs.yml"), "new", "--area", "comunicaciones", "--year", year])
    err = capsys.readouterr().err
    assert status == 1
    assert f"Año no válido: {year}; se esperaba un año entre 1900 y 2100. No se añadió nada." in err
    assert _tree(project / "content") == before


@pytest.mark.parametrize("setup, message", [
    (lambda f: f.mkdir(parents=True), "es una carpeta; se esperaba un archivo .yml"),
    (lambda f: (f.parent.mkdir(parents=True), f.write_bytes(b"\xff\xfe- id: x\n")), "no está en UTF-8"),
    (lambda f: (f.parent.mkdir(parents=True), os.mkfifo(f)), "no se puede leer: es una tubería con nombre (FIFO)"),
], ids=["folder", "not-utf8", "fifo"])
def test_new_explains_an_area_file_it_cannot_append_to(tmp_path, capsys, setup, message):
    project = project_copy(tmp_path)
    setup(project / "content" / "results" / "2030" / "comunicaciones.yml")
    before = _tree(project / "content")
    status = main(["-f", str(project / "mkdocs.yml"), "new", "--area", "comunicaciones", "--year", "2030"])
    err = capsys.readouterr().err
    assert status == 1 and message in err and "No se añadió nada." in err and "Traceback" not in err
    assert _tree(project / "content") == before


def test_serve_refuses_a_port_that_cannot_exist(capsys):
    assert main(["serve", "-a", "127.0.0.1:99999"]) == 2  # a usage error, as argparse says them
    assert "se esperaba HOST:PUERTO con un puerto de 1 a 65535" in capsys.readouterr().err


def test_serve_says_when_the_port_is_taken(tmp_path, capsys):
    import socket

    project = project_copy(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        status = main(["-f", str(project / "mkdocs.yml"), "serve", "-a", f"127.0.0.1:{port}"])
    err = capsys.readouterr().err
    assert status == 1
    assert f"La dirección 127.0.0.1:{port} ya está en uso" in err and "Traceback" not in err


def test_serve_with_broken_content_at_start_says_what_to_fix(tmp_path, capsys):
    project = project_copy(tmp_path)
    (project / "content" / "results" / "2018" / "zz.yml").write_text("- id: [\n", encoding="utf-8")
    from benchmarks.serve import free_port

    status = main(["-f", str(project / "mkdocs.yml"), "serve", "-a", f"127.0.0.1:{free_port()}"])
    err = capsys.readouterr().err
    assert status == 1
    assert "No se abrió la vista previa: corrija lo que se indica arriba" in err and "Traceback" not in err


def test_an_unexpected_error_is_a_message_not_a_traceback(monkeypatch, capsys):
    import rendicion.cli

    def broken(root):
        raise RuntimeError("algo imprevisto")

    monkeypatch.setattr(rendicion.cli, "load_content", broken)
    monkeypatch.delenv("RENDICION_DEBUG", raising=False)
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert "Error inesperado (RuntimeError: algo imprevisto)" in err and "RENDICION_DEBUG=1" in err


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system", "!!python/module:os",
                                 "!<tag:yaml.org,2002:python/object/apply:os.system>",
                                 "!!python%2Fobject/apply:os.system", "!!pyth%6Fn/object/apply:os.system",
                                 "!<tag:yaml.org,2002:python%2Fobject/apply:os.system>",
                                 "%TAG !p! tag:yaml.org,2002:python/ then !p!object/apply:os.system"])
def test_a_config_that_would_run_code_is_refused_before_mkdocs_reads_it(tmp_path, capsys, tag):
    project = project_copy(tmp_path)
    canary = tmp_path / "ejecutado"
    config = project / "mkdocs.yml"
    if tag.startswith("%TAG"):  # a handle declared before the document
        handle, _, tag = tag.partition(" then ")
        config.write_text(f"{handle}\n---\n" + config.read_text(encoding="utf-8")
                          + f'extra_x: {tag} ["touch {canary}"]\n', encoding="utf-8")
    else:
        config.write_text(config.read_text(encoding="utf-8") + f'extra_x: {tag} ["touch {canary}"]\n',
                          encoding="utf-8")
    for command in (["check"], ["build", "-d", str(tmp_path / "site")]):
        assert main(["-f", str(config), *command]) == 1
        err = capsys.readouterr().err
        assert "haría ejecutar código de Python" in err and "mkdocs.yml:" in err, err
    assert not canary.exists() and not (tmp_path / "site").exists()


@pytest.mark.parametrize("title", ["Uno  \u200b  dos", "A\ufeffB", 'comillas " y \\ barra', "{{ x }} # no es comentario"])
def test_new_writes_the_title_exactly_as_given(tmp_path, capsys, title):
    from rendicion.yamlfile import read_yaml

    project = project_copy(tmp_path)
    assert main(["-f", str(project / "mkdocs.yml"), "new", "--area", "comunicaciones", "--year", "2030",
                 "--title", title]) == 0
    document, problems = read_yaml(project / "content" / "results" / "2030" / "comunicaciones.yml", "x")
    assert problems == [] and document.data[0]["title"] == title
