"""Property test: any valid result entries build, appear on their pages and
round-trip unchanged into resultados.json."""

from __future__ import annotations

import json
import shutil

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rendicion.cli import main

from .conftest import project_copy

AREAS = ["procesos-de-dialogo", "es-calidad", "comunicaciones"]
COUNCILS = ["conasav", "coned", "cnscc"]
# Any Unicode text content files may hold: no surrogates, no control characters but newline,
# no invisible line or paragraph separators, no bidirectional overrides (yamlfile.FORBIDDEN_RAW).
REFUSED = "\ufeff\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=REFUSED) | st.just("\n"),
    min_size=1, max_size=200,
).filter(lambda s: s.strip())
LABEL = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=REFUSED),
                min_size=1, max_size=60).filter(lambda s: s.strip())

class QuotedDumper(yaml.SafeDumper):
    """PyYAML writes YAML 1.1: a text such as `1e100` or `0o17` would go out bare and
    come back as a number under YAML 1.2 (how content is read). Texts are always quoted."""


QuotedDumper.add_representer(
    str, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"'))

result = st.fixed_dictionaries(
    {
        "id": st.from_regex(r"2018-h-[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True),
        "title": LABEL,
        "text": TEXT,
        "area": st.sampled_from(AREAS),
    },
    optional={
        "councils": st.lists(st.sampled_from(COUNCILS), unique=True),
        "items": st.lists(TEXT, max_size=3),
        "figures": st.lists(
            st.fixed_dictionaries({
                "value": st.integers(0, 10**12) | st.floats(0, 1e12, allow_nan=False, allow_infinity=False),
                # Three capitals are read as an ISO 4217 code and must be one (measures.py): a valid unit is not.
                "unit": LABEL.filter(lambda u: not (len(u) == 3 and u.isascii() and u.isalpha() and u.isupper())),
                "label": LABEL,
            }),
            max_size=3,
        ),
        "date": st.dates().map(lambda d: d.isoformat()),
    },
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(result, min_size=1, max_size=6, unique_by=lambda r: r["id"]))
def test_random_valid_results_build_appear_and_round_trip(tmp_path_factory, entries):
    root = tmp_path_factory.mktemp("prop")
    project = project_copy(root)
    (project / "content" / "results" / "2018" / "zz.yml").write_text(
        yaml.dump(entries, Dumper=QuotedDumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    site = root / "site"
    assert main(["-f", str(project / "mkdocs.yml"), "build", "-d", str(site)]) == 0
    document = json.loads((site / "datos" / "resultados.json").read_text(encoding="utf-8"))
    published = {r["id"]: r for r in document["results"]}
    for entry in entries:
        got = published[entry["id"]]
        assert (got["title"], got["text"], got["items"]) == (entry["title"], entry["text"], entry.get("items", []))
        assert [f["value"] for f in got["figures"]] == [f["value"] for f in entry.get("figures", [])]
        page = (site / "areas" / entry["area"] / "index.html").read_text(encoding="utf-8")
        assert f'id="{entry["id"]}"' in page
        for council in entry.get("councils", []):
            assert f'id="{entry["id"]}"' in (site / "consejos" / council / "index.html").read_text(encoding="utf-8")
    shutil.rmtree(root)
