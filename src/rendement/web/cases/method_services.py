"""The writes of the method's forms: a case setting, an optional value (a filter, the
horizon) that may be emptied, and a column's pick. Each is one new version through
:func:`services._change` — one transaction, one audit row, refused when it makes the
model wrong in a new way."""

from __future__ import annotations

from typing import Any

from ...i18n import _
from .models import Case, CaseVersion
from .services import TO_DO, Change, _change


def set_perspective(
    *,
    actor: Any,
    case: Case,
    base: int,
    perspective: str,
    declare: dict[str, Any] | None,
    name: str,
) -> CaseVersion:
    """The case computed for ``perspective``; ``declare`` (a financier alone, or a party's
    budgets together) is added to ``perspectives`` first, so the choice is written down as
    the model format has it."""
    from ...model.editing import append, set_value

    def changed(text: str, at: tuple[int | str, ...]) -> str:
        if declare is not None:
            text = append(text, ("perspectives",), declare)
        return set_value(text, at, declare["id"] if declare else perspective)

    return _change(
        actor=actor,
        case=case,
        base=base,
        message=_("Perspectief: {name}").format(name=name)[:300],
        # a new declaration is made only on its own base (placed on a newer version, the
        # same perspective could be declared twice)
        change=Change("fixed" if declare is not None else "set", ("perspective",), changed),
        allowed=set(),
    )


def set_optional(
    *, actor: Any, case: Case, base: int, loc: tuple[int | str, ...], value: Any, message: str
) -> CaseVersion:
    """A value that may be left out (a filter of an effect line, the horizon, the discount
    rate, a column's pick): empty removes it, so the model's default holds again."""
    from ...model.editing import read, remove, set_value

    def changed(text: str, at: tuple[int | str, ...]) -> str:
        if value != "":
            return set_value(text, at, value)
        node: Any = read(text)
        for key in at[:-1]:
            if isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
                node = node[key]
            else:
                node = node.get(key) if isinstance(node, dict) else None
        if isinstance(node, dict) and at[-1] in node:
            return remove(text, at)
        return text

    return _change(
        actor=actor,
        case=case,
        base=base,
        message=message[:300],
        change=Change("set", loc, changed),
        allowed=TO_DO,
    )


def add_column(*, actor: Any, case: Case, base: int, name: str) -> CaseVersion:
    """A new column of the portfolio, counting every intervention as written (its first
    variant, scenario 'basis'); the first column makes the portfolio itself. What it
    picks is then changed per intervention."""
    from ...model.editing import append, identifier, read, set_value

    def changed(text: str, _at: tuple[int | str, ...]) -> str:
        raw: Any = read(text)
        items = raw.get("interventions") if isinstance(raw, dict) else None
        picks: dict[str, str] = {}
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and item.get("id"):
                variants = [v for v in item.get("variants") or [] if isinstance(v, dict)]
                picks[str(item["id"])] = str(variants[0].get("id")) if variants else "basis"
        portfolio = raw.get("portfolio") if isinstance(raw, dict) else None
        columns = portfolio.get("columns") if isinstance(portfolio, dict) else None
        taken = {str(c.get("id")) for c in columns or [] if isinstance(c, dict)}
        column = {"id": identifier(name, taken), "name": name, "picks": picks}
        if isinstance(columns, list):
            return append(text, ("portfolio", "columns"), column)
        title = _("Netto besparing van alle interventies samen")
        return set_value(text, ("portfolio",), {"title": title, "columns": [column]})

    return _change(
        actor=actor,
        case=case,
        base=base,
        message=_("Portfolio: kolom {name} toegevoegd").format(name=name)[:300],
        change=Change("fixed", ("portfolio",), changed),
        allowed=TO_DO,
    )
