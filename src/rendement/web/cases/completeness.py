"""When a case is complete: what the loader needs, and what a result needs besides.

The loader accepts a case with one intervention and nothing else, and the engine computes
its zeroes; a newcomer then reads "compleet" and downloads an empty report. A result
needs at least one intervention, and each intervention an effect line (what it saves)
and an investment (what it costs): until then the case is a to-do, in words.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...i18n import _
from ...model import LoadedModel


@dataclass(frozen=True)
class Missing:
    """One thing a result still needs: ``kind`` (intervention, effect, investment), the
    intervention it belongs to (empty for the case) and the to-do in words."""

    kind: str
    intervention: str
    text: str


def missing(model: LoadedModel | None) -> list[Missing]:
    """What the loaded case still lacks for a result (empty when complete); a case the
    loader refuses has its own to-dos and nothing is added."""
    if model is None:
        return []
    interventions = model.case.interventions
    if not interventions:
        return [Missing("intervention", "", _("Voeg een interventie toe: wat wordt er gedaan?"))]
    out: list[Missing] = []
    for item in interventions:
        if not item.effects:
            text = _("{name}: voeg een effectregel toe (wat de interventie bespaart).")
            out.append(Missing("effect", item.name, text.format(name=item.name)))
        if not item.investments:
            text = _("{name}: voeg een investering toe (wat de interventie kost).")
            out.append(Missing("investment", item.name, text.format(name=item.name)))
    return out


def reason(lacking: list[Missing], problems: int = 0) -> str:
    """Why the downloads are not there yet, in one sentence (empty when they are)."""
    kinds = {m.kind for m in lacking}
    if "intervention" in kinds:
        return _("Nog niet beschikbaar: voeg eerst een interventie toe.")
    if {"effect", "investment"} <= kinds:
        return _("Nog niet beschikbaar: voeg eerst een effectregel en een investering toe.")
    if "effect" in kinds:
        return _("Nog niet beschikbaar: voeg eerst een effectregel toe.")
    if "investment" in kinds:
        return _("Nog niet beschikbaar: voeg eerst een investering toe.")
    if problems:
        return _("Nog niet beschikbaar: maak eerst de to-do's af.")
    return ""
