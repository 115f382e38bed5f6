"""Content problems, reported the way editors can act on them.

Every problem names the file, the line and column, the field, what is wrong
and what was expected, so a message reads like a compiler's:

    content/results/2018/comunicaciones.yml:12:5: councils[0] (2018-x): ...
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in `content/`."""

    file: str
    line: int
    column: int
    field: str
    message: str
    #: The id of the entry the problem is in, when it has one: helps find it.
    entry: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        field = self.field or "(documento)"
        entry = f" [{self.entry}]" if self.entry else ""
        return f"{where}: {field}{entry}: {self.message}"


class ContentError(Exception):
    """Raised when `content/` cannot be published as it is; lists every problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        noun = "problema" if count == 1 else "problemas"
        lines = [f"El contenido tiene {count} {noun}; no se publicó nada:"]
        lines += [f"  {problem}" for problem in self.problems]
        return "\n".join(lines)
