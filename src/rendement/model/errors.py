"""Problems in a model, each with file, line, field path and a plain-language message."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a model file."""

    file: str
    line: int | None  # 1-based; None when the file could not be read at all
    path: str  # e.g. interventions[ouders_lokaal].effects[cjg].price
    message: str  # what is wrong and what is expected, in Dutch
    code: str = "invalid"  # stable key for translations and tests

    def __str__(self) -> str:
        where = f"{self.file}, regel {self.line}" if self.line else self.file
        field = f" · {self.path}" if self.path else ""
        return f"{where}{field}: {self.message}"


class ModelError(Exception):
    """Raised when a model cannot be used; carries every problem found, sorted by line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.path))
        count = len(self.problems)
        header = "1 fout in het model" if count == 1 else f"{count} fouten in het model"
        super().__init__(header + ":\n" + "\n".join(f"- {p}" for p in self.problems))
