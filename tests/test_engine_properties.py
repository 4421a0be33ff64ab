"""Property tests of the engine on generated models.

A small model is drawn as plain numbers (:class:`ModelSpec`), written out as YAML text
and loaded with :func:`rendement.model.loads`, exactly as a user's file would be. The
properties: gross is linear in the number of cases and in the prices; the totals add up
(per financier, per perspective, net and ratios); every line equals its factors
multiplied (an oracle computed here from the drawn numbers); a matrix of draws gives
per column what a point run of that column gives; and nothing is rounded.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rendement.engine import build_plan, evaluate, run
from rendement.engine.results import Evaluation, Results
from rendement.model import ModelError, loads

REL = 1e-9

PROPERTY = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


# --------------------------------------------------------------------------- the spec


@dataclass(frozen=True)
class PriceSpec:
    id: str
    amount: float
    financier: str | None  # None: every effect line using it names its own financier


@dataclass(frozen=True)
class EffectSpec:
    id: str
    form: str  # "cases", "share" or "units"
    count: float  # cases (form "cases") or the total units (form "units")
    share_percent: int  # form "share": the share of reach, in percent
    share_as_percent: bool  # write the share as "25%" (else as 0.25)
    units_per_case: float
    price: str
    financier: str | None  # the line's own financier, overriding the price's


@dataclass(frozen=True)
class InvestmentSpec:
    id: str
    form: str  # "amount", "hours" or "quantity"
    a: float  # amount, hours_per_week or quantity
    b: float  # hourly_cost or unit_cost (unused for "amount")
    payer: str


@dataclass(frozen=True)
class InterventionSpec:
    id: str
    reach: float
    effects: tuple[EffectSpec, ...]
    investments: tuple[InvestmentSpec, ...]
    variant_reach: float | None  # a variant "groot" that overrides reach
    scenario_reach: float | None  # what scenario "hoog" sets reach to here


@dataclass(frozen=True)
class ModelSpec:
    financiers: tuple[str, ...]
    perspective: tuple[str, ...]
    weeks: float
    prices: tuple[PriceSpec, ...]
    interventions: tuple[InterventionSpec, ...]
    scenario: bool  # declare scenario "hoog"

    def price(self, price_id: str) -> PriceSpec:
        return next(p for p in self.prices if p.id == price_id)

    def intervention(self, intervention_id: str) -> InterventionSpec:
        return next(i for i in self.interventions if i.id == intervention_id)


# --------------------------------------------------------------------------- YAML text


def num(value: float) -> str:
    """A number as YAML text; repr round-trips exactly and never looks like '1.800'."""
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


def model_yaml(spec: ModelSpec, cases: float = 1.0, prices: float = 1.0) -> str:
    """The model as YAML; ``cases`` scales every count of cases (cases, units, reach),
    ``prices`` scales every price amount."""
    lines = [
        "rendement: 1",
        "meta:",
        "  title: Gegenereerde business case",
        "  client: Gemeente Proef",
        '  version: "1.0"',
        "  date: 2024-01-01",
        "  price_year: 2024",
        f"  weeks_per_year: {num(spec.weeks)}",
        "theory_of_change:",
        "  problem: Een gegenereerd probleem.",
        "sources:",
        "  - id: bron",
        "    title: Een bron",
        "financiers:",
    ]
    for f in spec.financiers:
        lines += [f"  - id: {f}", f"    name: Financier {f}", "    party: partij"]
    lines += [
        "perspectives:",
        "  - id: eigen",
        "    name: Eigen perspectief",
        f"    financiers: [{', '.join(spec.perspective)}]",
        "perspective: eigen",
        "prices:",
    ]
    for p in spec.prices:
        lines += [
            f"  - id: {p.id}",
            f"    name: Tarief {p.id}",
            "    unit: uur",
            f"    amount: {num(p.amount * prices)}",
            "    price_year: 2024",
            "    source: bron",
        ]
        if p.financier is not None:
            lines.append(f"    financier: {p.financier}")
    if spec.scenario:
        lines += ["scenarios:", "  - id: hoog", "    name: Hoog"]
    lines.append("interventions:")
    for i in spec.interventions:
        lines += [
            f"  - id: {i.id}",
            f"    name: Interventie {i.id}",
            f"    reach: {num(i.reach * cases)}",
            "    reach_unit: deelnemers",
            "    effects:",
        ]
        for e in i.effects:
            lines += [
                f"      - id: {e.id}",
                f"        name: Effect {e.id}",
                f"        price: {e.price}",
            ]
            if e.form == "cases":
                lines.append(f"        cases: {num(e.count * cases)}")
            elif e.form == "share":
                share = (
                    f'"{e.share_percent}%"' if e.share_as_percent else num(e.share_percent / 100)
                )
                lines.append(f"        share: {share}")
            else:
                lines.append(f"        units: {num(e.count * cases)}")
            if e.form != "units":
                lines.append(f"        units_per_case: {num(e.units_per_case)}")
            if e.financier is not None:
                lines.append(f"        financier: {e.financier}")
        lines.append("    investments:")
        for v in i.investments:
            lines += [
                f"      - id: {v.id}",
                f"        name: Investering {v.id}",
                f"        payer: {v.payer}",
            ]
            if v.form == "amount":
                lines.append(f"        amount: {num(v.a)}")
            elif v.form == "hours":
                lines += [f"        hours_per_week: {num(v.a)}", f"        hourly_cost: {num(v.b)}"]
            else:
                lines += [f"        quantity: {num(v.a)}", f"        unit_cost: {num(v.b)}"]
        if i.variant_reach is not None:
            lines += [
                "    variants:",
                "      - id: klein",
                "        name: Zoals geschreven",
                "      - id: groot",
                "        name: Groter bereik",
                "        set:",
                f"          reach: {num(i.variant_reach * cases)}",
            ]
        if spec.scenario and i.scenario_reach is not None:
            lines += [
                "    scenarios:",
                "      hoog:",
                "        set:",
                f"          reach: {num(i.scenario_reach * cases)}",
            ]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- strategies

counts = st.integers(0, 2000).map(lambda n: n / 2)  # 0, 0.5, 1, ... 1000
money = st.integers(0, 500_000).map(lambda c: c / 100)  # 0.00 ... 5000.00
units_per_case = st.integers(-40, 400).map(lambda n: n / 4)  # negative: extra use of a service
hours = st.integers(0, 160).map(lambda n: n / 4)


@st.composite
def effect_lines(
    draw: st.DrawFn, n: int, prices: tuple[PriceSpec, ...], financiers: list[str]
) -> EffectSpec:
    price = draw(st.sampled_from(prices))
    financier = (
        draw(st.sampled_from(financiers))
        if price.financier is None
        else draw(st.none() | st.sampled_from(financiers))
    )
    return EffectSpec(
        id=f"effect_{n}",
        form=draw(st.sampled_from(["cases", "share", "units"])),
        count=draw(counts),
        share_percent=draw(st.integers(0, 100)),
        share_as_percent=draw(st.booleans()),
        units_per_case=draw(units_per_case),
        price=price.id,
        financier=financier,
    )


@st.composite
def investment_lines(draw: st.DrawFn, n: int, financiers: list[str]) -> InvestmentSpec:
    form = draw(st.sampled_from(["amount", "hours", "quantity"]))
    return InvestmentSpec(
        id=f"investering_{n}",
        form=form,
        a=draw(money if form == "amount" else hours if form == "hours" else counts),
        b=draw(money),
        payer=draw(st.sampled_from(financiers)),
    )


@st.composite
def model_specs(draw: st.DrawFn) -> ModelSpec:
    financiers = [f"financier_{n}" for n in range(draw(st.integers(1, 3)))]
    perspective = draw(st.lists(st.sampled_from(financiers), min_size=1, unique=True))
    prices = tuple(
        PriceSpec(f"prijs_{n}", draw(money), draw(st.none() | st.sampled_from(financiers)))
        for n in range(draw(st.integers(1, 4)))
    )
    scenario = draw(st.booleans())
    interventions = []
    for n in range(draw(st.integers(1, 3))):
        effects = tuple(
            draw(effect_lines(m, prices, financiers)) for m in range(draw(st.integers(1, 4)))
        )
        investments = tuple(
            draw(investment_lines(m, financiers)) for m in range(draw(st.integers(1, 3)))
        )
        interventions.append(
            InterventionSpec(
                id=f"interventie_{n}",
                reach=draw(counts),
                effects=effects,
                investments=investments,
                variant_reach=draw(st.none() | counts),
                scenario_reach=draw(st.none() | counts) if scenario else None,
            )
        )
    return ModelSpec(
        financiers=tuple(financiers),
        perspective=tuple(perspective),
        weeks=draw(st.integers(1, 52)),
        prices=prices,
        interventions=tuple(interventions),
        scenario=scenario,
    )


factors = st.sampled_from([0.0, 0.1, 0.5, 1.25, 2.0, 3.0, 7.0, 1000.0])


# --------------------------------------------------------------------------- helpers


def results_of(spec: ModelSpec, cases: float = 1.0, prices: float = 1.0) -> Results:
    return evaluate(loads(model_yaml(spec, cases, prices), "gegenereerd.yaml"))


def evaluations(results: Results) -> list[Evaluation]:
    return [e for i in results.interventions for e in i.evaluations]


def scale(ev: Evaluation) -> float:
    """The size of the numbers in an evaluation, as an absolute tolerance for sums that
    may cancel (negative units per case)."""
    return (
        1.0
        + sum(abs(line.gross) for line in ev.effects)
        + sum(abs(line.amount) for line in ev.investments)
    )


def close(expected: float, ev: Evaluation) -> object:
    return pytest.approx(expected, rel=REL, abs=REL * scale(ev))


def effective_reach(item: InterventionSpec, variant: str, scenario: str) -> float:
    if scenario == "hoog" and item.scenario_reach is not None:
        return item.scenario_reach
    if variant == "groot":
        assert item.variant_reach is not None
        return item.variant_reach
    return item.reach


def oracle_gross(spec: ModelSpec, effect: EffectSpec, reach: float) -> float:
    price = spec.price(effect.price).amount
    if effect.form == "cases":
        return effect.count * effect.units_per_case * price
    if effect.form == "share":
        return effect.share_percent / 100 * reach * effect.units_per_case * price
    return effect.count * price


def oracle_investment(spec: ModelSpec, line: InvestmentSpec) -> float:
    if line.form == "amount":
        return line.a
    if line.form == "hours":
        return line.a * spec.weeks * line.b
    return line.a * line.b


# --------------------------------------------------------------------------- properties


@PROPERTY
@given(model_specs())
def test_generated_models_load_and_list_every_evaluation(spec: ModelSpec) -> None:
    results = results_of(spec)
    scenarios = ["basis", "hoog"] if spec.scenario else ["basis"]
    for item in spec.interventions:
        variants = ["klein", "groot"] if item.variant_reach is not None else ["basis"]
        got = [(e.variant, e.scenario) for e in results.intervention(item.id).evaluations]
        assert got == [(v, s) for v in variants for s in scenarios]


@PROPERTY
@given(model_specs())
def test_every_line_is_the_product_of_its_factors(spec: ModelSpec) -> None:
    """An independent oracle: the drawn numbers multiplied here, summed per financier."""
    results = results_of(spec)
    for ev in evaluations(results):
        item = spec.intervention(ev.intervention)
        reach = effective_reach(item, ev.variant, ev.scenario)
        assert ev.reach == pytest.approx(reach, rel=REL)
        expected_by_financier = dict.fromkeys(spec.financiers, 0.0)
        for effect, line in zip(item.effects, ev.effects, strict=True):
            assert line.id == effect.id
            expected = oracle_gross(spec, effect, reach)
            assert line.gross == close(expected, ev)
            financier = effect.financier or spec.price(effect.price).financier
            assert line.financier == financier
            assert line.in_perspective == (financier in spec.perspective)
            expected_by_financier[financier] += expected
        for financier, expected in expected_by_financier.items():
            assert ev.gross_by_financier[financier] == close(expected, ev)
        expected_by_payer = dict.fromkeys(spec.financiers, 0.0)
        for investment, inv_line in zip(item.investments, ev.investments, strict=True):
            assert inv_line.id == investment.id
            assert inv_line.payer == investment.payer
            expected = oracle_investment(spec, investment)
            assert inv_line.amount == close(expected, ev)
            expected_by_payer[investment.payer] += expected
        for payer, expected in expected_by_payer.items():
            assert ev.investment_by_payer[payer] == close(expected, ev)


@PROPERTY
@given(model_specs(), factors)
def test_gross_is_linear_in_cases(spec: ModelSpec, k: float) -> None:
    """Every count of cases (cases, units, reach) × k: every line and total × k."""
    base, scaled = results_of(spec), results_of(spec, cases=k)
    for a, b in zip(evaluations(base), evaluations(scaled), strict=True):
        assert (a.intervention, a.variant, a.scenario) == (b.intervention, b.variant, b.scenario)
        assert b.reach == pytest.approx(k * a.reach, rel=REL)
        for line_a, line_b in zip(a.effects, b.effects, strict=True):
            assert line_b.gross == pytest.approx(k * line_a.gross, rel=REL)
        assert b.gross == close(k * a.gross, b)
        assert b.perspective_gross == close(k * a.perspective_gross, b)
        for f in spec.financiers:
            assert b.gross_by_financier[f] == close(k * a.gross_by_financier[f], b)
        # what it costs does not depend on how many cases there are (no =reach here)
        assert b.investment == pytest.approx(a.investment, rel=REL)
        assert b.investment_by_payer == pytest.approx(a.investment_by_payer, rel=REL)


@PROPERTY
@given(model_specs(), factors)
def test_gross_is_linear_in_prices(spec: ModelSpec, k: float) -> None:
    base, scaled = results_of(spec), results_of(spec, prices=k)
    for a, b in zip(evaluations(base), evaluations(scaled), strict=True):
        for line_a, line_b in zip(a.effects, b.effects, strict=True):
            assert line_b.price == pytest.approx(k * line_a.price, rel=REL)
            assert line_b.gross == pytest.approx(k * line_a.gross, rel=REL)
        assert b.gross == close(k * a.gross, b)
        assert b.perspective_gross == close(k * a.perspective_gross, b)
        for f in spec.financiers:
            assert b.gross_by_financier[f] == close(k * a.gross_by_financier[f], b)
        assert b.investment == a.investment
        assert b.perspective_investment == a.perspective_investment
        assert b.investment_by_payer == a.investment_by_payer


@PROPERTY
@given(model_specs())
def test_totals_add_up(spec: ModelSpec) -> None:
    results = results_of(spec)
    assert results.perspective == "eigen"
    assert results.perspective_financiers == list(spec.perspective)
    for ev in evaluations(results):
        assert set(ev.gross_by_financier) == set(spec.financiers)
        assert set(ev.investment_by_payer) == set(spec.financiers)
        assert ev.gross == close(sum(line.gross for line in ev.effects), ev)
        assert ev.investment == close(sum(line.amount for line in ev.investments), ev)
        assert sum(ev.gross_by_financier.values()) == close(ev.gross, ev)
        assert sum(ev.investment_by_payer.values()) == close(ev.investment, ev)
        in_view = [f for f in spec.financiers if f in spec.perspective]
        assert sum(ev.gross_by_financier[f] for f in in_view) == close(ev.perspective_gross, ev)
        assert sum(ev.investment_by_payer[f] for f in in_view) == close(
            ev.perspective_investment, ev
        )
        assert ev.net == close(ev.perspective_gross - ev.perspective_investment, ev)
        assert ev.society_net == close(ev.gross - ev.investment, ev)


@PROPERTY
@given(model_specs())
def test_ratios_divide_by_the_perspective_investment(spec: ModelSpec) -> None:
    for ev in evaluations(results_of(spec)):
        if ev.perspective_investment > 0:
            assert ev.ratio_gross == pytest.approx(
                ev.perspective_gross / ev.perspective_investment, rel=REL
            )
            assert ev.ratio_net == pytest.approx(ev.net / ev.perspective_investment, rel=REL)
        else:
            assert ev.ratio_gross is None
            assert ev.ratio_net is None


@PROPERTY
@given(model_specs(), st.integers(0, 2**32 - 1))
def test_one_engine_for_point_values_and_draws(spec: ModelSpec, seed: int) -> None:
    """``run(plan, X)`` column j is ``run(plan, X[:, j])``: draws use the same code."""
    plan = build_plan(loads(model_yaml(spec), "gegenereerd.yaml"))
    x = np.random.default_rng(seed).uniform(0.01, 1000.0, size=(len(plan.inputs), 7))
    together = run(plan, x)
    for name in ("effect_gross", "investment_amount", "gross_by_financier", "investment_by_payer"):
        assert getattr(together, name).shape[-1] == 7
    for j in range(7):
        alone = run(plan, x[:, j])
        for name in (
            "slots",
            "effect_gross",
            "investment_amount",
            "gross_by_financier",
            "investment_by_payer",
        ):
            column = getattr(together, name)[..., j]
            point = getattr(alone, name)
            assert column.shape == point.shape, name
            np.testing.assert_allclose(column, point, rtol=REL, atol=0, err_msg=name)


@PROPERTY
@given(model_specs())
def test_a_point_run_without_x_uses_the_model_values(spec: ModelSpec) -> None:
    plan = build_plan(loads(model_yaml(spec), "gegenereerd.yaml"))
    default, explicit = run(plan), run(plan, np.array([i.value for i in plan.inputs]))
    for name in ("effect_gross", "investment_amount", "gross_by_financier", "investment_by_payer"):
        np.testing.assert_array_equal(getattr(default, name), getattr(explicit, name))


# --------------------------------------------------------------------------- examples

SMALL = """\
rendement: 1
meta:
  title: Klein
  client: Gemeente Proef
  version: "1.0"
  date: 2024-01-01
  price_year: 2024
theory_of_change:
  problem: Een probleem.
sources:
  - id: bron
    title: Een bron
financiers:
  - id: wmo
    name: Gemeente (Wmo)
    party: gemeente
prices:
  - id: tarief
    name: Tarief
    unit: uur
    amount: 0.333
    price_year: 2024
    source: bron
    financier: wmo
interventions:
  - id: proef
    name: Proef
    reach: 3
    reach_unit: deelnemers
    effects:
      - id: regel
        name: Regel
        cases: 3
        units_per_case: 1
        price: tarief
    investments:
{investments}
"""

ONE_INVESTMENT = """\
      - id: kosten
        name: Kosten
        amount: 0.5
        payer: wmo"""


def test_nothing_is_rounded() -> None:
    results = evaluate(loads(SMALL.format(investments=ONE_INVESTMENT)))
    ev = results.get("proef", "basis")
    (line,) = ev.effects
    assert line.gross == pytest.approx(0.999, rel=REL)
    assert line.gross != 1
    assert ev.gross == pytest.approx(0.999, rel=REL)
    assert ev.perspective_gross == pytest.approx(0.999, rel=REL)
    assert ev.net == pytest.approx(0.499, rel=REL)
    assert ev.ratio_gross == pytest.approx(1.998, rel=REL)
    assert ev.gross_per_case == pytest.approx(0.333, rel=REL)


def test_an_intervention_without_investment_lines_evaluates() -> None:
    results = evaluate(loads(SMALL.format(investments="      []")))
    ev = results.get("proef", "basis")
    assert ev.investment == 0
    assert ev.ratio_gross is None


def test_a_variant_may_not_define_reach_from_itself() -> None:
    """'=reach * 2' in a variant is ambiguous (which reach?): refused with a clear message."""
    text = SMALL.format(investments=ONE_INVESTMENT) + (
        "    variants:\n"
        "      - id: dubbel\n"
        "        name: Dubbel bereik\n"
        "        set:\n"
        '          reach: "=reach * 2"\n'
    )
    with pytest.raises(ModelError) as caught:
        loads(text)
    (problem,) = caught.value.problems
    assert problem.code == "cycle"
    assert "'reach' gebruikt zichzelf" in problem.message
    assert problem.path.endswith("variants[dubbel].set.reach")


def test_case_parameters_may_refer_to_later_ones() -> None:
    text = SMALL.format(investments=ONE_INVESTMENT).replace(
        "interventions:",
        "parameters:\n"
        "  - id: dubbel\n"
        '    value: "=enkel * 2"\n'
        "  - id: enkel\n"
        "    value: 3\n"
        "interventions:",
    )
    text = text.replace("        cases: 3\n", '        cases: "=dubbel"\n')
    results = evaluate(loads(text))
    assert results.get("proef", "basis").effects[0].cases == 6
