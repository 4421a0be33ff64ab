"""A cohort of client cases as people read it: the totals per financier, the segments,
and (asked for on purpose) one row per client case."""

from __future__ import annotations

from typing import Any

from ..cohort.forecast import LineComparison
from ..cohort.summary import Summary
from ..cohort.valuation import CaseResult, Valued
from ..i18n import _
from ..money import count, euro, per_unit, price, ratio
from .receipt import Receipt
from .tables import Table


def totals_table(valued: Valued, summary: Summary) -> Table:
    table = Table(
        _("Cliëntcasussen: besparing per financier ({cases} casussen, per jaar)").format(
            cases=summary.count
        ),
        [_("Post"), _("Bedrag")],
    )
    for financier, amount in summary.gross_by_financier.items():
        table.add([valued.financiers.get(financier, financier), euro(amount)])
    table.add([_("Bruto besparing"), euro(summary.gross)], bold=True)
    table.add([_("Investering"), euro(summary.investment)])
    table.add([_("Netto besparing"), euro(summary.net)], bold=True)
    table.add([_("Netto per casus (gemiddeld)"), euro(summary.net_mean)])
    table.add(
        [
            _("95%-interval van dat gemiddelde (bootstrap)"),
            f"{euro(summary.interval.low)} – {euro(summary.interval.high)}",
        ]
    )
    spread = summary.quantiles
    table.add(
        [
            _("Netto per casus: 10% · mediaan · 90%"),
            f"{euro(spread['p10'])} · {euro(spread['p50'])} · {euro(spread['p90'])}",
        ]
    )
    table.add([_("Schaduwwaarde (apart, niet in netto)"), euro(summary.shadow)])
    notes = []
    if summary.incomplete:
        notes.append(
            _("Casussen met een onbekend aantal: {n}; die regels tellen niet mee.").format(
                n=summary.incomplete
            )
        )
    table.caption = " ".join(notes) or None
    return table


def segments_table(summary: Summary) -> Table | None:
    if summary.by is None:
        return None
    table = Table(
        _("Netto besparing per casus, naar {by}").format(by=summary.by),
        [summary.by, _("Casussen"), _("Gemiddeld"), _("95%-interval"), _("Totaal")],
    )
    for segment in summary.segments:
        table.add(
            [
                segment.value or _("(leeg)"),
                count(segment.count),
                euro(segment.net_mean),
                f"{euro(segment.interval.low)} – {euro(segment.interval.high)}",
                euro(segment.net_total),
            ]
        )
    if summary.hidden:
        table.caption = _(
            "Te klein om apart te tonen (minder dan het minimum): {cases} casussen "
            "(aantal groepen: {groups})."
        ).format(groups=summary.hidden, cases=summary.hidden_cases)
    return table


def cases_table(valued: Valued) -> Table:
    table = Table(
        _("Per cliëntcasus (per jaar)"),
        [
            _("Casus"),
            *valued.attributes,
            _("Bruto besparing"),
            _("Investering"),
            _("Netto"),
            _("Ratio"),
            _("Schaduwwaarde"),
        ],
    )
    for case in valued.cases:
        table.add(
            [
                case.id + (" *" if case.unknown else ""),
                *(case.attributes.get(a, "") for a in valued.attributes),
                euro(case.gross),
                euro(case.investment),
                euro(case.net),
                ratio(case.ratio),
                euro(case.shadow),
            ]
        )
    if any(c.unknown for c in valued.cases):
        table.caption = _("* een aantal is onbekend; die regel telt niet mee.")
    return table


def percent(share: float) -> str:
    return f"{count(share * 100)}%"


def cohort_json(valued: Valued, summary: Summary, size: int | None = None) -> dict[str, Any]:
    """The figures unrounded, for ``--json``: every case, the cohort, its segments."""

    def interval(i: Any) -> dict[str, float]:
        return {"low": i.low, "high": i.high}

    document: dict[str, Any] = {
        "source": valued.source,
        "financiers": valued.financiers,
        "cases": [
            {
                "id": c.id,
                "attributes": c.attributes,
                "gross": c.gross,
                "gross_by_financier": c.gross_by_financier(),
                "investment": c.investment,
                "net": c.net,
                "ratio": c.ratio,
                "shadow": c.shadow,
                "unknown": [{"row": e.row, "item": e.item} for e in c.unknown],
                "rows": [
                    {
                        "row": r.entry.row,
                        "item": r.entry.item,
                        "kind": r.entry.kind,
                        "before": r.entry.before,
                        "after": r.entry.after,
                        "price": r.price.amount,
                        "financier": r.price.financier,
                        "attribution": r.attribution,
                        "probability": r.probability,
                        "value": r.value,
                    }
                    for r in c.rows
                ],
            }
            for c in valued.cases
        ],
        "cohort": {
            "count": summary.count,
            "incomplete": summary.incomplete,
            "gross_by_financier": summary.gross_by_financier,
            "gross": summary.gross,
            "investment": summary.investment,
            "net": summary.net,
            "shadow": summary.shadow,
            "net_mean": summary.net_mean,
            "net_mean_interval": interval(summary.interval),
            "net_quantiles": summary.quantiles,
        },
        "segments": {
            "by": summary.by,
            "shown": [
                {
                    "value": s.value,
                    "count": s.count,
                    "net_mean": s.net_mean,
                    "net_mean_interval": interval(s.interval),
                    "net_total": s.net_total,
                }
                for s in summary.segments
            ],
            "hidden_groups": summary.hidden,
            "hidden_cases": summary.hidden_cases,
        },
    }
    if size is not None:
        total, band = summary.extrapolated(size)
        document["extrapolated"] = {"size": size, "net": total, "interval": interval(band)}
    return document


def case_receipt(case: CaseResult, attributes: list[str], source: str) -> Receipt:
    """One client case as a till receipt (the same component as an intervention's): the
    savings line by line, what each line is made of, the investment, the net per year."""
    from .receipt import ReceiptLine

    bon = Receipt(
        title=_("Casus {id}").format(id=case.id),
        subtitle=" · ".join(
            case.attributes.get(a, "") for a in attributes if case.attributes.get(a)
        ),
        header=[source, _("per jaar")],
    )
    for row in case.rows:
        entry = row.entry
        if entry.kind == "investment":
            detail = f"{count(entry.after)} {row.price.unit} × {price(row.price.amount)}"
            bon.costs.append(ReceiptLine(row.price.name, detail, -row.value, euro(-row.value)))
            continue
        if entry.kind != "effect":
            continue
        parts = [
            f"{count(entry.before)} → {count(entry.after)} {row.price.unit}",
            price(row.price.amount),
        ]
        if row.attribution != 1.0:
            parts.append(_("{share} toerekening").format(share=percent(row.attribution)))
        if row.probability != 1.0:
            parts.append(_("{share} kans").format(share=percent(row.probability)))
        bon.savings.append(
            ReceiptLine(row.price.name, " × ".join(parts), row.value, euro(row.value))
        )
    bon.subtotal = case.gross
    bon.net = case.net
    names = {r.price.financier: r.price.financier_name for r in case.rows}
    gains = case.gross_by_financier()
    if len(gains) > 1 or (gains and not names.get(next(iter(gains)))):
        bon.footer.append(_("Besparing per financier:"))
        bon.footer += [f"{names.get(f) or _('onbekend')}: {euro(v)}" for f, v in gains.items()]
    elif gains:
        bon.footer.append(
            _("Besparing voor {financier}").format(financier=names[next(iter(gains))])
        )
    if case.ratio is not None:
        bon.footer.append(
            _("Per {one} geïnvesteerd: {amount} terug").format(
                one=euro(1), amount=per_unit(case.ratio)
            )
        )
    if case.shadow:
        bon.footer.append(
            _("Daarnaast {amount} schaduwwaarde (niet in netto)").format(amount=euro(case.shadow))
        )
    for entry in case.unknown:
        bon.footer.append(_("Onbekend, telt niet mee: {item}").format(item=entry.item))
    return bon


def forecast_table(lines: list[LineComparison], name: str) -> Table:
    """Per effect line: what the business case assumed per participant, what the client
    cases show per case (with a 95 % interval), in units and in money, per year."""
    table = Table(
        _("Verwacht tegenover gemeten: {name} (per deelnemer, per jaar)").format(name=name),
        [
            _("Effectregel"),
            _("Aangenomen"),
            _("Gemeten (gemiddeld)"),
            _("95%-interval"),
            _("Casussen"),
            _("Aangenomen waarde"),
            _("Gemeten waarde"),
        ],
    )
    for line in lines:
        table.add(
            [
                line.name,
                "—" if line.assumed is None else f"{count(line.assumed)} {line.unit}",
                "—" if line.measured is None else f"{count(line.measured)} {line.unit}",
                "—"
                if line.interval is None
                else f"{count(line.interval.low)} – {count(line.interval.high)}",
                count(line.cases),
                "—" if line.assumed_value is None else euro(line.assumed_value),
                "—" if line.measured_value is None else euro(line.measured_value),
            ]
        )
    table.caption = _(
        "Aangenomen: eenheden minder per deelnemer na deadweight, toerekening en verplaatsing. "
        "Gemeten: (voor − na) × toerekening × kans, gemiddeld over de casussen (0 waar een "
        "casus de post niet heeft; onbekend telt niet mee). — : niet in de business case, of "
        "geen casus met deze post."
    )
    return table
