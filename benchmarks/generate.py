"""Synthetic `content/` folders in the real content format, of any size.

Everything is deterministic: the same `size` and `seed` always give the same
files. Proportions follow the real SEGOB 2018 content (`content/`): about 45 %
of results relate to a council, 20 % to a plan, 18 % to partners, 25 % carry
figures and about one result in ten has a highlighted figure; three areas in
four use sections. Text is Spanish-like, with accents, figures written the way
the report writes them ("1,555", "107", "$6,300", "75 %") and acronyms from the
glossary, councils, plans and partners.
"""

from __future__ import annotations

import random
import re
import shutil
import unicodedata
from pathlib import Path
from typing import Any

import yaml

YEARS = (2016, 2017, 2018, 2019)
#: About this many results per area page; areas are capped (see `area_count`).
RESULTS_PER_AREA = 50
MIN_AREAS = 6
MAX_AREAS = 200

COUNCILS = [
    ("conasav", "CONASAV", "Consejo Nacional de Sustentabilidad Ambiental y Vulnerabilidad"),
    ("coned", "CONED", "Consejo Nacional de Educación"),
    ("cnscc", "CNSCC", "Consejo Nacional de Seguridad Ciudadana y Convivencia"),
    ("conapina", "CONAPINA", "Consejo Nacional de la Primera Infancia, Niñez y Adolescencia"),
    ("conaipd", "CONAIPD", "Consejo Nacional para la Inclusión de las Personas con Discapacidad"),
    ("cnsan", "CNSAN", "Consejo Nacional de Seguridad Alimentaria y Nutricional"),
    ("conaj", "CONAJ", "Consejo Nacional de la Juventud"),
    ("cndt", "CNDT", "Consejo Nacional de Desarrollo Territorial"),
    ("conasp", "CONASP", "Consejo Nacional de Salud Pública"),
    ("cnam", "CNAM", "Consejo Nacional del Agua y Medio Ambiente"),
]
PLANS = [
    ("pess", "PESS", "Plan El Salvador Seguro"),
    ("pese", "PESE", "Plan El Salvador Educado"),
    ("pes-sustentable", None, "Plan El Salvador Sustentable"),
    ("agenda-2030", "ODS", "Agenda 2030 y Objetivos de Desarrollo Sostenible"),
    ("pqd", "PQD", "Plan Quinquenal de Desarrollo"),
    ("plan-nacional-de-agua", "PNA", "Plan Nacional de Gestión Integrada del Recurso Hídrico"),
    ("plan-de-juventud", None, "Plan de Acción de la Política Nacional de Juventud"),
    ("plan-de-inclusion", "PNI", "Plan Nacional de Inclusión Social"),
]
PARTNERS = [
    ("comures", "COMURES", "Corporación de Municipalidades de la República de El Salvador"),
    ("isdem", "ISDEM", "Instituto Salvadoreño de Desarrollo Municipal"),
    ("nimd", "NIMD", "Instituto Holandés para la Democracia Multipartidaria"),
    ("aecid", "AECID", "Agencia Española de Cooperación Internacional para el Desarrollo"),
    ("usaid", "USAID", "Agencia de los Estados Unidos para el Desarrollo Internacional"),
    ("seteplan", "SETEPLAN", "Secretaría Técnica y de Planificación de la Presidencia"),
    ("pnud", "PNUD", "Programa de las Naciones Unidas para el Desarrollo"),
    ("marn", "MARN", "Ministerio de Medio Ambiente y Recursos Naturales"),
    ("minsal", "MINSAL", "Ministerio de Salud"),
    ("mh", "MH", "Ministerio de Hacienda"),
    ("fisdl", "FISDL", "Fondo de Inversión Social para el Desarrollo Local"),
    ("isbm", "ISBM", "Instituto Salvadoreño de Bienestar Magisterial"),
    ("cnr", "CNR", "Centro Nacional de Registros"),
    ("bcr", "BCR", "Banco Central de Reserva de El Salvador"),
    ("dnm", "DNM", "Dirección Nacional de Medicamentos"),
    ("conamype", "CONAMYPE", "Comisión Nacional de la Micro y Pequeña Empresa"),
    ("unicaes", "UNICAES", "Universidad Católica de El Salvador"),
    ("proesa", "PROESA", "Organismo Promotor de Exportaciones e Inversiones de El Salvador"),
    ("coexport", "COEXPORT", "Corporación de Exportadores de El Salvador"),
    ("instituto-fomento-calidad", None, "Instituto de Fomento a la Calidad (México)"),
]
GLOSSARY = [
    ("SEGOB", "Secretaría de Gobernabilidad"),
    ("GOES", "Gobierno de El Salvador"),
    ("POA", "Plan Operativo Anual"),
    ("SINAMA", "Sistema Nacional de Gestión del Medio Ambiente"),
    ("ARENA", "Alianza Republicana Nacionalista"),
    ("FMLN", "Frente Farabundo Martí para la Liberación Nacional"),
    ("GANA", "Gran Alianza por la Unidad Nacional"),
    ("INFOD", "Instituto Nacional de Formación Docente"),
    ("CMP", "Concejos Municipales Plurales"),
    ("CMPV", "Consejo Municipal de Prevención de la Violencia"),
    ("LCE", "Ley de Contribución Especial"),
    ("LCESC", "Ley de Contribución Especial para la Seguridad Ciudadana y Convivencia"),
    ("LP", "Ley Penitenciaria"),
    ("LPELP", "Ley Especial de Políticas Públicas Educativas de Largo Plazo"),
    ("PSC", "Premio Salvadoreño a la Calidad"),
    ("RMP", "Reconocimiento a las Mejores Prácticas"),
    ("MGE", "Modelo para una Gestión de Excelencia"),
    ("O.E.", "Órgano Ejecutivo"),
    ("V.B.", "Visto bueno"),
    ("ONG", "Organización No Gubernamental"),
    ("PNC", "Policía Nacional Civil"),
    ("MINED", "Ministerio de Educación"),
    ("MJSP", "Ministerio de Justicia y Seguridad Pública"),
    ("TSE", "Tribunal Supremo Electoral"),
    ("CSJ", "Corte Suprema de Justicia"),
    ("PDDH", "Procuraduría para la Defensa de los Derechos Humanos"),
    ("ANDA", "Administración Nacional de Acueductos y Alcantarillados"),
    ("CEL", "Comisión Ejecutiva Hidroeléctrica del Río Lempa"),
    ("OIT", "Organización Internacional del Trabajo"),
    ("UE", "Unión Europea"),
]

TOPICS = [
    "Diálogo Político", "Fortalecimiento Municipal", "Gestión de Calidad", "Monitoreo y Análisis",
    "Asuntos Legales", "Comunicaciones", "Participación Ciudadana", "Prevención de la Violencia",
    "Educación Cívica", "Gestión Territorial", "Cooperación Internacional", "Planificación Estratégica",
    "Transparencia", "Medio Ambiente", "Juventud y Niñez", "Inclusión Social", "Gestión del Riesgo",
    "Innovación Pública", "Descentralización", "Convivencia Ciudadana",
]
SECTION_TITLES = [
    "Gestión institucional", "Coordinación interinstitucional", "Formación y capacitación",
    "Seguimiento de compromisos", "Difusión y sensibilización", "Apoyo técnico a municipios",
    "Mesas de diálogo", "Evaluación de resultados", "Acompañamiento legal", "Otros apoyos",
]
VERBS = [
    "Elaboración", "Gestión", "Coordinación", "Acompañamiento", "Implementación", "Realización",
    "Difusión", "Actualización", "Seguimiento", "Formulación", "Capacitación", "Participación",
    "Presentación", "Sistematización", "Instalación", "Validación",
]
OBJECTS = [
    "análisis de coyuntura", "mesas de diálogo", "talleres de formación", "jornadas de sensibilización",
    "informes técnicos", "planes de acción", "convenios de cooperación", "diagnósticos municipales",
    "campañas de comunicación", "encuentros regionales", "manuales de gestión", "consultas ciudadanas",
    "reuniones de coordinación", "propuestas de reforma", "estrategias de prevención", "foros públicos",
]
PLACES = [
    "San Salvador", "Santa Ana", "San Miguel", "La Libertad", "Sonsonate", "Usulután", "Chalatenango",
    "Ahuachapán", "Cuscatlán", "La Paz", "Cabañas", "Morazán", "San Vicente", "La Unión",
]
FILLERS = [
    "en el marco de los esfuerzos interinstitucionales en materia de gobernabilidad",
    "con participación de gobiernos locales, sociedad civil y academia",
    "para el posicionamiento de temas de interés en coyunturas específicas",
    "a requerimiento del Despacho y de otras instituciones del Órgano Ejecutivo",
    "orientado a la niñez, adolescencia y juventud de los municipios priorizados",
    "según la metodología aprobada y los lineamientos vigentes",
    "con énfasis en la participación de mujeres y la equidad de género",
    "dando cumplimiento a los compromisos adquiridos en el período",
]
UNITS = [
    ("personas", "personas capacitadas"), ("municipios", "municipios atendidos"),
    ("usuarios", "nuevos usuarios en Twitter"), ("talleres", "talleres realizados"),
    ("%", "de avance del plan"), ("USD", "de inversión gestionada"), ("jóvenes", "jóvenes participantes"),
    ("documentos", "documentos elaborados"), ("árboles", "árboles sembrados en el PLANTATÓN"),
]


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Never writes aliases: the project's reader refuses them."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def area_count(size: int) -> int:
    """About `RESULTS_PER_AREA` results per area, between `MIN_AREAS` and `MAX_AREAS` areas."""
    return max(MIN_AREAS, min(MAX_AREAS, round(size / RESULTS_PER_AREA)))


def council_count(size: int) -> int:
    return 3 if size <= 100 else 5 if size <= 1_000 else 8 if size <= 10_000 else 10


def plan_count(size: int) -> int:
    return 4 if size <= 100 else 5 if size <= 1_000 else 6 if size <= 10_000 else 8


def _dump(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def _number_text(rng: random.Random) -> tuple[str, float | int, str, str]:
    """A figure as the report writes it in text, its value, unit and label."""
    unit, label = rng.choice(UNITS)
    if unit == "%":
        value = rng.randint(5, 100)
        return f"{value} %", value, unit, label
    if unit == "USD":
        value = rng.randint(1, 900) * 100
        return f"${value:,}", value, unit, label
    value = rng.choice([rng.randint(2, 150), rng.randint(150, 9_999), 107, 1_555])
    return f"{value:,}", value, unit, label


def _acronyms(rng: random.Random, pool: list[str], n: int) -> list[str]:
    return [rng.choice(pool) for _ in range(n)]


def generate_content(root: Path, size: int, seed: int = 2018) -> dict[str, int]:
    """Write a valid `content/` folder with `size` results into `root`; return its counts."""
    rng = random.Random(seed * 1_000_003 + size)
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    n_areas, n_councils, n_plans = area_count(size), council_count(size), plan_count(size)

    _dump(root / "site.yml", {
        "institution": {"name": "Secretaría de Gobernabilidad", "acronym": "SEGOB",
                        "parent": "Gobierno de El Salvador", "country": "El Salvador"},
        "report": {"title": "Plan Operativo Anual – Principales resultados alcanzados 2016–2019",
                   "short_title": "Principales resultados 2016–2019", "period": "2016–2019"},
        "language": "es",
        "description": "Contenido sintético para medir el rendimiento del generador.",
        # SEGOB's two groupings, declared as content/site.yml declares them.
        "groupings": [
            {"id": "councils", "path": "consejos", "name": "Consejos Nacionales de Diálogo",
             "short_name": "Consejos Nacionales", "singular": "consejo nacional", "plural": "consejos nacionales",
             "short_singular": "consejo", "short_plural": "consejos", "gender": "masculino",
             "member_label": "acronym", "area": True},
            {"id": "plans", "path": "planes", "name": "Planes nacionales", "singular": "plan nacional",
             "plural": "planes nacionales", "short_singular": "plan", "short_plural": "planes",
             "gender": "masculino", "member_label": "name", "within": "councils"},
        ],
    })

    areas = []
    for index in range(n_areas):
        topic = TOPICS[index % len(TOPICS)]
        round_ = index // len(TOPICS)
        short = topic if round_ == 0 else f"{topic} {round_ + 1}"
        area_id = slug(short)
        area: dict[str, Any] = {"id": area_id, "order": index + 1, "name": f"Área de {short}", "short_name": short}
        if rng.random() < 0.3:
            area["program"] = f"Programa de Apoyo a la {topic}"
        if rng.random() < 0.5:
            area["summary"] = f"Coordina las acciones de {topic.lower()} de la SEGOB en {rng.choice(PLACES)}."
        if rng.random() < 0.75:
            titles = rng.sample(SECTION_TITLES, rng.randint(3, 6))
            area["sections"] = [
                {"id": slug(t), "title": f"{chr(65 + i)}. {t}", **({"lead": f"Acciones de {t.lower()}."}
                                                                    if rng.random() < 0.3 else {})}
                for i, t in enumerate(titles)
            ]
        areas.append(area)
        _dump(root / "areas" / f"{area_id}.yml", area)

    councils = []
    for index, (council_id, acronym, name) in enumerate(COUNCILS[:n_councils]):
        council = {"id": council_id, "order": index + 1, "acronym": acronym, "name": name,
                   "area": areas[index % len(areas)]["id"]}
        if rng.random() < 0.5:
            council["summary"] = f"El {acronym} reúne a instituciones públicas, sociedad civil y academia."
        councils.append(council)
        _dump(root / "councils" / f"{council_id}.yml", council)

    plans = []
    for index, (plan_id, acronym, name) in enumerate(PLANS[:n_plans]):
        plan: dict[str, Any] = {"id": plan_id, "order": index + 1, "name": name}
        if acronym:
            plan["acronym"] = acronym
        if index < len(councils) and rng.random() < 0.75:
            plan["council"] = councils[index]["id"]
        plans.append(plan)
        _dump(root / "plans" / f"{plan_id}.yml", plan)

    partners = []
    for partner_id, acronym, name in PARTNERS:
        partner = {"id": partner_id, "name": name}
        if acronym:
            partner["acronym"] = acronym
        if rng.random() < 0.3:
            partner["url"] = f"https://www.{partner_id}.gob.sv/"
        partners.append(partner)
    _dump(root / "partners.yml", partners)
    _dump(root / "glossary.yml", [{"term": t, "expansion": e} for t, e in GLOSSARY])

    acronym_pool = [t for t, _ in GLOSSARY] + [c["acronym"] for c in councils] + [
        p["acronym"] for p in partners if "acronym" in p]

    # Results: spread evenly over areas and years, in file order.
    files: dict[tuple[int, str], list[dict[str, Any]]] = {}
    for number in range(size):
        area = areas[number % len(areas)]
        year = YEARS[(number // len(areas)) % len(YEARS)]
        verb, obj, place = rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(PLACES)
        shown, value, unit, label = _number_text(rng)
        acr = _acronyms(rng, acronym_pool, rng.randint(0, 3))
        title = f"{verb} de {shown} {obj} en {place}"
        sentences = [f"{verb} de {shown} {obj} con la {acr[0] if acr else 'SEGOB'} en {place}, "
                     f"{rng.choice(FILLERS)}."]
        for extra in range(rng.randint(0, 2)):
            more = f" ({', '.join(acr[1:])})" if extra == 0 and len(acr) > 1 else ""
            sentences.append(f"Se atendieron {rng.randint(2, 1_500):,} personas de {rng.randint(1, 262)} "
                             f"municipios{more}, {rng.choice(FILLERS)}.")
        result: dict[str, Any] = {
            "id": f"{year}-{area['id'][:40].rstrip('-')}-{number:06d}",
            "title": title,
            "text": " ".join(sentences),
            "area": area["id"],
        }
        if area.get("sections") and rng.random() < 0.8:
            result["section"] = rng.choice(area["sections"])["id"]
        if rng.random() < 0.45:
            result["councils"] = [c["id"] for c in rng.sample(councils, rng.choice([1, 1, 1, 2]))]
        if rng.random() < 0.2:
            result["plans"] = [p["id"] for p in rng.sample(plans, rng.choice([1, 1, 2]))]
        if rng.random() < 0.18:
            result["partners"] = [p["id"] for p in rng.sample(partners, rng.randint(1, 3))]
        if rng.random() < 0.25:
            figures = [{"value": value, "unit": unit, "label": label}]
            if rng.random() < 0.4:
                figures[0]["highlight"] = True
            if rng.random() < 0.3:
                _, value2, unit2, label2 = _number_text(rng)
                figures.append({"value": value2, "unit": unit2, "label": label2})
            result["figures"] = figures
        if rng.random() < 0.03:
            result["items"] = [f"{rng.choice(OBJECTS).capitalize()} en {rng.choice(PLACES)}" for _ in range(3)]
        if rng.random() < 0.05:
            result["date"] = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        if rng.random() < 0.05:
            result["sources"] = [{"title": "Comunicado de prensa",
                                  "url": f"https://www.segob.gob.sv/comunicados/{number}"}]
        files.setdefault((year, area["id"]), []).append(result)

    for (year, area_id), results in files.items():
        _dump(root / "results" / str(year) / f"{area_id}.yml", results)

    return {"results": size, "areas": n_areas, "councils": n_councils, "plans": n_plans,
            "partners": len(partners), "glossary": len(GLOSSARY), "years": len(YEARS),
            "result_files": len(files)}
