"""Checks across the model: every id referred to is declared, formulas resolve, no cycles.

Each check yields ``(loc, code, message)``; the loader turns ``loc`` into a file line.
"""

from __future__ import annotations

from collections.abc import Container, Iterator, Sequence
from typing import Any

from ..i18n import N_
from ..wording import Text, reason, unknown_reference
from .case import BASE_SCENARIO, BusinessCase
from .expressions import names
from .figures import figure_kind
from .formulas_check import scope_findings
from .interventions import Intervention
from .locations import Loc
from .messages import known, suggestion
from .overrides import OverrideError, apply_overrides
from .parties import SOCIETY
from .pricing import PriceBook, usage_findings
from .scenarios import INTERVENTIONS, CaseChangeError, case_path, parse_change, split_changes
from .values import Value

Finding = tuple[Loc, str, Text | str]

REACH = "reach"
"""Inside an intervention, formulas may use ``reach`` for its number of cases."""


def _unknown(kind: Text, ref: str, options: Sequence[str]) -> Text:
    return unknown_reference(kind, ref, list(options))


def _duplicates(items: Sequence[Any], loc: Loc, what: str) -> Iterator[Finding]:
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.id in seen:
            yield (
                (*loc, index, "id"),
                "duplicate_id",
                Text(
                    N_("de id '{id}' komt twee keer voor onder {what}; elke id is uniek"),
                    id=item.id,
                    what=what,
                ),
            )
        seen.add(item.id)


def iter_values(intervention: Intervention) -> Iterator[tuple[Loc, Value]]:
    """Every number of an intervention with its location inside the intervention."""
    yield ("reach",), intervention.reach
    for i, parameter in enumerate(intervention.parameters):
        yield ("parameters", i, "value"), parameter.value
    for i, effect in enumerate(intervention.effects):
        for field in ("cases", "share", "units_per_case", "units"):
            value = getattr(effect, field)
            if value is not None:
                yield ("effects", i, field), value
    for i, investment in enumerate(intervention.investments):
        for field in ("amount", "hours_per_week", "hourly_cost", "quantity", "unit_cost"):
            value = getattr(investment, field)
            if value is not None:
                yield ("investments", i, field), value


def cycle_in(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle of names (first name repeated at the end), or None.

    Depth-first without recursion: a model may chain thousands of parameters (a web form
    filled by a script), and Python's stack must not decide whether it loads.
    """
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for root in sorted(graph):
        if state.get(root) is not None:
            continue
        path: list[str] = [root]
        todo: list[list[str]] = [sorted(graph.get(root, ()), reverse=True)]
        state[root] = 1
        while path:
            if not todo[-1]:
                state[path.pop()] = 2
                todo.pop()
                continue
            nxt = todo[-1].pop()
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt in graph and state.get(nxt) is None:
                state[nxt] = 1
                path.append(nxt)
                todo.append(sorted(graph.get(nxt, ()), reverse=True))
    return None


MAX_CHAIN = 100
"""The longest chain of formulas that use formulas (``a`` uses ``b`` uses ``c`` …)."""


def longest_chain(graph: dict[str, set[str]]) -> tuple[int, str]:
    """The length of the longest chain of names in an acyclic ``graph`` and where it starts."""
    length: dict[str, int] = {}
    for root in sorted(graph):
        stack = [root]
        while stack:
            name = stack[-1]
            if name in length:
                stack.pop()
                continue
            waiting = [d for d in graph.get(name, ()) if d in graph and d not in length]
            if waiting:
                stack.extend(waiting)
                continue
            deps = [length[d] for d in graph.get(name, ()) if d in graph]
            length[name] = 1 + max(deps, default=0)
            stack.pop()
    if not length:
        return 0, ""
    top = max(sorted(length), key=lambda name: length[name])
    return length[top], top


def _chain_message(length: int) -> Text:
    return Text(
        N_(
            "deze waarde hangt via {length} formules na elkaar af van andere; rendement volgt "
            "hoogstens {limit} stappen. Schrijf tussenstappen als getal, of reken korter"
        ),
        length=length,
        limit=MAX_CHAIN,
    )


def formula_findings(
    intervention: Intervention, global_names: set[str], loc: Loc
) -> Iterator[Finding]:
    """Formulas that use undeclared names, and parameters that depend on themselves."""
    local = set(intervention.parameter_values())
    available = local | global_names | {REACH}
    for where, value in iter_values(intervention):
        for name in sorted(names(value.expr) - available):
            options = sorted(available)
            yield (
                (*loc, *where),
                "unknown_name",
                Text(
                    N_(
                        "de formule {text} gebruikt '{name}', maar dat is geen parameter "
                        "({known}).{suggestion}"
                    ),
                    text=value.text,
                    name=name,
                    known=known(options),
                    suggestion=suggestion(name, options),
                ),
            )
    graph = {p.id: names(p.value.expr) & (local | {REACH}) for p in intervention.parameters}
    graph[REACH] = names(intervention.reach.expr) & (local | {REACH})
    cycle = cycle_in(graph)
    ids = [p.id for p in intervention.parameters]
    if cycle:
        first: Loc = (REACH,) if cycle[0] == REACH else ("parameters", ids.index(cycle[0]), "value")
        yield ((*loc, *first), "cycle", _cycle_message(cycle))
    else:
        length, top = longest_chain(graph)
        if length > MAX_CHAIN:
            at: Loc = (REACH,) if top == REACH else ("parameters", ids.index(top), "value")
            yield ((*loc, *at), "too_deep", _chain_message(length))


def _cycle_message(cycle: list[str]) -> Text:
    if len(cycle) == 2:  # a value that uses itself, e.g. reach: =reach * 2 in a variant
        return Text(
            N_(
                "'{cycle}' gebruikt zichzelf in zijn eigen formule; schrijf de waarde zelf (in "
                "een variant of scenario: de nieuwe waarde, niet een wijziging van de oude)"
            ),
            cycle=cycle[0],
        )
    return Text(N_("deze waarden hangen in een kring van elkaar af: ")) + " → ".join(cycle)


def check_case(
    case: BusinessCase, book: PriceBook, only: Container[int] | None = None
) -> Iterator[Finding]:
    """All cross-reference findings of a validated case (shape is already valid).

    ``only``: the interventions (by place) whose own checks run; the others' are skipped
    (``model/incremental.py``: a case whose other interventions were found right before,
    and whose change cannot touch them)."""
    yield from _duplicates(case.sources, ("sources",), "sources")
    yield from _duplicates(case.financiers, ("financiers",), "financiers")
    yield from _duplicates(case.stakeholders, ("stakeholders",), "stakeholders")
    yield from _duplicates(case.perspectives, ("perspectives",), "perspectives")
    yield from _duplicates(case.prices, ("prices",), "prices")
    yield from _duplicates(case.parameters, ("parameters",), "parameters")
    yield from _duplicates(case.scenarios, ("scenarios",), "scenarios")
    yield from _duplicates(case.interventions, ("interventions",), "interventions")

    sources = [s.id for s in case.sources]
    financiers = [f.id for f in case.financiers]
    stakeholders = [s.id for s in case.stakeholders]
    prices = book.prices
    scenarios = [s.id for s in case.scenarios]

    for i, perspective in enumerate(case.perspectives):
        if perspective.id == SOCIETY:
            yield (
                ("perspectives", i, "id"),
                "reserved_id",
                Text(
                    N_(
                        "'{society}' is het ingebouwde perspectief van alle financiers; kies "
                        "een andere id"
                    ),
                    society=SOCIETY,
                ),
            )
        for j, ref in enumerate(perspective.financiers):
            if ref not in financiers:
                yield (
                    ("perspectives", i, "financiers", j),
                    "unknown_financier",
                    _unknown(Text(N_("financier")), ref, financiers),
                )
    perspective_ids = [SOCIETY, *(p.id for p in case.perspectives if p.id != SOCIETY)]
    if case.perspective not in perspective_ids:
        yield (
            ("perspective",),
            "unknown_perspective",
            _unknown(Text(N_("perspectief")), case.perspective, perspective_ids),
        )
    for i, scenario in enumerate(case.scenarios):
        if scenario.id == BASE_SCENARIO:
            yield (
                ("scenarios", i, "id"),
                "reserved_id",
                Text(
                    N_("'{base}' is het model zoals geschreven; kies een andere id"),
                    base=BASE_SCENARIO,
                ),
            )

    for i, price in enumerate(case.prices):
        if price.source not in sources:
            yield (
                ("prices", i, "source"),
                "unknown_source",
                _unknown(Text(N_("bron")), price.source, sources),
            )
        if price.exchange is not None and price.exchange.source not in sources:
            yield (
                ("prices", i, "exchange", "source"),
                "unknown_source",
                _unknown(Text(N_("bron")), price.exchange.source, sources),
            )
        if price.currency is not None and price.currency == case.meta.currency:
            yield (
                ("prices", i, "currency"),
                "same_currency",
                Text(
                    N_("de case rekent al in {currency}; laat 'currency' en 'exchange' weg"),
                    currency=price.currency,
                ),
            )
        if price.financier is not None and price.financier not in financiers:
            yield (
                ("prices", i, "financier"),
                "unknown_financier",
                _unknown(Text(N_("financier")), price.financier, financiers),
            )
    global_names = {p.id for p in case.parameters}
    for i, parameter in enumerate(case.parameters):
        if parameter.source is not None and parameter.source not in sources:
            yield (
                ("parameters", i, "source"),
                "unknown_source",
                _unknown(Text(N_("bron")), parameter.source, sources),
            )
        for name in sorted(names(parameter.value.expr) - global_names):
            options = sorted(global_names)
            yield (
                ("parameters", i, "value"),
                "unknown_name",
                Text(
                    N_(
                        "de formule {text} gebruikt '{name}', maar dat is geen parameter "
                        "({known}).{suggestion}"
                    ),
                    text=parameter.value.text,
                    name=name,
                    known=known(options),
                    suggestion=suggestion(name, options),
                ),
            )
    shared_graph = {p.id: names(p.value.expr) & global_names for p in case.parameters}
    cycle = cycle_in(shared_graph)
    ids = [p.id for p in case.parameters]
    if cycle:
        yield (
            ("parameters", ids.index(cycle[0]), "value"),
            "cycle",
            _cycle_message(cycle),
        )
    elif longest_chain(shared_graph)[0] > MAX_CHAIN:
        length, top = longest_chain(shared_graph)
        yield (("parameters", ids.index(top), "value"), "too_deep", _chain_message(length))

    needs_weeks = False
    for n, intervention in enumerate(case.interventions):
        if only is not None and n not in only:
            needs_weeks |= any(i.hours_per_week is not None for i in intervention.investments)
            continue
        loc: Loc = ("interventions", n)
        yield from _duplicates(intervention.parameters, (*loc, "parameters"), "parameters")
        yield from _duplicates(intervention.effects, (*loc, "effects"), "effects")
        yield from _duplicates(intervention.investments, (*loc, "investments"), "investments")
        yield from _duplicates(intervention.variants, (*loc, "variants"), "variants")
        for i, effect in enumerate(intervention.effects):
            known_price = prices.get(effect.price)
            if known_price is None:
                yield (
                    (*loc, "effects", i, "price"),
                    "unknown_price",
                    _unknown(Text(N_("prijs")), effect.price, list(prices)),
                )
            if effect.financier is not None and effect.financier not in financiers:
                yield (
                    (*loc, "effects", i, "financier"),
                    "unknown_financier",
                    _unknown(Text(N_("financier")), effect.financier, financiers),
                )
            if (
                effect.financier is None
                and known_price is not None
                and known_price.financier is None
            ):
                claims = [f.id for f in case.financiers if known_price.domain in f.domains]
                domain: Text | str = ""
                if known_price.domain and claims:
                    domain = Text(
                        N_(" (domein '{domain}' uit {origin}, geclaimd door {names})"),
                        domain=known_price.domain,
                        origin=known_price.origin,
                        names=", ".join(claims),
                    )
                elif known_price.domain:
                    domain = Text(
                        N_(" (domein '{domain}' uit {origin})"),
                        domain=known_price.domain,
                        origin=known_price.origin,
                    )
                yield (
                    (*loc, "effects", i),
                    "no_financier",
                    Text(
                        N_(
                            "wie draagt de kosten die '{name}' bespaart? Geef 'financier' bij "
                            "deze regel of bij prijs '{id}'{domain}"
                        ),
                        name=effect.name,
                        id=known_price.id,
                        domain=domain,
                    ),
                )
            if effect.stakeholder is not None and effect.stakeholder not in stakeholders:
                yield (
                    (*loc, "effects", i, "stakeholder"),
                    "unknown_stakeholder",
                    _unknown(Text(N_("belanghebbende")), effect.stakeholder, stakeholders),
                )
        for i, outcome in enumerate(intervention.non_monetised):
            if outcome.stakeholder is not None and outcome.stakeholder not in stakeholders:
                yield (
                    (*loc, "non_monetised", i, "stakeholder"),
                    "unknown_stakeholder",
                    _unknown(Text(N_("belanghebbende")), outcome.stakeholder, stakeholders),
                )
        for i, investment in enumerate(intervention.investments):
            if investment.payer not in financiers:
                yield (
                    (*loc, "investments", i, "payer"),
                    "unknown_financier",
                    _unknown(Text(N_("financier")), investment.payer, financiers),
                )
            if investment.source is not None and investment.source not in sources:
                yield (
                    (*loc, "investments", i, "source"),
                    "unknown_source",
                    _unknown(Text(N_("bron")), investment.source, sources),
                )
            if investment.hours_per_week is not None:
                needs_weeks = True
        for i, parameter in enumerate(intervention.parameters):
            if parameter.source is not None and parameter.source not in sources:
                yield (
                    (*loc, "parameters", i, "source"),
                    "unknown_source",
                    _unknown(Text(N_("bron")), parameter.source, sources),
                )
            if parameter.id in global_names:
                yield (
                    (*loc, "parameters", i, "id"),
                    "shadowed_parameter",
                    Text(
                        N_("parameter '{id}' bestaat al voor de hele case; kies een andere naam"),
                        id=parameter.id,
                    ),
                )
        for key in intervention.scenarios:
            if key not in scenarios:
                yield (
                    (*loc, "scenarios", key),
                    "unknown_scenario",
                    _unknown(Text(N_("scenario")), key, scenarios)
                    + Text(N_(" Declareer scenario's bovenaan onder 'scenarios'.")),
                )
        yield from formula_findings(intervention, global_names, loc)
        yield from _override_findings(intervention, global_names, loc, case, set(prices))
        yield from _reported_findings(case, intervention, loc)

    if needs_weeks and case.meta.weeks_per_year is None:
        yield (
            ("meta", "weeks_per_year"),
            "missing_weeks",
            Text(
                N_(
                    "er zijn investeringen in uren per week; geef daarom 'weeks_per_year' (het "
                    "aantal werkweken per jaar, bijv. 52) onder meta"
                )
            ),
        )
    yield from scope_findings(case)
    yield from book.findings
    yield from usage_findings(case, book)
    yield from _scenario_findings(case, set(prices))
    if case.portfolio is not None:
        yield from _portfolio_findings(case)
    yield from _correlation_findings(case)


def _uncertain_values(case: BusinessCase) -> dict[str, Value]:
    """Every number of the case by the name ``correlations`` uses for it."""
    out: dict[str, Value] = {f"parameters.{p.id}": p.value for p in case.parameters}
    for intervention in case.interventions:
        for loc, value in iter_values(intervention):
            parts = [str(p) for p in loc]
            if len(loc) == 3 and isinstance(loc[1], int):
                items = getattr(intervention, str(loc[0]))
                parts[1] = items[loc[1]].id
            name = ".".join(parts)
            if parts[0] == "parameters":
                out[f"{intervention.id}.parameters.{parts[1]}"] = value
            out[f"{intervention.id}.{name}"] = value
    return out


def _correlation_findings(case: BusinessCase) -> Iterator[Finding]:
    if not case.correlations:
        return
    values = _uncertain_values(case)
    names: list[str] = []
    named: dict[str, int] = {}  # name → place in names (a search per name is quadratic)
    for i, c in enumerate(case.correlations):
        for j, ref in enumerate(c.between):
            value = values.get(ref)
            if value is None:
                yield (
                    ("correlations", i, "between", j),
                    "unknown_input",
                    Text(
                        N_(
                            "'{ref}' is geen invoer van dit model; schrijf 'interventie.pad', "
                            "bijv. ouders_lokaal.effects.cjg.share."
                        ),
                        ref=ref,
                    )
                    + suggestion(ref, sorted(values)),
                )
            elif value.dist is None:
                yield (
                    ("correlations", i, "between", j),
                    "not_uncertain",
                    Text(
                        N_(
                            "'{ref}' is een vast getal ({text}); alleen invoer met een "
                            "verdeling kan samen bewegen"
                        ),
                        ref=ref,
                        text=value.text,
                    ),
                )
            elif ref not in named:
                named[ref] = len(names)
                names.append(ref)
        if c.between[0] == c.between[1]:
            yield (
                ("correlations", i, "between"),
                "invalid_value",
                Text(N_("een invoer kan niet met zichzelf correleren")),
            )
    import numpy as np  # here only: loading a model without correlations needs no NumPy

    # The matrix is positive definite exactly when each group of inputs linked by
    # correlations is: one small Cholesky per group (in the order of ``names``) instead of
    # one of all inputs, which at 500 interventions was most of this check's time.
    pairs = [
        (named[c.between[0]], named[c.between[1]], c.rho)
        for c in case.correlations
        if all(ref in named for ref in c.between) and c.between[0] != c.between[1]
    ]
    group = list(range(len(names)))

    def root(at: int) -> int:
        while group[at] != at:
            group[at] = group[group[at]]
            at = group[at]
        return at

    for a, b, _rho in pairs:
        group[root(a)] = root(b)
    members: dict[int, list[int]] = {}
    for at in range(len(names)):
        members.setdefault(root(at), []).append(at)
    blocks: dict[int, Any] = {}
    for top, inside in members.items():
        if len(inside) > 1:
            blocks[top] = np.eye(len(inside))
    place = {at: inside.index(at) for inside in members.values() for at in inside}
    for a, b, rho in pairs:  # later correlations of the same pair overwrite, as before
        matrix = blocks[root(a)]
        matrix[place[a], place[b]] = matrix[place[b], place[a]] = rho
    try:
        for matrix in blocks.values():
            np.linalg.cholesky(matrix)
    except np.linalg.LinAlgError:
        yield (
            ("correlations",),
            "impossible_correlation",
            Text(
                N_(
                    "deze correlaties kunnen niet tegelijk gelden (de correlatiematrix is niet "
                    "positief definiet); maak ze kleiner of minder tegenstrijdig"
                )
            ),
        )


def _override_findings(
    intervention: Intervention,
    global_names: set[str],
    loc: Loc,
    case: BusinessCase,
    price_ids: set[str],
) -> Iterator[Finding]:
    groups: list[tuple[Loc, dict[str, Any]]] = [
        ((*loc, "variants", i, "set"), v.set) for i, v in enumerate(intervention.variants)
    ]
    groups += [
        ((*loc, "scenarios", key, "set"), s.set) for key, s in intervention.scenarios.items()
    ]
    base_findings = {m for _, _, m in formula_findings(intervention, global_names, loc)}
    for where, all_changes in groups:
        changes, outside = split_changes(all_changes, case, intervention)
        for path, value in outside.items():
            yield from _case_change_findings(path, value, (*where, path), case, price_ids)
        for path, value in changes.items():
            try:
                changed = apply_overrides(intervention, {path: value})
            except OverrideError as error:
                yield ((*where, path), "bad_override", reason(error))
                continue
            for _, code, message in formula_findings(changed, global_names, loc):
                if message not in base_findings:
                    yield ((*where, path), code, message)


def _case_change_findings(
    path: str, value: Any, where: Loc, case: BusinessCase, price_ids: set[str]
) -> Iterator[Finding]:
    """A change of a case parameter or a price: the path exists, the value is valid there."""
    try:
        named = case_path(path, case, set(), price_ids)
        if named is None:
            yield (
                where,
                "bad_override",
                Text(
                    N_(
                        "pad '{path}' bestaat niet; een scenario verandert voor de hele case "
                        "parameters.<id>, prices.<id>.amount of interventions.<id>.<pad>."
                    ),
                    path=path,
                )
                + suggestion(path, _case_paths(case, price_ids)),
            )
            return
        change = parse_change(*named, value, path, "", "")
    except CaseChangeError as error:
        yield (where, "bad_override", reason(error))
        return
    global_names = {p.id for p in case.parameters}
    unknown = sorted(names(change.value.expr) - global_names)
    for name in unknown:
        options = sorted(global_names)
        yield (
            where,
            "unknown_name",
            Text(
                N_(
                    "de formule {text} gebruikt '{name}', maar dat is geen parameter van de "
                    "case ({known}).{suggestion}"
                ),
                text=change.value.text,
                name=name,
                known=known(options),
                suggestion=suggestion(name, options),
            ),
        )
    if named[0] == "parameter" and not unknown:
        graph = {p.id: names(p.value.expr) & global_names for p in case.parameters}
        graph[named[1]] = names(change.value.expr) & global_names
        cycle = cycle_in(graph)
        if cycle:
            yield (where, "cycle", _cycle_message(cycle))


def _case_paths(case: BusinessCase, price_ids: set[str]) -> list[str]:
    return [
        *(f"parameters.{p.id}" for p in case.parameters),
        *(f"prices.{p}.amount" for p in sorted(price_ids)),
    ]


def _scenario_findings(case: BusinessCase, price_ids: set[str]) -> Iterator[Finding]:
    """What a declared scenario's ``set`` changes: case values, or values in an intervention."""
    interventions = {i.id: i for i in case.interventions}
    global_names = {p.id for p in case.parameters}
    for n, scenario in enumerate(case.scenarios):
        for path, value in scenario.set.items():
            where: Loc = ("scenarios", n, "set", path)
            head, _, rest = path.partition(".")
            if head != INTERVENTIONS:
                yield from _case_change_findings(path, value, where, case, price_ids)
                continue
            iid, _, inner = rest.partition(".")
            if iid not in interventions:
                yield (
                    where,
                    "unknown_intervention",
                    _unknown(Text(N_("interventie")), iid, list(interventions)),
                )
                continue
            if not inner:
                yield (
                    where,
                    "bad_override",
                    Text(
                        N_(
                            "pad '{path}': noem na de interventie wat verandert, bijv. "
                            "interventions.{iid}.reach"
                        ),
                        path=path,
                        iid=iid,
                    ),
                )
                continue
            intervention = interventions[iid]
            inside, outside = split_changes({inner: value}, case, intervention)
            if outside:
                yield (
                    where,
                    "bad_override",
                    Text(
                        N_(
                            "pad '{path}': een parameter of prijs van de hele case verandert u "
                            "met '{inner}' zonder 'interventions.{iid}.' ervoor"
                        ),
                        path=path,
                        inner=inner,
                        iid=iid,
                    ),
                )
                continue
            try:
                changed = apply_overrides(intervention, inside)
            except OverrideError as error:
                yield (where, "bad_override", reason(error))
                continue
            index = list(interventions).index(iid)
            base = {m for _, _, m in formula_findings(intervention, global_names, ("x",))}
            for _, code, message in formula_findings(
                changed, global_names, ("interventions", index)
            ):
                if message not in base:
                    yield (where, code, message)


def _reported_findings(
    case: BusinessCase, intervention: Intervention, loc: Loc
) -> Iterator[Finding]:
    effects = {e.id for e in intervention.effects}
    investments = {i.id for i in intervention.investments}
    financiers = {f.id for f in case.financiers}
    stakeholders = {s.id for s in case.stakeholders}
    perspectives = [SOCIETY, *(p.id for p in case.perspectives)]
    variants = intervention.variant_ids()
    scenarios = case.scenario_ids()
    for i, entry in enumerate(intervention.reported):
        if entry.variant is not None and entry.variant not in variants:
            yield (
                (*loc, "reported", i, "variant"),
                "unknown_variant",
                _unknown(Text(N_("variant")), entry.variant, variants),
            )
        if entry.scenario is not None and entry.scenario not in scenarios:
            yield (
                (*loc, "reported", i, "scenario"),
                "unknown_scenario",
                _unknown(Text(N_("scenario")), entry.scenario, scenarios),
            )
        if entry.perspective is not None and entry.perspective not in perspectives:
            yield (
                (*loc, "reported", i, "perspective"),
                "unknown_perspective",
                _unknown(Text(N_("perspectief")), entry.perspective, perspectives),
            )
        for path in entry.figures:
            kind = figure_kind(path, effects, investments, financiers, stakeholders)
            if kind not in ("money", "ratio", "count"):
                yield ((*loc, "reported", i, "figures", path), "unknown_figure", kind)


def _portfolio_findings(case: BusinessCase) -> Iterator[Finding]:
    assert case.portfolio is not None
    interventions = {i.id: i for i in case.interventions}
    scenarios = case.scenario_ids()
    columns = [c.id for c in case.portfolio.columns]
    for c, column in enumerate(case.portfolio.columns):
        for key, pick in column.picks.items():
            where: Loc = ("portfolio", "columns", c, "picks", key)
            if key not in interventions:
                yield (
                    where,
                    "unknown_intervention",
                    _unknown(Text(N_("interventie")), key, list(interventions)),
                )
                continue
            variant, _, scenario = pick.partition("/")
            variants = interventions[key].variant_ids()
            if variant not in variants:
                yield (where, "unknown_variant", _unknown(Text(N_("variant")), variant, variants))
            if scenario and scenario not in scenarios:
                yield (
                    where,
                    "unknown_scenario",
                    _unknown(Text(N_("scenario")), scenario, scenarios),
                )
    for r, entry in enumerate(case.portfolio.reported):
        for path in entry.figures:
            column_id, _, rest = path.partition(".")
            if column_id not in columns or not (rest == "total" or rest in interventions):
                yield (
                    ("portfolio", "reported", r, "figures", path),
                    "unknown_figure",
                    Text(
                        N_(
                            "'{path}': verwacht '<kolom>.<interventie>' of '<kolom>.total' "
                            "(kolommen: {names})"
                        ),
                        path=path,
                        names=", ".join(columns),
                    ),
                )
            elif (
                rest != "total"
                and rest not in case.portfolio.columns[columns.index(column_id)].picks
            ):
                yield (  # a figure of a row the column no longer has (the audit needs it)
                    ("portfolio", "reported", r, "figures", path),
                    "unknown_figure",
                    f"'{path}': kolom '{column_id}' telt interventie '{rest}' niet mee; kies "
                    "in die kolom een variant voor deze interventie, of haal dit gedrukte "
                    "getal weg",
                )
