"""Problems in a model, each with file, line, field path and a plain-language message.

A problem is *worded when shown*: it keeps a stable ``code``, its place and its message as
a :class:`~rendement.wording.Text` (a Dutch template and its parameters), and
:attr:`Problem.message` says it in the active language (:mod:`rendement.i18n`). So one
check of a model serves a Dutch and an English reader, the command line, JSON and the web.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import N_, _
from ..wording import Text, worded


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a model file."""

    file: str
    line: int | None  # 1-based; None when the file could not be read at all
    path: str  # e.g. interventions[ouders_lokaal].effects[cjg].price
    text: Text | str  # what is wrong and what is expected; worded when shown
    code: str = "invalid"  # stable key for translations and tests

    @property
    def message(self) -> str:
        """What is wrong, in the active language."""
        return worded(self.text)

    def where(self) -> str:
        """``model.yaml, regel 12`` (the file alone when no line is known)."""
        if not self.line:
            return self.file
        return _("{file}, regel {line}").format(file=self.file, line=self.line)

    def __str__(self) -> str:
        field = f" · {self.path}" if self.path else ""
        return f"{self.where()}{field}: {self.message}"


def header(count: int) -> str:
    """``1 fout in het model`` / ``4 fouten in het model``, in the active language."""
    if count == 1:
        return _("1 fout in het model")
    return str(Text(N_("{count} fouten in het model"), count=count))


class ModelError(Exception):
    """Raised when a model cannot be used; carries every problem found, sorted by line.

    Its text is worded when shown (``str(error)``), in the language active then."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.path))
        super().__init__(self.problems)

    @property
    def header(self) -> str:
        return header(len(self.problems))

    def __str__(self) -> str:
        return self.header + ":\n" + "\n".join(f"- {p}" for p in self.problems)
