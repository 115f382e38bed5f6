"""Feeds stay well-formed whatever the content holds (rendicion/feeds.py).

The loader refuses control characters; these tests build content in memory,
past the loader, to check the second line of defence.
"""

from __future__ import annotations

import ast
import json
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree as ET

import feedparser

from rendicion.feeds import atom_feed, feed_text, json_feed
from rendicion.model import Content
from rendicion.pages import plan_pages
from rendicion.publication import Publication

PACKAGE = Path(__file__).resolve().parent.parent / "rendicion"
#: Every C0 and C1 control, DEL, the two XML non-characters and both kinds of lone surrogate.
CONTROLS = "".join(map(chr, range(0x20))) + "\x7f" + "".join(map(chr, range(0x80, 0xA0))) + "\ufffe\uffff\ud800\udfff"
MARKUP = "<script>alert('x')</script> ]]> & \"comillas\" 'simples' <![CDATA[ &amp; &#0;"
HOSTILE = f"Título {CONTROLS} {MARKUP} fin"


def hostile_content(content: Content) -> Content:
    """The real content with every text a feed shows replaced by `HOSTILE`."""
    return replace(
        content,
        site=replace(content.site, institution=replace(content.site.institution, name=HOSTILE)),
        areas=tuple(replace(a, name=HOSTILE, short_name=HOSTILE) for a in content.areas),
        members={**content.members, "councils": tuple(replace(c, acronym=HOSTILE, name=HOSTILE)
                                                      for c in content.members_of("councils"))},
        results=tuple(
            replace(r, title=HOSTILE, text=HOSTILE, items=(HOSTILE, MARKUP),
                    memberships={**r.memberships, "councils": (content.members_of("councils")[0].id,)})
            for r in content.results
        ),
    )


def test_feed_text_drops_exactly_what_xml_forbids():
    kept = "\t\n\r" + "\x7f" + "".join(map(chr, range(0x80, 0xA0))) + "\ufffd\U0001f600" + MARKUP
    assert feed_text(kept) == kept
    assert feed_text(CONTROLS) == "\t\n\r\x7f" + "".join(map(chr, range(0x80, 0xA0)))


def test_feeds_of_hostile_text_parse(content):
    hostile = hostile_content(content)
    plan = plan_pages(hostile)
    expected = feed_text(HOSTILE)
    for publication in (Publication(), Publication("https://example.org/a b/?q=<&>")):
        atom = atom_feed(hostile, plan, publication, hostile.results, "datos/resultados.atom", HOSTILE)
        root = ET.fromstring(atom)
        ns = {"a": "http://www.w3.org/2005/Atom"}
        # XML turns the CR of a text into a line feed when it reads it; nothing else changes.
        assert root.find("a:title", ns).text == expected.replace("\r", "\n")
        assert root.find("a:entry/a:category", ns).get("label") == expected
        parsed = feedparser.parse(atom)
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert len(parsed.entries) == len(hostile.results)
        assert "<script>" in parsed.entries[0].summary and "]]>" in parsed.entries[0].summary

        document = json.loads(json_feed(hostile, plan, publication, hostile.results, "datos/feed.json", HOSTILE))
        assert document["title"] == expected
        assert document["items"][0]["title"] == expected
        assert len(document["items"]) == len(hostile.results)


def test_the_data_path_reads_in_one_direction():
    """exports → downloadparts → feeds, tables, resultsjson → publication: nothing imports back."""
    def imported(module: str) -> set[str]:
        tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
        return {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}

    for module in ("feeds", "tables", "resultsjson", "atomxml"):
        assert imported(module) & {"exports", "downloadparts"} == set(), module
    assert "exports" not in imported("downloadparts")
    assert imported("publication") & {"exports", "downloadparts", "feeds", "tables", "resultsjson"} == set()
