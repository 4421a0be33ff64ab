"""What a business case concludes, in one table, and published figures set beside it.

A council member reads the first page. It must say what the case concludes with the
figures rendement computes, naming each option in words ("Uitbreiding (+7 uur
coördinator), scenario Maximum"), and it may never print a published total beside a
different computed one without saying why. So:

- :func:`headline_table` — per column of the overview (or, without an overview, per
  intervention's headline options) the option and its net savings, with the total;
- :func:`published_notes` — for every figure a published report printed that the model's
  prose repeats and that differs from the computation: both, and the audit's explanation.
"""

from __future__ import annotations

import re

from ..audit import audit
from ..engine import Results
from ..i18n import _, language
from ..model import BASE_SCENARIO
from ..money import euro, ratio
from .published import in_published
from .tables import Table, headline_evaluations, scenario_name, variant_name


def _option(results: Results, intervention: str, variant: str, scenario: str) -> str:
    case = results.model.case
    name = variant_name(case, intervention, variant)
    if scenario == BASE_SCENARIO:
        return name
    return _("{variant}, scenario {scenario}").format(
        variant=name, scenario=scenario_name(case, scenario)
    )


def headline_table(results: Results, scenario: str | None = None) -> Table:
    """The conclusion in figures: each option named, its net savings, and the total."""
    perspective = results.perspective_name
    if results.portfolio:
        columns = results.portfolio
        headers = [_("Interventie")]
        for column in columns:
            headers += [
                _("{column}: optie").format(column=column.name),
                _("{column}: netto").format(column=column.name),
            ]
        table = Table(_("Wat de business case oplevert"), headers)
        ids = list(dict.fromkeys(r.intervention for c in columns for r in c.rows))
        for intervention in ids:
            cells = [results.model.case.intervention(intervention).name]
            for column in columns:
                row = next((r for r in column.rows if r.intervention == intervention), None)
                if row is None:
                    cells += ["", ""]
                else:
                    option = _option(results, intervention, row.variant, row.scenario)
                    cells += [option, euro(row.net)]
            table.add(cells)
        total = [_("Totaal")]
        for column in columns:
            total += ["", euro(column.net)]
        table.add(total, bold=True)
        for column in columns:
            table.adds_up(column.net, *(r.net for r in column.rows))
    else:
        sroi = results.model.case.meta.method == "sroi"
        value = [_("Maatschappelijke waarde"), _("SROI-ratio")] if sroi else []
        table = Table(
            _("Wat de business case oplevert"),
            [_("Interventie"), _("Optie"), _("Netto besparing"), _("Bruto ratio"), *value],
        )
        for result in results.interventions:
            for ev in headline_evaluations(results, result.id, scenario):
                sroi_ratio = "—" if ev.sroi_ratio is None else f"{ratio(ev.sroi_ratio)} : 1"
                table.add(
                    [
                        result.name,
                        _option(results, result.id, ev.variant, ev.scenario),
                        euro(ev.net),
                        ratio(ev.ratio_gross),  # a ratio, not an amount of money
                        *([euro(ev.social_value), sroi_ratio] if sroi else []),
                    ]
                )
    table.caption = _(
        "Netto besparing = bruto besparing − investering, perspectief {perspective}; "
        "berekend uit de aannames in de bijlage en pas bij het tonen afgerond."
    ).format(perspective=perspective)
    if results.portfolio:
        table.caption += " " + _(
            "De kop toont de kolommen {columns} van het overzicht; de andere opties van "
            "een interventie staan in haar eigen tabellen."
        ).format(columns=", ".join(c.name for c in results.portfolio))
    elif shows := headline_options(results, scenario):
        table.caption += " " + _("De kop toont {options}.").format(options="; ".join(shows))
    if results.model.case.meta.method == "sroi" and not results.portfolio:
        table.caption += " " + _(
            "Maatschappelijke waarde: alle gewaardeerde effecten, ook waarde die geen budget "
            "bespaart; SROI-ratio = die waarde ÷ de hele investering."
        )
    return table


def headline_options(results: Results, scenario: str | None = None) -> list[str]:
    """The options the headline shows, in words (``Samen Oplopen · Uitbreiding``; with a
    portfolio, per column: ``Uitbreiding: Samen Oplopen · Uitbreiding``): a reader who
    changes another option sees why the headline does not move."""
    case = results.model.case
    if results.portfolio:
        return [
            f"{column.name}: "
            + ", ".join(
                f"{case.intervention(r.intervention).name} · "
                f"{_option(results, r.intervention, r.variant, r.scenario)}"
                for r in column.rows
            )
            for column in results.portfolio
        ]
    return [
        f"{result.name} · {_option(results, result.id, ev.variant, ev.scenario)}"
        for result in results.interventions
        for ev in headline_evaluations(results, result.id, scenario)
    ]


def _as_printed(amount: float, flat: str) -> str | None:
    """``amount`` as ``flat`` (white space collapsed) writes it, in the report's language or
    in either convention (the prose of a Dutch model in an English report writes
    ``€ 88.416``); None when the text does not contain it."""
    forms = [euro(amount)]
    for code in ("nl", "en"):
        with language(code):
            forms.append(euro(amount))
    for form in dict.fromkeys(forms):
        plain = " ".join(form.split())
        if re.search(re.escape(plain) + r"(?![.,]?\d)", flat):  # not the start of € 88.416,50
            return form  # as printed, with the non-breaking space of an amount
    return None


def published_notes(results: Results, *texts: str | None) -> list[list[str]]:
    """Per text: the published figures it repeats that the computation does not give.

    A figure counts when the text contains it as printed (``€ 88.416``); the note names
    the printed and the computed figure and the audit's explanation of the difference.
    The audit runs once for all the texts.
    """
    findings = [f for f in audit(results).findings if f.kind == "money"] if any(texts) else []
    out = []
    for text in texts:
        flat = " ".join((text or "").split())
        notes = []
        for finding in findings:
            as_printed = _as_printed(finding.printed, flat)
            if as_printed is None:
                continue
            notes.append(
                _(
                    "{printed} in de tekst is het gepubliceerde bedrag ({table}, {label}); "
                    "herberekend is het {computed}: {cause}"
                ).format(
                    printed=as_printed,
                    table=in_published(results, finding.table),
                    label=finding.label,
                    computed=euro(finding.computed),
                    cause=finding.cause.text,
                )
            )
        out.append(list(dict.fromkeys(notes)))
    return out
