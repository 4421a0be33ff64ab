"""The summary a council reads: what it costs, what it saves, for whom, and how sure.

A council member asks four things of the first page, and the figures for all four are
in the engine's results already; this module only puts them in one table and in words:

- what the interventions cost (the investment) and what they save gross and net for the
  perspective of the report;
- what they save for financiers *outside* the perspective (the health insurer in De
  Bilt): money that is real, but does not count in the net savings, so it is named with
  its amount instead of being left to a table's footnote;
- which options the figures are, and why the bullets of the summary may show another
  option than the table (the table follows the model's overview, the bullets the first
  variant every intervention chapter draws);
- how sure: P(net > 0) and the P5–P95 range of the net savings, when there are
  uncertain inputs and a Monte Carlo run was made — with its number of draws.

An SROI report leads with its ratio and social value instead; its summary is built
elsewhere, so :func:`council_summary` is simply not called for ``meta.method: sroi``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..engine import Evaluation, Results
from ..i18n import _
from ..money import count, euro
from ..uncertainty import Simulation, Statistics
from .tables import Table, evaluation_name, headline_evaluations
from .uncertain import chance


@dataclass
class Figures:
    """One option's (or one overview column's) figures, unrounded."""

    investment: float  # paid by financiers inside the perspective
    gross: float  # saved by financiers inside the perspective
    net: float  # gross − investment, for the perspective
    outside: dict[str, float] = field(default_factory=dict)  # financier → gross outside it
    outside_investment: float = 0.0  # paid by financiers outside the perspective

    @property
    def outside_gross(self) -> float:
        return sum(self.outside.values())

    def add(self, other: Figures) -> None:
        self.investment += other.investment
        self.gross += other.gross
        self.net += other.net
        self.outside_investment += other.outside_investment
        for name, amount in other.outside.items():
            self.outside[name] = self.outside.get(name, 0.0) + amount


def figures(ev: Evaluation) -> Figures:
    """An evaluation's figures for the summary, from the engine's own totals."""
    outside = {b.name: b.gross for b in ev.who_pays_who_gains if not b.in_perspective and b.gross}
    return Figures(
        investment=ev.perspective_investment,
        gross=ev.perspective_gross,
        net=ev.net,
        outside=outside,
        outside_investment=ev.investment - ev.perspective_investment,
    )


@dataclass
class Group:
    """The options one figure set adds up: an overview column, or a single option."""

    label: str  # "Minimum", or "Ouders Lokaal · Uitbreiding (+7 uur coördinator)"
    options: list[tuple[str, Evaluation]]  # (intervention · option in words, evaluation)
    total: Figures
    stats: Statistics | None = None  # the Monte Carlo of the group's net savings


@dataclass
class Summary:
    """The summary table and the sentences that follow it."""

    table: Table
    sentences: list[str]
    bullets_note: str | None  # why the bullets show another option than the table


def _option_words(results: Results, ev: Evaluation, column: str | None = None) -> str:
    """``Samen Oplopen · Huidige situatie (30 gezinnen) — scenario Minimum``; in the
    overview's column of the same name (``Minimum``) without the scenario it repeats."""
    option = ev.variant_name if ev.scenario_name == column else evaluation_name(ev)
    return f"{results.intervention(ev.intervention).name} · {option}"


def _stats(simulation: Simulation | None, ev: Evaluation) -> Statistics | None:
    if simulation is None:
        return None
    try:
        return simulation.get(ev.intervention, ev.variant, ev.scenario)
    except KeyError:  # a simulation of another perspective or model: say nothing
        return None


def groups(
    results: Results, scenario: str | None = None, simulation: Simulation | None = None
) -> list[Group]:
    """The figure sets the summary shows: per overview column the options it picks (the
    headline of a report with an overview), else every headline option on its own."""
    if results.portfolio:
        out = []
        for column in results.portfolio:
            options = [
                (_option_words(results, ev, column.name), ev)
                for ev in (results.get(r.intervention, r.variant, r.scenario) for r in column.rows)
            ]
            total = Figures(0.0, 0.0, 0.0)
            for _words, ev in options:
                total.add(figures(ev))
            stats = None
            if simulation is not None:
                try:
                    stats = simulation.column(column.id)
                except KeyError:
                    stats = None
            out.append(Group(column.name, options, total, stats))
        return out
    return [
        Group(_option_words(results, ev), [(_option_words(results, ev), ev)], figures(ev))
        for result in results.interventions
        for ev in headline_evaluations(results, result.id, scenario)
    ]


def _fixed(stats: Statistics) -> bool:
    """No uncertain input moves this figure: every draw gives the same amount."""
    return stats.high - stats.low < 0.005


def _chance(stats: Statistics) -> str:
    """As the uncertainty chapter writes it (one formatter: '0%' only when no draw)."""
    return chance(stats.probability_positive)


def _range(stats: Statistics) -> str:
    if _fixed(stats):
        return _("geen onzekere invoer")
    return _("{low} tot {high}").format(low=euro(stats.p5), high=euro(stats.p95))


def summary_table(
    results: Results,
    scenario: str | None = None,
    simulation: Simulation | None = None,
    found: list[Group] | None = None,
) -> Table:
    """Per headline option its investment, gross savings inside and outside the
    perspective and net savings (and, with a simulation, P(net > 0) and P5–P95); per
    overview column a total row."""
    found = found if found is not None else groups(results, scenario, simulation)
    perspective = results.perspective_name
    portfolio = bool(results.portfolio)
    outside = any(g.total.outside for g in found)
    uncertain = simulation is not None
    table = Table(
        _("Wat de business case oplevert"),
        [
            *([_("Overzicht")] if portfolio else []),
            _("Interventie · optie"),
            _("Investering"),
            _("Bruto besparing {perspective}").format(perspective=perspective),
            _("Netto besparing {perspective}").format(perspective=perspective),
            *([_("Bruto besparing buiten perspectief")] if outside else []),
            *([_("Kans netto > 0"), _("P5 tot P95 netto")] if uncertain else []),
        ],
    )
    table.kind = "summary"

    def cells(f: Figures, stats: Statistics | None) -> list[str]:
        return [
            euro(f.investment),
            euro(f.gross),
            euro(f.net),
            *([euro(f.outside_gross)] if outside else []),
            *(
                ([_chance(stats), _range(stats)] if stats is not None else ["", ""])
                if uncertain
                else []
            ),
        ]

    for group in found:
        for words, ev in group.options:
            stats = _stats(simulation, ev) if portfolio else group.stats or _stats(simulation, ev)
            table.add([*([group.label] if portfolio else []), words, *cells(figures(ev), stats)])
        if portfolio:
            table.add([group.label, _("Totaal"), *cells(group.total, group.stats)], bold=True)
    notes = [
        _(
            "Investering en bruto besparing van de financiers in het perspectief "
            "{perspective}; netto besparing = bruto besparing − investering. Elk bedrag is "
            "apart afgerond, pas bij de weergave: een totaal kan {one} verschillen van de som "
            "van de afgeronde regels erboven."
        ).format(perspective=perspective, one=euro(1))
    ]
    if outside:
        names = dict.fromkeys(n for g in found for n in g.total.outside)
        notes.append(
            _(
                "Buiten perspectief: wat {financiers} bespaart; dat is echt geld, maar telt "
                "niet mee in de netto besparing."
            ).format(financiers=_join(list(names)))
        )
    if uncertain:
        assert simulation is not None
        notes.append(
            _(
                "Kans netto > 0 en P5 tot P95 (90% van de doorrekeningen ligt ertussen): "
                "Monte Carlo met {draws} doorrekeningen, seed {seed}."
            ).format(draws=count(simulation.draws), seed=simulation.seed)
        )
    table.caption = " ".join(notes)
    return table


def _join(items: list[str]) -> str:
    """``a``, ``a en b``, ``a, b en c``."""
    if len(items) <= 1:
        return "".join(items)
    return _("{items} en {last}").format(items=", ".join(items[:-1]), last=items[-1])


def _names(names: list[str]) -> str:
    """Names joined in words; each between quotes when one has a comma of its own
    (“Tarief laag, kosten hoog”, “Midden” en …)."""
    if any("," in name for name in names):
        names = [f"“{name}”" for name in names]
    return _join(names)


def _period(results: Results) -> str:
    if results.horizon_years > 1:
        return _(" (contante waarde over {years} jaar)").format(years=results.horizon_years)
    return _(" per jaar")


def _sentence(prefix: str, text: str) -> str:
    """``Minimum: in 49,5% …``, or ``In 49,5% …`` without a label."""
    return prefix + text if prefix else text[:1].upper() + text[1:]


def _money_sentences(results: Results, group: Group, several: bool) -> list[str]:
    f = group.total
    prefix = f"{group.label}: " if several else ""
    out = [
        _sentence(
            prefix,
            _(
                "de investering is {investment}{period}; de bruto besparing voor {perspective} "
                "is {gross}, de netto besparing {net}."
            ).format(
                investment=euro(f.investment),
                period=_period(results),
                perspective=results.perspective_name,
                gross=euro(f.gross),
                net=euro(f.net),
            ),
        )
    ]
    if f.outside:
        who = (
            next(iter(f.outside))
            if len(f.outside) == 1
            else _join([f"{name} ({euro(amount)})" for name, amount in f.outside.items()])
        )
        out.append(
            _(
                "Buiten het perspectief gaat nog {amount} bruto besparing naar {who}; dat "
                "telt niet mee in de netto besparing."
            ).format(amount=euro(f.outside_gross), who=who)
        )
    if abs(f.outside_investment) >= 0.5:
        out.append(
            _(
                "Financiers buiten het perspectief investeren {amount}; ook dat telt niet mee."
            ).format(amount=euro(f.outside_investment))
        )
    return out


def certainty_sentence(group: Group, draws: int, several: bool) -> str | None:
    """``In 49,5% van de 10.000 doorrekeningen is de netto besparing positief; in 90% …
    ligt ze tussen € a en € b`` — None without a Monte Carlo of the group."""
    stats = group.stats
    if stats is None:
        return None
    prefix = f"{group.label}: " if several else ""
    if _fixed(stats):
        text = _(
            "geen onzekere invoer verandert deze opties; de netto besparing is in elke "
            "doorrekening {net}."
        ).format(net=euro(stats.p50))
    else:
        text = _(
            "in {p} van de {draws} doorrekeningen is de netto besparing positief; in 90% van "
            "de doorrekeningen ligt ze tussen {p5} en {p95}."
        ).format(p=_chance(stats), draws=count(draws), p5=euro(stats.p5), p95=euro(stats.p95))
    return _sentence(prefix, text)


def certainty_sentences(
    results: Results, simulation: Simulation | None, scenario: str | None = None
) -> list[str]:
    """How sure the result is, per overview column (or headline option); empty without a
    simulation. The conclusion repeats these for the overview."""
    if simulation is None:
        return []
    found = groups(results, scenario, simulation)
    if not results.portfolio:
        for group in found:
            group.stats = _stats(simulation, group.options[0][1])
    several = len(found) > 1
    out = [certainty_sentence(g, simulation.draws, several) for g in found]
    return [s for s in out if s]


def council_summary(
    results: Results, scenario: str | None = None, simulation: Simulation | None = None
) -> Summary:
    """The summary table and its sentences: cost, gross and net, for whom, which option
    and why, and — with a simulation — how sure."""
    found = groups(results, scenario, simulation)
    if not results.portfolio and simulation is not None:
        for group in found:
            group.stats = _stats(simulation, group.options[0][1])
    table = summary_table(results, scenario, simulation, found)
    several = len(found) > 1
    sentences = [" ".join(_money_sentences(results, g, several)) for g in found]
    if results.portfolio:
        sentences.append(
            _(
                "De bedragen gelden voor de opties die het overzicht van het model per kolom "
                "kiest ({columns}), dezelfde als in de conclusie; de tabel noemt per "
                "interventie welke optie."
            ).format(columns=_names([c.name for c in results.portfolio]))
        )
    elif any(len({e.variant for e in r.evaluations}) > 1 for r in results.interventions):
        sentences.append(
            _(
                "De bedragen gelden voor de eerste variant van elke interventie (meestal de "
                "huidige situatie), in elk scenario dat het rapport toont; de hoofdstukken "
                "per interventie tonen ook de andere varianten."
            )
        )
    if simulation is not None:
        sure = [certainty_sentence(g, simulation.draws, several) for g in found]
        sentences.extend(s for s in sure if s)
    bullets_note = None
    if results.portfolio:
        shown = {(ev.intervention, ev.variant, ev.scenario) for g in found for _w, ev in g.options}
        bullets = [
            (ev.intervention, ev.variant, ev.scenario)
            for result in results.interventions
            for ev in headline_evaluations(results, result.id, scenario)
        ]
        if any(b not in shown for b in bullets):
            bullets_note = _(
                "Per interventie hieronder de eerste variant (meestal de huidige situatie), "
                "die ook de grafieken in de hoofdstukken per interventie tonen; waar het "
                "overzicht een andere optie kiest, verschillen de bedragen daarom van de tabel."
            )
    return Summary(table, sentences, bullets_note)
