"""rendicion/charts.py and the home page's SVG charts: the bars say what the model says."""

from __future__ import annotations

from rendicion.charts import MAX_BAR_PERCENT, MAX_BARS, Bar, Chart, home_charts, top
from rendicion.pages import plan_pages

from .conftest import all_pages


def test_home_charts_count_results_per_area_council_and_plan(content):
    charts = {c.id: c for c in home_charts(content, plan_pages(content))}
    areas = charts["grafico-areas"]
    assert [(b.label, b.value) for b in areas.bars] == [
        (a.short_name, len(content.results_of_area(a.id))) for a in content.areas
    ]
    assert sum(b.value for b in areas.bars) == 103
    assert [b.label for b in charts["grafico-consejos"].bars] == ["CONASAV", "CONED", "CNSCC"]
    assert [b.label for b in charts["grafico-planes"].bars] == ["PESS", "PESE", "Plan El Salvador Sustentable", "ODS"]
    assert areas.description.startswith(
        "Resultados por área. Área de Procesos de Diálogo: 33; ES Calidad – Oficina Administradora del Premio: 29;")


def test_bar_lengths_are_proportional():
    assert Bar("a", "a", 10, "").percent(20) == MAX_BAR_PERCENT / 2
    assert Bar("a", "a", 20, "").percent(20) == MAX_BAR_PERCENT
    assert Bar("a", "a", 0, "").percent(0) == 0


def test_the_svg_and_its_table_show_the_model(site, content):
    soup = all_pages(site.site_dir)["index.html"]
    figure = soup.find("figure", attrs={"aria-labelledby": "grafico-areas-titulo"})
    svg = figure.find("svg")
    assert svg["role"] == "img" and svg.find("title").get_text() == "Resultados por área"
    rows = [(g["data-label"], int(g["data-value"])) for g in svg.select("g.rc-chart__row")]
    assert rows == [(a.short_name, len(content.results_of_area(a.id))) for a in content.areas]
    assert [text.get_text(" ") for text in svg.select("text.rc-chart__label")] == [a.short_name for a in content.areas]
    widths = [float(rect["width"].rstrip("%")) for rect in svg.select("rect.rc-chart__bar")]
    assert max(widths) == MAX_BAR_PERCENT and widths[0] == MAX_BAR_PERCENT  # Procesos de Diálogo: 33, the most
    table = [(tr.td.get_text(), int(tr.find_all("td")[1].get_text())) for tr in figure.select("tbody tr")]
    assert table == [(a.name, len(content.results_of_area(a.id))) for a in content.areas]
    assert figure.select_one("tbody a")["href"] == "areas/procesos-de-dialogo/"


def test_figures_sharing_a_unit_are_charted_together(content):
    from rendicion.charts import MAX_LINE_LENGTH, unit_charts

    charts = {c.title: c for c in unit_charts(content, plan_pages(content))}
    assert "Cifras en horas" in charts and "Cifras en %" not in charts and "Cifras en USD" not in charts
    assert sorted(b.value for b in charts["Cifras en horas"].bars) == [32, 32, 72]
    assert all(len(line) <= MAX_LINE_LENGTH for chart in charts.values() for row in chart.rows for line, _ in row.lines)
    assert all(bar.url.startswith("resultados/2018-") for bar in charts["Cifras en jornadas"].bars)  # each result's page


def test_long_labels_wrap_on_two_lines_at_most():
    from rendicion.charts import label_lines

    assert label_lines("Instituciones públicas participando en el RMP edición 2018") == [
        "Instituciones públicas participando en", "el RMP edición 2018"]
    assert label_lines("talleres") == ["talleres"]
    assert len(label_lines("palabra " * 30)) == 2 and label_lines("palabra " * 30)[1].endswith("…")


def test_big_charts_keep_their_largest_bars_and_say_where_the_rest_are():
    bars = tuple(Bar(f"Área {n}", f"Área número {n}", n, f"areas/a{n}/") for n in range(1, 41))
    chart = top(Chart("grafico-areas", "Resultados por área", "", "resultados", bars), "anos/", "la tabla por año")
    assert [bar.value for bar in chart.bars] == list(range(40, 40 - MAX_BARS, -1))
    assert (chart.hidden, chart.more_url, chart.more_label) == (40 - MAX_BARS, "anos/", "la tabla por año")
    assert chart.description.startswith(f"Resultados por área, los {MAX_BARS} mayores de 40.")
    small = Chart("c", "t", "d", "u", bars[:3])
    assert top(small, "anos/", "la tabla por año") is small
