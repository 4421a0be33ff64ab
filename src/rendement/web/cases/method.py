"""The method in the forms: the case's settings (*Uitgangspunten*), the SROI filters of an
effect line, uncertain values (low / likely / high), the result beside a formula, a help
text for every field and the glossary of the method's words.

Read from the document (and, where a figure is needed, the loaded model), so an advisor
sets in a form what the model format otherwise only lets a YAML author set; the writes
themselves are in :mod:`.method_services`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ...i18n import N_, _
from ...model.editing import read as parse
from ...model.parties import SOCIETY
from .editor import EFFECT_FIELDS, Field, Group, _mapping, _sequence, _shown, place

FILTERS = (
    ("deadweight", N_("Deadweight (wat toch was gebeurd)")),
    ("attribution", N_("Toerekening (deel door deze interventie)")),
    ("displacement", N_("Verplaatsing (deel dat elders terugkomt)")),
    ("drop_off", N_("Uitdoving per jaar (drop-off)")),
    ("duration_years", N_("Duur in jaren")),
    ("start_delay_years", N_("Startvertraging in jaren")),
)
"""The impact filters of an effect line (docs/filters-and-time.md), in the order applied."""

OPTIONAL = frozenset(
    {key for key, _label in FILTERS} | {"attribution_to_others", "horizon_years", "discount_rate"}
)
"""Fields that may be left empty: empty means 'not used' (the model's default)."""

NUMERIC = frozenset(
    {
        "reach",
        "cases",
        "share",
        "units_per_case",
        "units",
        "amount",
        "hours_per_week",
        "hourly_cost",
        "quantity",
        "unit_cost",
        "value",
        *OPTIONAL,
    }
)
"""Fields that hold a number, and so may hold a range ("Onzeker?") or a formula."""

SHARES = frozenset(
    {"share", "deadweight", "attribution", "attribution_to_others", "displacement", "drop_off"}
    | {"discount_rate"}
)
MONEY = frozenset({"amount", "hourly_cost", "unit_cost"})

# ------------------------------------------------------------------------- glossary
GLOSSARY: tuple[tuple[str, str, str], ...] = (
    (
        "bruto-besparing",
        N_("Bruto besparing"),
        N_(
            "Wat de interventie bespaart vóór aftrek van wat zij kost: per effectregel "
            "casussen × eenheden per casus × tarief, na de filters, opgeteld over de regels."
        ),
    ),
    (
        "netto-besparing",
        N_("Netto besparing"),
        N_(
            "De bruto besparing van de financiers in het perspectief min de investering die "
            "zij betalen. Positief: de interventie verdient zich binnen dat perspectief terug."
        ),
    ),
    (
        "bruto-ratio",
        N_("Bruto ratio"),
        N_(
            "Bruto besparing in het perspectief gedeeld door de investering in het "
            "perspectief: 'elke geïnvesteerde euro levert € x op'. Een bruto ratio van 3 "
            "betekent € 3 terug per euro."
        ),
    ),
    (
        "netto-ratio",
        N_("Netto ratio (SROI-ratio)"),
        N_(
            "Netto besparing gedeeld door de investering: wat elke euro oplevert bóven "
            "zichzelf. Het rapport van De Bilt noemt dit de SROI-ratio; bij de SROI-methode "
            "is de SROI-ratio de maatschappelijke waarde gedeeld door de hele investering."
        ),
    ),
    (
        "perspectief",
        N_("Perspectief"),
        N_(
            "De financiers wier besparingen en kosten in de nettocijfers tellen, bijv. "
            "'Gemeente' (Wmo, Jeugdwet en Participatiewet samen). 'Maatschappij' telt alle "
            "financiers."
        ),
    ),
    (
        "financier",
        N_("Financier"),
        N_(
            "Het budget dat een kost betaalt of een besparing ontvangt: de gemeente (Wmo, "
            "Jeugdwet), de zorgverzekeraar (Zvw), het zorgkantoor (Wlz), het Rijk, …"
        ),
    ),
    (
        "variant",
        N_("Variant"),
        N_(
            "Een uitvoering van de interventie die u kiest, bijv. de huidige situatie of een "
            "uitbreiding met 15 koppelingen. Een variant verandert alleen de waarden die "
            "anders zijn; de rest blijft zoals in de interventie."
        ),
    ),
    (
        "scenario",
        N_("Scenario"),
        N_(
            "Een set aannames over wat u niet zelf in de hand hebt, bijv. minimum of maximum "
            "effect. Elke variant wordt onder elk scenario doorgerekend; 'Basis' is het model "
            "zoals geschreven."
        ),
    ),
    (
        "portfolio",
        N_("Portfolio (het overzicht)"),
        N_(
            "Het overzicht van alle interventies samen. Elke kolom telt per interventie de "
            "netto besparing van één gekozen variant en scenario op; naast elkaar vergelijkt "
            "u die totalen, bijv. een minimum- en een maximumkolom."
        ),
    ),
    (
        "toerekening",
        N_("Toerekening (attributie)"),
        N_(
            "Het deel van een effect dat aan déze interventie toe te schrijven is; de rest "
            "komt door anderen (huisarts, familie, een ander project). Toerekening 60% telt "
            "60% van het effect. Sommige SROI-gidsen geven juist het deel van anderen."
        ),
    ),
    (
        "deadweight",
        N_("Deadweight"),
        N_(
            "Het deel van het effect dat ook zonder de interventie was opgetreden. "
            "Deadweight 20% telt 80% van het effect."
        ),
    ),
    (
        "verplaatsing",
        N_("Verplaatsing"),
        N_(
            "Het deel van het effect dat elders terugkomt (een probleem verschuift naar een "
            "andere wijk of dienst). Verplaatsing 10% telt 90% van het effect."
        ),
    ),
    (
        "uitdoving",
        N_("Uitdoving (drop-off)"),
        N_(
            "Hoeveel een effect dat meer jaren duurt elk jaar afneemt. Uitdoving 20%: het "
            "tweede jaar telt 80%, het derde 64%."
        ),
    ),
    (
        "duur",
        N_("Duur"),
        N_(
            "Hoeveel jaren het effect van één jaar activiteit doorwerkt; standaard 1. Telt "
            "alleen binnen de tijdshorizon van de case."
        ),
    ),
    (
        "contante-waarde",
        N_("Contante waarde"),
        N_(
            "Bedragen van latere jaren teruggerekend naar vandaag met de discontovoet, zodat "
            "ze op te tellen zijn: € 100 over een jaar is bij 2,25% nu € 97,80 waard."
        ),
    ),
    (
        "discontovoet",
        N_("Discontovoet"),
        N_(
            "Het percentage per jaar waarmee latere bedragen minder zwaar tellen; standaard "
            "2,25% (reëel, MKBA-richtlijn). Jaar 1 wordt niet verdisconteerd."
        ),
    ),
    (
        "prijspeil",
        N_("Prijspeil"),
        N_(
            "Het jaar waarin alle bedragen zijn uitgedrukt. Tarieven uit andere jaren worden "
            "met de consumentenprijsindex van het CBS naar dit jaar omgerekend."
        ),
    ),
    (
        "schaduwprijs",
        N_("Schaduwprijs"),
        N_(
            "Een waarde voor iets waar geen budget voor betaalt, zoals mantelzorg of "
            "vrijwilligerstijd. Telt mee in de maatschappelijke waarde, niet als besparing "
            "van een financier."
        ),
    ),
    (
        "kassabon",
        N_("Kassabon"),
        N_(
            "Een samenvatting op één pagina: per interventie de investering, de besparingen "
            "per financier en het saldo, zoals een kassabon de posten van een aankoop toont."
        ),
    ),
    (
        "huidige-situatie",
        N_("Huidige situatie"),
        N_(
            "De variant die de interventie beschrijft zoals zij nu loopt, zonder "
            "uitbreiding; de andere varianten zijn wijzigingen daarop."
        ),
    ),
    (
        "bereik",
        N_("Bereik"),
        N_(
            "Hoeveel deelnemers, huishoudens of koppelingen de interventie per jaar bereikt. "
            "Formules in de interventie kunnen het gebruiken als 'reach'."
        ),
    ),
    (
        "onzeker",
        N_("Onzekere waarde (PERT)"),
        N_(
            "Een bandbreedte in plaats van één getal: laag, meest waarschijnlijk en hoog. "
            "Opgeslagen als pert(laag; waarschijnlijk; hoog). De pagina toont dan een Monte "
            "Carlo-simulatie, de tornado (welke invoer het meest uitmaakt) en per invoer het "
            "break-evenpunt."
        ),
    ),
    (
        "break-even",
        N_("Break-even"),
        N_(
            "De waarde van één invoer waarbij de netto besparing precies nul is; daaronder "
            "(of daarboven) verdient de interventie zich niet terug."
        ),
    ),
    (
        "methode",
        N_("Methode: mBC of SROI"),
        N_(
            "mBC (maatschappelijke business case) toont besparingen per financier en het "
            "perspectief. SROI toont daarnaast de maatschappelijke waarde per belanghebbende, "
            "ook waarde die geen budget bespaart, en de SROI-ratio."
        ),
    ),
    (
        "tijdshorizon",
        N_("Tijdshorizon"),
        N_(
            "Over hoeveel jaren de case rekent; standaard 1, dan is elk cijfer een jaarcijfer. "
            "Bij meer jaren tellen duur, uitdoving en de contante waarde mee."
        ),
    ),
)
"""The method's words, each with its anchor on the glossary page (``/begrippen/#…``)."""

TERMS = {anchor for anchor, _term, _text in GLOSSARY}

# ---------------------------------------------------------------------- help texts
HELP: dict[str, tuple[str, str]] = {
    "title": (N_("De titel boven de business case, bijv. 'Preventie in De Bilt 2025'."), ""),
    "client": (N_("Voor wie de case is gemaakt, bijv. 'Gemeente De Bilt'."), ""),
    "occasion": (N_("Waarom deze case nu wordt gemaakt, in een paar zinnen."), ""),
    "problem": (N_("Het maatschappelijk probleem dat de interventies aanpakken."), ""),
    "scope": (N_("Wat wel en niet in de case zit, bijv. alleen inwoners van 18+."), ""),
    "approach": (N_("Hoe de case is gemaakt: werksessies, bronnen, wie meedacht."), ""),
    "preconditions": (N_("Wat nodig is om de effecten te halen, één per regel."), ""),
    "financier_name": (
        N_("De naam van het budget zoals in de tabellen, bijv. 'Gemeente (Wmo)'."),
        "financier",
    ),
    "stakeholder_name": (N_("Wie een belang heeft, bijv. 'Ouders' of 'Huisartsen'."), ""),
    "stakeholder_description": (N_("Wie dit zijn en wat de interventie voor hen doet."), ""),
    "name": (N_("De naam zoals die in de tabellen en grafieken staat."), ""),
    "description": (N_("Wat de interventie is en doet, in gewone taal."), ""),
    "target_groups": (N_("Voor wie de interventie is, één groep per regel."), ""),
    "main_activities": (N_("Wat er gebeurt, één activiteit per regel."), ""),
    "way_of_working": (N_("Hoe het werkt, één stap per regel."), ""),
    "clients": (N_("Wat cliënten ervan merken, één effect per regel."), ""),
    "municipality": (N_("Wat de gemeente ervan merkt, één effect per regel."), ""),
    "society": (N_("Wat de maatschappij ervan merkt, één effect per regel."), ""),
    "reach": (
        N_("Hoeveel deelnemers of huishoudens de interventie per jaar bereikt, bijv. 50."),
        "bereik",
    ),
    "cases": (N_("Bij hoeveel casussen dit effect optreedt, bijv. 12."), ""),
    "share": (N_("Welk deel van het bereik dit effect heeft, bijv. 25%."), ""),
    "units_per_case": (
        N_("Hoeveel eenheden (uren, consulten, dagen) minder per casus, bijv. 3."),
        "",
    ),
    "units": (N_("Het totaal aantal eenheden minder, zonder casussen, bijv. 120."), ""),
    "price": (N_("Het tarief per eenheid waarmee dit effect wordt gewaardeerd."), "prijspeil"),
    "deadweight": (N_("Deel dat ook zonder de interventie was gebeurd, bijv. 20%."), "deadweight"),
    "attribution": (
        N_("Deel van het effect dat aan deze interventie toe te rekenen is, bijv. 60%."),
        "toerekening",
    ),
    "attribution_to_others": (
        N_("Deel van het effect dat aan anderen toekomt, bijv. 40%; de regel telt de rest."),
        "toerekening",
    ),
    "displacement": (
        N_("Deel van het effect dat elders terugkomt, bijv. 10%."),
        "verplaatsing",
    ),
    "drop_off": (
        N_("Hoeveel het effect elk volgend jaar afneemt, bijv. 20%."),
        "uitdoving",
    ),
    "duration_years": (N_("Hoeveel jaren het effect doorwerkt, bijv. 3."), "duur"),
    "start_delay_years": (N_("Na hoeveel jaren het effect begint, bijv. 1."), "duur"),
    "amount": (N_("Bedrag per jaar, bijv. 21376 of =21376 / (9 * 52)."), ""),
    "hours_per_week": (N_("Uren per week die de inzet kost, bijv. 9."), ""),
    "hourly_cost": (N_("Kosten per uur, bijv. 45,68 (schrijf 45.68)."), ""),
    "quantity": (N_("Aantal eenheden, bijv. 15 koppelingen."), ""),
    "unit_cost": (N_("Kosten per eenheid, bijv. 1250."), ""),
    "parameter": (N_("Een aanname die formules gebruiken, bijv. 52 weken."), ""),
    "price_year": (N_("Het jaar waarin alle bedragen zijn uitgedrukt, bijv. 2024."), "prijspeil"),
    "horizon_years": (
        N_("Over hoeveel jaren de case rekent; leeg is 1 jaar, bijv. 5."),
        "tijdshorizon",
    ),
    "discount_rate": (
        N_("Hoeveel latere jaren minder tellen; leeg is 2,25%, bijv. 3%."),
        "discontovoet",
    ),
    "method": (
        N_("mBC: besparingen per financier; SROI: ook waarde per belanghebbende."),
        "methode",
    ),
    "perspective": (
        N_("Wiens besparingen en kosten in de nettocijfers tellen, bijv. de gemeente."),
        "perspectief",
    ),
    "pick": (
        N_("Welke variant en welk scenario van elke interventie deze kolom optelt."),
        "portfolio",
    ),
    "variant_set": (
        N_("De waarde die deze variant of dit scenario in plaats daarvan neemt."),
        "variant",
    ),
}
"""Per field: a short help text with an example, and the glossary word it links to."""


def help_key(loc: tuple[int | str, ...]) -> str:
    """Which help text a field's place gets."""
    last = str(loc[-1]) if loc else ""
    if "set" in loc:
        path = last.split(".")
        if path[0] == "parameters":
            return "parameter"
        return path[-1] if path[-1] in HELP and path[-1] != "name" else "variant_set"
    if loc and loc[0] == "financiers":
        return "financier_name"
    if loc and loc[0] == "stakeholders":
        return "stakeholder_description" if last == "description" else "stakeholder_name"
    return last if last in HELP else "name"


def help_for(loc: tuple[int | str, ...]) -> tuple[str, str]:
    """(the help text in the active language, the glossary anchor or "")."""
    text, term = HELP[help_key(loc)]
    return _(text), term


# ----------------------------------------------------------------- uncertain values
_RANGE = re.compile(r"^\s*(pert|triangular)\s*\((.*)\)\s*$")


def bounds(value: str) -> tuple[str, str, str] | None:
    """A field's ``pert(15%; 25%; 35%)`` as (low, likely, high); None for anything else."""
    found = _RANGE.match(value)
    if not found:
        return None
    parts = [p.strip() for p in found.group(2).split(";")]
    if len(parts) != 3:
        return None
    return parts[0], parts[1], parts[2]


def ranged(low: str, likely: str, high: str) -> str:
    """The text a field takes for low / likely / high: ``pert(low; likely; high)``, or the
    likely value alone when no range is given (the value is certain again)."""
    low, likely, high = (x.strip() for x in (low, likely, high))
    if not low and not high:
        return likely
    return f"pert({low or likely}; {likely}; {high or likely})"


# ----------------------------------------------------------------- formula results
def formula_result(model: Any, loc: tuple[int | str, ...], text: str) -> str:
    """``=21376 / (9 * 52)`` → ``= 45,675`` (``= € 45,68`` for an amount, ``= 25,0%`` for a
    share), computed as the loader computes it: with the case's parameters and, inside an
    intervention, its reach and parameters. Empty when it is no formula or cannot be
    computed (the field's own error says why)."""
    if model is None or not text.strip().startswith("="):
        return ""
    from ...model.expressions import FormulaError, parse_formula
    from ...model.formulas_check import Scope, Unsafe, evaluate
    from ...money import euro, number

    case = model.case
    scope = Scope({p.id: p.value for p in case.parameters})
    at = loc[1] if len(loc) > 1 and loc[0] == "interventions" else None
    if isinstance(at, int) and at < len(case.interventions):
        item = case.interventions[at]
        scope = Scope({"reach": item.reach, **item.parameter_values()}, scope)
    try:
        value = evaluate(parse_formula(text.strip()[1:]), scope, {})
    except (FormulaError, Unsafe, ArithmeticError, ValueError, KeyError):
        return ""
    key = str(loc[-1]).split(".")[-1]
    if key in MONEY:
        return "= " + euro(value, cents=True)
    if key in SHARES:
        return "= " + number(value * 100, 1) + "%"
    return "= " + number(value, 3 if not float(value).is_integer() else 0)


def annotate(groups: list[Group], model: Any) -> None:
    """Give every field of the form its help text, the result of its formula and whether
    it holds a number (so it gets "Onzeker?")."""
    for group in groups:
        for f in (*group.fields, *group.about, *group.names):
            _annotate(f, model)


def _annotate(f: Field, model: Any) -> None:
    from .editor import loc_of

    try:
        loc = loc_of(f.loc)
    except ValueError:
        return
    f.help, f.term = help_for(loc)
    f.result = formula_result(model, loc, f.value)
    path = str(loc[-1]).split(".")
    parameter = "set" in loc and path[0] == "parameters"  # an assumption a variant sets
    f.numeric = not f.kind and (path[-1] in NUMERIC or parameter)
    f.range = bounds(f.value)


# ------------------------------------------------------------------------- settings
@dataclass
class Column:
    index: int
    name: str
    picks: list[tuple[str, str, str, list[tuple[str, str]]]] = field(default_factory=list)
    # (intervention id, its name, the pick, [(option, name)])
    error: str = ""  # a refused pick in this column, shown in its fold-out

    @property
    def index_text(self) -> str:
        """Its position as the remove form's place (``portfolio.columns.<index>``)."""
        return str(self.index)

    @property
    def remove_name(self) -> str:
        return _("Portfolio-kolom {name}").format(name=self.name)


@dataclass
class Settings:
    """The case's settings as the *Uitgangspunten* group shows them."""

    perspective: str
    perspectives: list[tuple[str, str]]  # (value posted, name)
    method: str
    fields: list[Field]
    columns: list[Column]
    filters: list[tuple[str, list[Field]]] = field(default_factory=list)
    interventions: int = 0  # how many: a portfolio column adds them up
    perspective_error: str = ""  # a refused choice, beside its select
    method_error: str = ""
    column_error: str = ""  # a refused new column, beside its form


def _party_id(party: str) -> str:
    return re.sub(r"[^a-z0-9_]", "_", party.lower()).strip("_") or "perspectief"


def perspective_options(raw: dict[str, Any]) -> list[tuple[str, str]]:
    """The perspectives a case can take: society, those declared, each financier alone,
    and each party with several budgets (the municipality's Wmo, Jeugdwet, …) together."""
    out = [(SOCIETY, _("Maatschappij (alle financiers)"))]
    declared = [p for p in _sequence(raw.get("perspectives")) if isinstance(p, dict)]
    sets: list[set[str]] = []
    for p in declared:
        if p.get("id") and p.get("id") != SOCIETY:
            out.append((str(p["id"]), str(p.get("name") or p["id"])))
            sets.append({str(f) for f in _sequence(p.get("financiers"))})
    financiers = [
        f for f in _sequence(raw.get("financiers")) if isinstance(f, dict) and f.get("id")
    ]
    parties: dict[str, list[dict[str, Any]]] = {}
    for f in financiers:
        parties.setdefault(str(f.get("party") or ""), []).append(f)
    for party, members in parties.items():
        ids = {str(f["id"]) for f in members}
        if party and len(members) > 1 and ids not in sets:
            names = ", ".join(str(f.get("name") or f["id"]) for f in members)
            out.append((f"p:{party}", f"{party.capitalize()} ({names})"))
            sets.append(ids)
    for f in financiers:
        if {str(f["id"])} not in sets:
            name = str(f.get("name") or f["id"])
            out.append((f"f:{f['id']}", _("Alleen {name}").format(name=name)))
    return out


def new_perspective(raw: dict[str, Any], chosen: str) -> dict[str, Any] | None:
    """The perspective to declare for a chosen ``f:<financier>`` or ``p:<party>``; None
    for a perspective that is already there (or no such financier or party)."""
    kind, _sep, rest = chosen.partition(":")
    financiers = [
        f for f in _sequence(raw.get("financiers")) if isinstance(f, dict) and f.get("id")
    ]
    if kind == "f":
        members = [f for f in financiers if str(f["id"]) == rest]
        name = str(members[0].get("name") or rest) if members else rest
        ident = rest
    elif kind == "p":
        members = [f for f in financiers if str(f.get("party") or "") == rest]
        name, ident = rest.capitalize(), _party_id(rest)
    else:
        return None
    if not members:
        return None
    taken = {str(p.get("id")) for p in _sequence(raw.get("perspectives")) if isinstance(p, dict)}
    base, n = ident, 2
    while ident in taken or ident == SOCIETY:
        ident, n = f"{base}_{n}", n + 1
    return {"id": ident, "name": name, "financiers": [str(f["id"]) for f in members]}


def settings(text: str, model: Any) -> Settings:
    """The settings of the case: perspective, method, price year, horizon, discount rate,
    the portfolio's columns; and per intervention the filters of its effect lines."""
    raw = parse(text)
    if not isinstance(raw, dict):
        raw = {}
    meta = _mapping(raw.get("meta"))
    fields = [
        Field("meta.price_year", _("Prijspeil (jaar)"), _shown(meta.get("price_year"))),
        Field("meta.horizon_years", _("Tijdshorizon (jaren)"), _shown(meta.get("horizon_years"))),
        Field("meta.discount_rate", _("Discontovoet per jaar"), _shown(meta.get("discount_rate"))),
    ]
    for f in fields:
        _annotate(f, model)
        f.numeric = False  # a case setting is one number, not a range
    out = Settings(
        perspective=str(raw.get("perspective") or SOCIETY),
        perspectives=perspective_options(raw),
        method=str(meta.get("method") or "mbc"),
        fields=fields,
        columns=_columns(raw, model),
        interventions=len([i for i in _sequence(raw.get("interventions")) if isinstance(i, dict)]),
    )
    for i, item in enumerate(_sequence(raw.get("interventions"))):
        if isinstance(item, dict):
            out.filters.append(
                (str(item.get("name") or item.get("id")), filter_fields(i, item, model))
            )
    return out


def filter_fields(i: int, item: dict[str, Any], model: Any) -> list[Field]:
    """Every filter of every effect line of intervention ``i``, empty where not used;
    'toerekening aan anderen' instead of 'toerekening' where the line uses it."""
    out: list[Field] = []
    for j, line in enumerate(_sequence(item.get("effects"))):
        if not isinstance(line, dict):
            continue
        name = str(line.get("name") or line.get("id"))
        for key, label in FILTERS:
            if key == "attribution" and "attribution_to_others" in line:
                key, label = "attribution_to_others", N_("Toerekening aan anderen")
            if key in EFFECT_FIELDS and key in line:
                continue  # written already: a field of the line's own (editor.EFFECT_FIELDS)
            f = Field(
                place("interventions", i, "effects", j, key),
                f"{name} › {_(label)}",
                _shown(line.get(key)),
            )
            _annotate(f, model)
            out.append(f)
    return out


def _columns(raw: dict[str, Any], model: Any) -> list[Column]:
    portfolio = _mapping(raw.get("portfolio"))
    columns = [c for c in _sequence(portfolio.get("columns")) if isinstance(c, dict)]
    if not columns or model is None:
        return []
    from ...model.case import BASE_SCENARIO

    case = model.case
    choices: list[tuple[str, str, list[tuple[str, str]]]] = []
    for item in case.interventions:
        options = []
        for v in item.variant_ids():
            vname = next((x.name for x in item.variants if x.id == v), _("Basis"))
            for s in case.scenario_ids():
                value = v if s == BASE_SCENARIO else f"{v}/{s}"
                sname = _("Basis") if s == BASE_SCENARIO else case.scenario_name(s)
                options.append((value, f"{vname} — {sname}"))
        choices.append((item.id, item.name, options))
    out = []
    for c, column in enumerate(columns):
        picks = _mapping(column.get("picks"))
        shown = Column(c, str(column.get("name") or column.get("id")))
        for ident, name, options in choices:
            shown.picks.append((ident, name, str(picks.get(ident) or ""), options))
        out.append(shown)
    return out


def joins(document: str, financier: dict[str, Any]) -> list[tuple[tuple[int | str, ...], Any]]:
    """A new financier joins the declared perspective named after its party (a
    municipality's budget joins 'gemeente', as a blank case declares it): ``(list loc,
    id)`` for :func:`services.add_item`'s ``also``."""
    raw = parse(document)
    party = str(financier.get("party") or "")
    return [
        (("perspectives", k, "financiers"), financier["id"])
        for k, p in enumerate(_sequence(raw.get("perspectives") if isinstance(raw, dict) else []))
        if isinstance(p, dict) and party and p.get("id") == party
    ]


def place_errors(shown: Settings, errors: dict[str, str], typed: dict[str, str]) -> set[str]:
    """A refused setting or filter gets its error and what was typed beside its own field;
    the places so served (the rest of the form places its own)."""
    placed: set[str] = set()
    for f in (*shown.fields, *(f for _name, fields in shown.filters for f in fields)):
        placed.add(f.loc)
        if f.loc in errors:
            f.error = errors[f.loc]
            f.value = typed.get(f.loc, f.value)
    shown.perspective_error = errors.get("setting-perspective", "")
    shown.method_error = errors.get("setting-method", "")
    shown.column_error = errors.get("setting-column", "")
    for column in shown.columns:  # a refused pick: in its column's fold-out, opened
        column.error = errors.get(f"setting-pick-{column.index}", "")
    placed |= {"setting-perspective", "setting-method", "setting-column"}
    placed |= {f"setting-pick-{column.index}" for column in shown.columns}
    return placed
