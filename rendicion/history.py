"""The public record of changes: what each result said when, from the git history of `content/`.

`load_history(content_dir, content)` reads the history once per build:

1. `git rev-parse` says whether `content/` is in a git checkout (a tarball is
   not: then `History.available` is False and the site says so) and whether
   the checkout is shallow (a CI clone of depth 1 holds one commit: every
   result would look published that day, so it counts as no history either);
2. one `git log --first-parent -m --name-status` lists, oldest first, the
   commits that touched `results/**.yml` and which of those files each changed
   (merges count once, on the main line, on the day they were merged);
3. one `git cat-file --batch` process reads those files at those commits, and
   each is parsed with the project's safe YAML reader (`yamlfile.parse_yaml`).
   A file broken at some commit is skipped there (its previous state stays),
   never a crash.

Work is linear in (commits × files changed per commit): only changed files
are read. Results are matched by `id` (a result may move between files).
Dates are commit dates (`%cs`), a fact of the repository, never the clock.

Uncommitted edits are ignored: the record is what was published. A result
that is in no commit yet has no «publicado» change; its first-published date
is the content's date (`site.updated`, else the last commit of `content/`).
Notes the team writes in a result's `updates:` join the record as kind "nota",
dated as written (their dates are not compared with today: a build never reads
the clock, so the same content always gives the same site).

`Change` keeps raw values (status keys, numbers as written, ISO dates): the
templates and `feeds.py` format them for people.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .contentfiles import YAML_SUFFIXES
from .dates import last_change
from .gitlog import git_output
from .model import Content
from .yamlfile import parse_yaml

#: Every kind of change, in the order a result's fields are compared.
KINDS = ("publicado", "estado", "avance", "cifras", "titulo", "texto", "fecha", "otro", "nota", "retirado")
#: Fields with a kind of their own (the rest are «otro»); `items` are text too.
_OWN_KIND = {"status": "estado", "progress": "avance", "title": "titulo", "text": "texto", "items": "texto",
             "date": "fecha"}
#: Never compared: the key itself, notes (they come from the current content), the figures (compared by label).
_SKIPPED = {"id", "updates", "figures"}
#: The year folder a result sits in, compared as if it were a field.
YEAR = "year"
#: What a figure carries besides its value, each compared as its own «cifras» change.
_FIGURE_AMOUNTS = ("target", "baseline")


@dataclass(frozen=True)
class Change:
    """One dated change of one result. `old`/`new` are raw values as text (None: absent)."""

    result_id: str
    date: datetime.date
    kind: str  # one of KINDS
    field: str | None = None  # the YAML key; for «cifras», the figure's label
    old: str | None = None
    new: str | None = None
    #: «nota»: the note's text; «cifras»: None for the value, "target" or "baseline"; «otro» of figures: the label.
    note: str | None = None
    commit: str | None = None
    #: «cifras»: the figure's unit, so its values are written as the card writes them.
    unit: str | None = None


class History:
    """Every change of every result, oldest first, with lookups by result."""

    def __init__(self, available: bool, changes: list[Change] | tuple[Change, ...] = (),
                 content_date: datetime.date | None = None, titles: dict[str, str] | None = None,
                 current: frozenset[str] = frozenset()) -> None:
        self.available = available
        # Stable by date: changes of one commit keep their order, notes follow the commits of their day.
        self.changes: tuple[Change, ...] = tuple(sorted(changes, key=lambda c: c.date))
        self.content_date = content_date
        self._titles = titles or {}
        self._current = current
        by_result: dict[str, list[Change]] = defaultdict(list)
        for change in self.changes:
            by_result[change.result_id].append(change)
        self._by_result = {key: tuple(found) for key, found in by_result.items()}
        # Newest day first; a day's changes in the order they were made (sorted once: feeds ask per area).
        self._newest = sorted(self.changes, key=lambda c: -c.date.toordinal())

    @classmethod
    def unavailable(cls, content: Content | None = None) -> History:
        """No git history (a tarball, no git, a shallow clone): only the content's own notes."""
        return cls(False, _notes(content) if content else ())

    def changes_of(self, result_id: str) -> tuple[Change, ...]:
        """The result's changes, oldest first (its notes included)."""
        return self._by_result.get(result_id, ())

    def first_published(self, result_id: str) -> datetime.date | None:
        """When the result was first published (None without history)."""
        if not self.available:
            return None
        for change in self.changes_of(result_id):
            if change.kind == "publicado":
                return change.date
        return self.content_date if result_id in self._current else None

    def last_changed(self, result_id: str) -> datetime.date | None:
        """The date of the result's latest change after its publication (None if none)."""
        dates = [c.date for c in self.changes_of(result_id) if c.kind != "publicado"]
        return max(dates) if dates else None

    def latest(self, limit: int | None = None) -> list[Change]:
        """The newest changes first (a day's changes in the order they were made), at most `limit`."""
        return list(self._newest if limit is None else self._newest[:limit])

    def title_of(self, result_id: str) -> str | None:
        """The result's last published title (also for a result since removed)."""
        return self._titles.get(result_id)

    def is_current(self, result_id: str) -> bool:
        """Whether the result is in the content being built (removed ones have no page)."""
        return result_id in self._current


def load_history(content_dir: Path, content: Content) -> History:
    """The history of `content_dir`'s results, or an unavailable one (see the module's docstring)."""
    repository = _git_prefix(content_dir)
    if repository is None:
        return History.unavailable(content)
    prefix, head = repository
    key = str(content_dir.resolve())
    replayed = _REPLAYED.get(key)
    if replayed is None or replayed[0] != head:
        commits = _commits(content_dir)
        requests = [(sha, path) for sha, _, files in commits or () for path, deleted in files if not deleted]
        texts = _read_blobs(content_dir, [f"{sha}:{prefix}{path}" for sha, path in requests])
        if not commits or texts is None:
            return History.unavailable(content)
        changes, titles = _replay(commits, dict(zip(requests, texts)))
        replayed = (head, changes, titles, last_change(content_dir))
        _REPLAYED.clear()  # one project per process is the rule: keep the memory of one
        _REPLAYED[key] = replayed
    _, changes, titles, last_commit = replayed
    titles = {**titles, **{result.id: result.title for result in content.results}}
    return History(True, changes + _notes(content), content.site.updated or last_commit, titles,
                   frozenset(r.id for r in content.results))


#: The last history replayed, by content folder: (HEAD, changes, titles, last commit's day).
#: `mkdocs serve` rebuilds on every edit; the commits only change with HEAD, so they are
#: replayed again only then (uncommitted edits are not part of the record anyway).
_REPLAYED: dict[str, tuple[str, list[Change], dict[str, str], datetime.date | None]] = {}


# -- git --------------------------------------------------------------------------

#: A commit: its sha, its date, and the result files it changed as (path, deleted).
Commit = tuple[str, datetime.date, list[tuple[str, bool]]]


def _git_prefix(content_dir: Path) -> tuple[str, str] | None:
    """`content_dir`'s path inside its repository («content/») and the sha of HEAD; None when
    there is no repository, no commit yet, or a shallow clone."""
    if not content_dir.is_dir():
        return None
    out = git_output(content_dir, "rev-parse", "--is-shallow-repository", "--show-prefix", "HEAD")
    if out is None:
        return None
    lines = out.decode("utf-8", "replace").split("\n")
    if len(lines) < 3 or lines[0].strip() != "false":
        return None
    return lines[1], lines[2].strip()


def _commits(content_dir: Path) -> list[Commit] | None:
    """The commits that changed results files under `content_dir`, oldest first."""
    out = git_output(content_dir, "log", "--first-parent", "-m", "--reverse", "--no-renames", "--relative",
               "--no-color", "--format=%x01%H %cs", "--name-status", "--", ".")
    if out is None:
        return None
    commits: list[Commit] = []
    for block in out.decode("utf-8", "replace").split("\x01")[1:]:
        head, _, body = block.partition("\n")
        sha, _, day = head.partition(" ")
        try:
            date = datetime.date.fromisoformat(day.strip())
        except ValueError:
            continue
        files = []
        for line in body.splitlines():
            status, _, path = line.partition("\t")
            if path and _is_results_file(path):
                files.append((path, status.startswith("D")))
        if files:
            commits.append((sha, date, files))
    return commits


def _is_results_file(path: str) -> bool:
    parts = path.split("/")
    return len(parts) == 3 and parts[0] == "results" and parts[1].isdigit() and path.endswith(YAML_SUFFIXES)


def _read_blobs(content_dir: Path, names: list[str]) -> list[str | None] | None:
    """The text of each `sha:path` (None for one git cannot give), from one `cat-file --batch`."""
    if not names:
        return []
    out = git_output(content_dir, "cat-file", "--batch", stdin="".join(f"{n}\n" for n in names).encode("utf-8"))
    if out is None:
        return None
    texts: list[str | None] = []
    at = 0
    for _ in names:
        end = out.find(b"\n", at)
        if end < 0:
            return None
        header = out[at:end].split()
        at = end + 1
        if len(header) != 3 or header[1] != b"blob":
            texts.append(None)  # «missing», or a submodule
            continue
        size = int(header[2])
        texts.append(out[at:at + size].decode("utf-8", "replace"))
        at += size + 1
    return texts


# -- replaying the history -----------------------------------------------------------


def _replay(commits: list[Commit], blobs: dict[tuple[str, str], str | None]) -> tuple[list[Change], dict[str, str]]:
    """Every change the commits made, in order, and each result's last title."""
    files: dict[str, dict[str, dict[str, Any]]] = {}  # path -> id -> the result's data
    #: id -> the files that hold it, the most recently changed first (two only while an id is duplicated).
    holders: dict[str, list[str]] = defaultdict(list)
    changes: list[Change] = []
    titles: dict[str, str] = {}
    #: Results that vanished in a commit where some results file did not parse (moved into
    #: it, maybe): not «retirado» until a commit where every changed file parses says so.
    limbo: dict[str, dict[str, Any]] = {}

    def value(key: str) -> dict[str, Any] | None:
        return files[holders[key][0]][key] if holders.get(key) else limbo.get(key)

    for sha, date, changed in commits:
        states = {}
        broken = False
        for path, deleted in changed:
            state = {} if deleted else _parse(path, blobs.get((sha, path)))
            if state is not None:  # None: broken at this commit, its last good state stands
                states[path] = state
            broken = broken or state is None
        keys = list(dict.fromkeys(k for path, state in states.items() for k in (*files.get(path, {}), *state)))
        if not broken:
            keys = list(dict.fromkeys([*keys, *limbo]))
        before = {key: value(key) for key in keys}
        for path, state in states.items():
            for key in files.get(path, {}):
                holders[key].remove(path)
            for key in state:
                holders[key].insert(0, path)
            files[path] = state
        if not broken:
            limbo.clear()  # a sound commit: what is still missing was removed
        for key in keys:
            new = value(key)
            if new is None and before[key] is not None and broken:
                limbo[key] = before[key]
                continue
            changes += _compare(key, before[key], new, date, sha)
            if new is not None and isinstance(new.get("title"), str):
                titles[key] = new["title"]
    return changes, titles


def _parse(path: str, text: str | None) -> dict[str, dict[str, Any]] | None:
    """The results a file held (id -> data, with its year folder), or None when it does not parse."""
    if text is None:
        return None
    try:
        document, problems = parse_yaml(text, path)
    except Exception:  # noqa: BLE001 - a broken old state must never stop the build
        return None
    if document is None or problems or not isinstance(document.data, (list, type(None))):
        return None
    year = path.split("/")[1]
    found = {}
    for item in document.data or []:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            found[item["id"]] = {**item, YEAR: year}
    return found


def _compare(key: str, old: dict[str, Any] | None, new: dict[str, Any] | None, date: datetime.date,
             sha: str) -> list[Change]:
    """What changed from `old` to `new` (None: absent), as changes dated `date`."""
    if old is None and new is None:
        return []
    if old is None:
        return [Change(key, date, "publicado", "title", None, _text(new.get("title")), commit=sha)]
    if new is None:
        return [Change(key, date, "retirado", "title", _text(old.get("title")), None, commit=sha)]
    changes = []
    fields = [f for f in dict.fromkeys([*_OWN_KIND, *old, *new]) if f not in _SKIPPED]
    for field in fields:
        before, after = _text(old.get(field)), _text(new.get(field))
        if before != after:
            changes.append(Change(key, date, _OWN_KIND.get(field, "otro"), field, before, after, commit=sha))
        if field == "text":  # figures are shown after the text, as on the card
            changes += _figure_changes(key, old.get("figures"), new.get("figures"), date, sha)
    return changes


def _figure_changes(key: str, old: Any, new: Any, date: datetime.date, sha: str) -> list[Change]:
    """Figures matched by label: a value, target or baseline that changed, a figure added or removed."""
    before, after = _by_label(old), _by_label(new)
    changes = []
    for label in dict.fromkeys([*before, *after]):
        was, now = before.get(label, {}), after.get(label, {})
        unit = _text(now.get("unit") or was.get("unit"))
        for amount, note in (("value", None), *((a, a) for a in _FIGURE_AMOUNTS)):
            if _text(was.get(amount)) != _text(now.get(amount)):
                changes.append(Change(key, date, "cifras", label, _text(was.get(amount)), _text(now.get(amount)),
                                      note, sha, unit))
        for other in ("unit",):  # `highlight` only chooses what the home page shows: not news
            if was and now and _text(was.get(other)) != _text(now.get(other)):
                changes.append(Change(key, date, "otro", f"figures.{other}", _text(was.get(other)),
                                      _text(now.get(other)), label, sha))
    return changes


def _by_label(figures: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(figures, list):
        return {}
    return {f["label"]: f for f in figures if isinstance(f, dict) and isinstance(f.get("label"), str)}


def _text(value: Any) -> str | None:
    """A raw value as text: strings as written, numbers as Python writes them, lists one per line."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n".join(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))


def _notes(content: Content) -> list[Change]:
    """The notes of the current content's results (`updates:`), as «nota» changes."""
    return [Change(r.id, u.date, "nota", None, None, None, u.text) for r in content.results for u in r.updates]
