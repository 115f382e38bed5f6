"""The record of changes as readers meet it: result cards, «Novedades», the feeds.

The site is built from a project committed on known days (`test_history.history_repo`):
what each card, the «Novedades» page and both feeds say must match those
days and values. A copy without `.git` (a tarball) must build and say that the
record is not available.
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .conftest import BuildRun, CONTENT, check_edited, mkdocs_build, project_copy, serve_directory
from .hostile import check_site
from .test_history import (FIGURE_ID, NEW_ID, REMOVED_ID, STATUS_ID, TEXT_ID, history_repo)

ATOM = "{http://www.w3.org/2005/Atom}"
UNAVAILABLE = "El historial de cambios no está disponible para esta copia del sitio (se publicó sin su historial de git)."


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = project_copy(tmp_path_factory.mktemp("history"))
    history_repo(project)
    return project


@pytest.fixture(scope="module")
def site(project: Path) -> BuildRun:
    run = mkdocs_build(project / "mkdocs.yml", project.parent / "site")
    assert run.returncode == 0, run.output
    return run


def text(element) -> str:
    return " ".join(element.get_text().split())


def atom_entries(site: BuildRun, path: str = "datos/resultados.atom") -> list[ET.Element]:
    return ET.parse(site.site_dir / path).getroot().findall(f"{ATOM}entry")


def test_cards_show_when_a_result_was_published_and_what_changed(site: BuildRun) -> None:
    card = site.card("procesos-de-dialogo", STATUS_ID)
    dates = card.find(class_="rc-history__dates")
    assert text(dates) == "Publicado en este sitio el 3 de marzo de 2018 · Actualizado el 11 de abril de 2018"
    details = card.find("details", class_="rc-history")
    assert text(details.summary) == "Historial de cambios (3)"
    entries = [text(li) for li in details.find_all("li")]
    assert entries == [
        "10 de abril de 2018: Cambió el estado: antes: En curso → ahora: Cumplido",
        "10 de abril de 2018: Cambió el avance: antes: 40 % → ahora: 100 %",
        "11 de abril de 2018: Nota: Se firmó el acta final <b>hoy</b>.",
    ]
    status = details.find("li")
    assert text(status.find("del")) == "antes: En curso" and text(status.find("ins")) == "ahora: Cumplido"
    assert details.find("li", class_="rc-change--nota").find("strong").get_text() == "final"  # rich text

    figure = site.card("comunicaciones", FIGURE_ID).find("details", class_="rc-history")
    assert text(figure.find("li")) == ("5 de junio de 2018: Cambió la cifra «nuevos usuarios en Twitter»: "
                                       "antes: 1,555 → ahora: 1,565")
    correction = site.card("monitoreo-y-analisis", TEXT_ID).find("details", class_="rc-history")
    removed = [text(d) for d in correction.find_all("del")]
    added = [text(i) for i in correction.find_all("ins")]
    assert removed == ["antes: <x-inj", "antes: diario {{ 7*191919 }}"]
    assert added == ["ahora: </script><x-inj", "ahora: semanal {% raw %}"]
    assert text(correction.find("li")).startswith("15 de mayo de 2018: Corrección del texto: Generado el monitoreo")
    # A result that never changed shows its publication only, and no empty history.
    quiet = site.card("procesos-de-dialogo", "2018-consejos-informe-logros")
    assert text(quiet.find(class_="rc-history__dates")) == "Publicado en este sitio el 3 de marzo de 2018"
    assert quiet.find("details", class_="rc-history") is None


def test_novedades_lists_the_changes_newest_first_by_day(site: BuildRun) -> None:
    page = site.html("novedades/")
    body = page.find("article")
    days = [h2.time["datetime"] for h2 in body.find_all("h2")]
    assert days == ["2018-07-01", "2018-06-05", "2018-05-15", "2018-04-11", "2018-04-10", "2018-03-03"]
    first = [text(li) for li in body.find("h2").find_next("ul").find_all("li", recursive=False)]
    assert first == ["Nuevo boletín · Nuevo resultado",
                     "Informes al Subsecretario y a otros colegas de área · Resultado retirado"]
    links = body.find("h2").find_next("ul").find_all("a")
    assert [a["href"] for a in links] == [f"../resultados/{NEW_ID}/"]  # a removed result has no page
    assert len(body.find_all("li", class_="rc-change--publicado")) == 104  # all but the capped ones
    # In the navigation and linked from the home page.
    home = site.html("")
    assert "Novedades" in [text(a) for a in home.find_all("a", class_="md-nav__link", href="novedades/")]
    links = [text(a) for a in home.find("article").find_all("a", href="novedades/")]
    assert links == ["Novedades: lo último que cambió", "Novedades"]  # near the top, and among the ways in


def test_feeds_carry_one_entry_per_change_dated_by_it(site: BuildRun) -> None:
    entries = atom_entries(site)
    by_title = {e.findtext(f"{ATOM}title"): e for e in entries}
    status = by_title["Cambió el estado: Alineación del PESS, PESE y Plan El Salvador Sustentable con los ODS"]
    assert status.findtext(f"{ATOM}updated") == "2018-04-10T00:00:00Z"
    assert status.findtext(f"{ATOM}published") == "2018-04-10T00:00:00Z"
    assert status.findtext(f"{ATOM}summary") == "Cambió el estado: En curso → Cumplido"
    assert status.find(f"{ATOM}link").get("href").endswith(f"resultados/{STATUS_ID}/")
    correction = by_title["Corrección del texto: Monitoreo diario remitido al Subsecretario y colegas de la SEGOB"]
    assert correction.findtext(f"{ATOM}updated") == "2018-05-15T00:00:00Z"
    assert "Ahora: Generado el monitoreo </script><x-inj data-inj=1> semanal" in correction.findtext(f"{ATOM}summary")
    assert by_title["Nuevo resultado: Nuevo boletín"].findtext(f"{ATOM}updated") == "2018-07-01T00:00:00Z"
    assert "Resultado retirado: Informes al Subsecretario y a otros colegas de área" in by_title
    assert by_title["Cambió la cifra «nuevos usuarios en Twitter»: Incremento en la interacción y el número de "
                    "usuarios que siguen las cuentas de SEGOB"].findtext(f"{ATOM}updated") == "2018-06-05T00:00:00Z"
    assert [e.findtext(f"{ATOM}updated") for e in entries][:3] == ["2018-07-01T00:00:00Z"] * 2 + ["2018-06-05T00:00:00Z"]
    root = ET.parse(site.site_dir / "datos/resultados.atom").getroot()
    assert root.findtext(f"{ATOM}updated") == "2018-07-01T00:00:00Z"

    feed = json.loads((site.site_dir / "datos/feed.json").read_text(encoding="utf-8"))
    items = {item["title"]: item for item in feed["items"]}
    item = items["Cambió el estado: Alineación del PESS, PESE y Plan El Salvador Sustentable con los ODS"]
    assert item["date_published"] == item["date_modified"] == "2018-04-10T00:00:00Z"
    assert [i["id"] for i in feed["items"]] == [e.findtext(f"{ATOM}id") for e in entries]
    assert len({i["id"] for i in feed["items"]}) == len(feed["items"])

    # Notes are open data too.
    document = json.loads((site.site_dir / "datos/resultados.json").read_text(encoding="utf-8"))
    noted = next(r for r in document["results"] if r["id"] == STATUS_ID)
    assert noted["updates"] == [{"date": "2018-04-11", "text": "Se firmó el acta **final** <b>hoy</b>."}]

    # The area's own feed carries its results' changes.
    area = {e.findtext(f"{ATOM}title") for e in atom_entries(site, "datos/areas/comunicaciones.atom")}
    assert "Nuevo resultado: Nuevo boletín" in area and not any("Alineación" in t for t in area)


def test_entry_ids_are_the_same_in_another_build(site: BuildRun, project: Path) -> None:
    again = mkdocs_build(project / "mkdocs.yml", project.parent / "site-again")
    assert again.returncode == 0, again.output
    assert [e.findtext(f"{ATOM}id") for e in atom_entries(again)] == [e.findtext(f"{ATOM}id") for e in atom_entries(site)]
    assert (again.site_dir / "datos/feed.json").read_bytes() == (site.site_dir / "datos/feed.json").read_bytes()


def test_hostile_texts_in_old_and_new_values_stay_text(site: BuildRun) -> None:
    assert check_site(site.site_dir) == []


def test_the_data_page_says_what_a_feed_entry_is(site: BuildRun) -> None:
    assert "Cada cambio es una entrada" in text(site.html("datos/").find("article"))


def test_a_copy_without_git_builds_and_says_the_record_is_missing(project: Path, tmp_path: Path) -> None:
    copy = tmp_path / "tarball"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".git"))
    run = mkdocs_build(copy / "mkdocs.yml", copy / "site")
    assert run.returncode == 0, run.output
    assert UNAVAILABLE in text(run.html("novedades/").find("article"))
    card = run.card("procesos-de-dialogo", STATUS_ID)
    # No publication date without git; the note's date is content, so it still shows.
    assert text(card.find(class_="rc-history__dates")) == "Actualizado el 11 de abril de 2018"
    assert text(card.find("details", class_="rc-history").summary) == "Historial de cambios (1)"  # the note
    entries = atom_entries(run)
    assert len(entries) == 103 and not [e for e in entries if e.find(f"{ATOM}published") is not None]
    assert "Alineación del PESS, PESE y Plan El Salvador Sustentable con los ODS" in {
        e.findtext(f"{ATOM}title") for e in entries}
    assert "el último día de su año" in text(run.html("datos/").find("article"))


def test_bad_updates_get_spanish_errors_with_their_place(tmp_path: Path) -> None:
    def edit(content: Path) -> None:
        path = content / "results/2018/comunicaciones.yml"
        path.write_text(path.read_text(encoding="utf-8").replace(
            "  area: comunicaciones\n  figures:",
            "  area: comunicaciones\n  updates:\n    - {date: 2018-13-01, text: Nota}\n    - {date: 2018-01-02}\n"
            "    - texto suelto\n  figures:", 1), encoding="utf-8")

    code, output = check_edited(tmp_path, CONTENT, edit)
    assert code == 1
    lines = output.splitlines()

    def said(place: str, message: str) -> bool:
        return any(place in line and message in line for line in lines)

    assert said("comunicaciones.yml:20:", "«2018-13-01» no es una fecha válida") and said(":20:", "updates[0].date")
    assert said("comunicaciones.yml:21:", "falta el campo obligatorio «text»")
    assert said("comunicaciones.yml:22:", "updates[2]")
    assert said("comunicaciones.yml:22:", "se esperaba un mapa de campos")


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_record_is_accessible_and_unfolds(site: BuildRun, new_page, scheme: str) -> None:
    """axe-core on «Novedades» and on a card with its history unfolded: no serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    with serve_directory(site.site_dir) as url:
        page = new_page(color_scheme=scheme)
        page.goto(url + "novedades/")
        violations = [v for v in axe.run(page).response["violations"] if v["impact"] in ("serious", "critical")]
        assert violations == [], violations
        page.goto(url + f"areas/procesos-de-dialogo/#{STATUS_ID}")
        card = page.locator(f'article:has([id="{STATUS_ID}"])')
        assert not card.locator(".rc-changes").is_visible()
        card.locator("details.rc-history summary").click()
        assert card.locator(".rc-changes li").first.is_visible()
        assert "ahora: Cumplido" in card.locator(".rc-changes").inner_text()
        violations = [v for v in axe.run(page).response["violations"] if v["impact"] in ("serious", "critical")]
        assert violations == [], violations
