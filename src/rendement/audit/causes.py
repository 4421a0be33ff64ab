"""Why a printed figure differs from what the report's own inputs give.

The audit tries, in order: a figure that is itself an input (the report states another
value than it computes with); a typo (two digits swapped, or one digit off); the figure
follows from *printed* (rounded) figures of its parts, which reveals a rounded
intermediate multiplied further or a total of rounded lines; the figure follows when
an unprinted intermediate is rounded to whole euros. Otherwise the cause is unknown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..i18n import _
from ..money import round_half_away

Combine = Callable[[list[float]], float]


@dataclass(frozen=True)
class Part:
    """One operand of a relation: its name, exact value and printed value (if printed)."""

    label: str
    exact: float
    printed: float | None
    money: bool
    half: float | None = None  # the printed value's rounding, when it was printed rounded


@dataclass(frozen=True)
class Relation:
    """How a figure is made of parts: a sum, product, difference or quotient."""

    kind: str  # sum, product, difference, quotient, same
    parts: list[Part]

    def combine(self, values: list[float]) -> float:
        if self.kind == "sum":
            return sum(values)
        if self.kind == "product":
            result = 1.0
            for v in values:
                result *= v
            return result
        if self.kind == "difference":
            return values[0] - sum(values[1:])
        if self.kind == "quotient":
            return values[0] / values[1] if values[1] else float("nan")
        return values[0]


@dataclass(frozen=True)
class Cause:
    code: str  # input_differs, typo, rounded_intermediate, propagated, parts_do_not_add,
    # quotient_readings, filter_left_out, unknown
    text: str  # the explanation, in the language active when the audit ran


def typo(printed: float, exact: float) -> str | None:
    """``verwisselde cijfers`` / ``één cijfer anders`` when printed looks like a slip of the pen."""
    a = str(abs(int(round_half_away(exact))))
    b = str(abs(int(round_half_away(printed))))
    if len(a) != len(b) or a == b or (printed < 0) != (exact < 0):
        return None
    differ = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(differ) == 2 and differ[1] == differ[0] + 1 and sorted(a) == sorted(b):
        return _("twee cijfers zijn verwisseld")
    if len(differ) == 1 and differ[0] < len(a) - 1:  # a last digit off is rounding, not a slip
        return _("één cijfer is anders")
    return None


def _matches(value: float, printed: float, money: bool, allowed: float = 0.0) -> bool:
    """``value`` prints as ``printed``: within half a euro (or 0.005), or within what the
    prints' own rounding allows (``allowed``)."""
    least = 0.5 if money else 0.005
    return abs(value - printed) <= max(least, allowed) + 1e-9


def explain(
    printed: float,
    exact: float,
    money: bool,
    relations: list[Relation],
    show: Callable[[float, bool], str],
    half: float | None = None,
) -> Cause:
    """The most likely cause of a difference between ``printed`` and ``exact``."""
    if not relations:
        return Cause(
            "input_differs",
            _("het rapport noemt hier {printed}, maar rekent met {exact}").format(
                printed=show(printed, money), exact=show(exact, money)
            ),
        )
    for relation in relations:
        values = [p.printed if p.printed is not None else p.exact for p in relation.parts]
        used = [
            p for p in relation.parts if p.printed is not None and not _same(p.printed, p.exact)
        ]
        if used and _matches(relation.combine(values), printed, money, half or 0.0):
            notable = [p for p in used if abs((p.printed or 0.0) - p.exact) > 0.5] or used
            described = "; ".join(
                _("{label} {printed} (exact {exact})").format(
                    label=p.label,
                    printed=show(p.printed or 0.0, p.money),
                    exact=show(p.exact, p.money),
                )
                for p in notable
            )
            rounded_only = all(
                p.money and p.printed is not None and abs(p.printed - p.exact) < 1 for p in used
            )
            if relation.kind == "product" and rounded_only:
                return Cause(
                    "rounded_intermediate",
                    _("het rapport rekende verder met een afgerond tussenbedrag: {parts}").format(
                        parts=described
                    ),
                )
            return Cause(
                "propagated",
                _(
                    "volgt uit de gedrukte (afgeronde) bedragen waarmee het rapport verder "
                    "rekende: {parts}"
                ).format(parts=described),
            )
    for relation in relations:
        rounded = [round_half_away(p.exact) if p.money else p.exact for p in relation.parts]
        changed = [p for p, r in zip(relation.parts, rounded, strict=True) if not _same(r, p.exact)]
        if changed and _matches(relation.combine(rounded), printed, money, half or 0.0):
            described = "; ".join(
                f"{p.label} {show(p.exact, True)} → {show(round_half_away(p.exact), True)}"
                for p in changed
            )
            return Cause(
                "rounded_intermediate",
                _(
                    "het rapport rondde een tussenbedrag af voordat het verder rekende: {parts}"
                ).format(parts=described),
            )
    slip = typo(printed, exact) if money else None
    if slip:
        return Cause(
            "typo",
            _(
                "waarschijnlijk een typefout: {slip} ({printed} gedrukt, de invoer geeft {exact})"
            ).format(slip=slip, printed=show(printed, money), exact=show(exact, money)),
        )
    for relation in relations:
        cause = parts_do_not_add(printed, money, relation, show, half)
        if cause is None:
            cause = quotient_readings(printed, money, relation, show, half)
        if cause is not None:
            return cause
    return Cause(
        "unknown",
        _(
            "oorzaak onbekend: het gedrukte getal volgt niet uit de invoer en de gedrukte "
            "tussenbedragen van het rapport"
        ),
    )


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


def parts_do_not_add(
    printed: float,
    money: bool,
    relation: Relation,
    show: Callable[[float, bool], str],
    half: float | None = None,
) -> Cause | None:
    """A total printed beside all its parts, whose printed parts add up to something its
    print does not cover: the report names a part it does not show, or its total is wrong.

    Only when every part is printed — the reader with a calculator can then see it too —
    and each printed part is its own exact value within its print, so the gap is the
    total's and not a part's.
    """
    parts = relation.parts
    if relation.kind != "sum" or len(parts) < 2 or any(p.printed is None for p in parts):
        return None
    if any(abs((p.printed or 0.0) - p.exact) > max(p.half or 0.0, 0.5) + 1e-9 for p in parts):
        return None
    added = sum(p.printed or 0.0 for p in parts)
    if _matches(added, printed, money, half or 0.0):
        return None
    gap = printed - added
    text = (
        _(
            "het gedrukte totaal is niet de som van zijn gedrukte delen: {parts} = {added}; "
            "het totaal is {gap} hoger — een deel dat de gelezen tekst niet noemt, of een "
            "fout in het totaal"
        )
        if gap > 0
        else _(
            "het gedrukte totaal is niet de som van zijn gedrukte delen: {parts} = {added}; "
            "het totaal is {gap} lager — een deel te veel geteld, of een fout in het totaal"
        )
    )
    return Cause(
        "parts_do_not_add",
        text.format(
            parts=" + ".join(f"{p.label} {show(p.printed or 0.0, p.money)}" for p in parts),
            added=show(added, money),
            gap=show(abs(gap), money),
        ),
    )


def quotient_readings(
    printed: float,
    money: bool,
    relation: Relation,
    show: Callable[[float, bool], str],
    half: float | None = None,
) -> Cause | None:
    """A printed ratio that no reading of its parts gives: the ratio over the computed
    denominator and over the printed one (when the report printed another), and what the
    numerator would have to be for the print — so the reader sees every reading fail."""
    if relation.kind != "quotient" or len(relation.parts) != 2:
        return None
    top, bottom = relation.parts
    bottoms = [(bottom.exact, _("berekend"))]
    if bottom.printed is not None and not _same(bottom.printed, bottom.exact):
        bottoms.append((bottom.printed, _("zoals gedrukt")))
    tops = [top.exact] + (
        [top.printed] if top.printed is not None and not _same(top.printed, top.exact) else []
    )
    if any(not d for d, _word in bottoms):
        return None
    low, high = printed - (half or 0.0), printed + (half or 0.0)
    readings = "; ".join(
        _("{top} ÷ {bottom} ({word}) = {ratio}").format(
            top=show(t, top.money),
            bottom=show(d, bottom.money),
            word=word,
            ratio=show(t / d, money),
        )
        for t in tops
        for d, word in bottoms
    )
    needs = f" {_('of')} ".join(
        _("{low} – {high} bij {bottom}").format(
            low=show(low * d, top.money),
            high=show(high * d, top.money),
            bottom=show(d, bottom.money),
        )
        if half
        else show(printed * d, top.money)
        for d, _word in bottoms
    )
    return Cause(
        "quotient_readings",
        _(
            "geen lezing van de delen geeft het gedrukte getal: {readings}. Daarvoor zou "
            "{top} {needs} moeten zijn"
        ).format(readings=readings, top=top.label, needs=needs),
    )
