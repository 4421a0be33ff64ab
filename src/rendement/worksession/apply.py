"""Where an agreed value with its spread goes: into a model, or onto client-case rows.

- A **business case** (:func:`apply_to_model`): each item's effect line gets the agreed
  value with its distribution (``attribution: {pert: [50%, 70%, 80%]}``), written in the
  model's text so its author's comments and order stay; a comment on the line says which
  session gave it. ``rendement simulate`` then draws it like any uncertain input, and a
  run without Monte Carlo uses the agreed value (the PERT's mode).
- **Client cases** (:func:`apply_to_cases`): the rows of the session's cases with the
  item get the agreed value (the session replaces what the table said), and
  :mod:`.cohort` draws the value from its distribution inside the bootstrap, so the
  cohort's interval carries the spread.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..cohort.reading import ClientCases
from ..i18n import N_, _
from ..model import editing
from ..wording import Text
from .schema import WorkSession
from .spread import Spread, percent


class ApplyError(ValueError):
    """The session does not fit the model or the table; the message says where and why."""


def _flow(value: Any) -> Any:
    """A distribution in flow style, on one line as a person writes it."""
    if not isinstance(value, dict):
        return value
    out = CommentedMap()
    for key, params in value.items():
        seq = CommentedSeq(params)
        seq.fa.set_flow_style()
        out[key] = seq
    out.fa.set_flow_style()
    return out


def _effect(tree: Any, target: str) -> Any:
    intervention_id, effect_id = target.split(".", 1)
    for intervention in tree.get("interventions") or []:
        if isinstance(intervention, dict) and intervention.get("id") == intervention_id:
            for effect in intervention.get("effects") or []:
                if isinstance(effect, dict) and effect.get("id") == effect_id:
                    return effect
            raise ApplyError(
                Text(
                    N_("interventie '{intervention}' heeft geen effectregel '{effect}'"),
                    intervention=intervention_id,
                    effect=effect_id,
                )
            )
    raise ApplyError(
        Text(N_("het model heeft geen interventie '{intervention}'"), intervention=intervention_id)
    )


def comment(session: WorkSession, spread: Spread) -> str:
    """The comment on a written line: which session, how many judged, range, agreed."""
    return _("werksessie {date}: {n} oordelen, {low} – {high}, afgesproken {agreed}").format(
        date=session.meta.date or session.meta.title,
        n=spread.n,
        low=percent(spread.minimum),
        high=percent(spread.maximum),
        agreed=percent(spread.agreed),
    )


def apply_to_model(session: WorkSession, spreads: Sequence[Spread], text: str) -> str:
    """The model's text with every item's agreed value and distribution written at its
    effect line: ``attribution`` for a ``toerekening`` (or ``attribution_to_others`` as
    1 − the share, when the line is written that way), ``share`` for a ``kans``.

    Not validated here: the caller loads the result (a model error then names the line)."""
    if session.meta.about != "businesscase":
        raise ApplyError(
            Text(N_("deze werksessie gaat over casussen, niet over een businesscase-model"))
        )
    tree = editing.parse(text)
    for spread in spreads:
        item = spread.item
        effect = _effect(tree, item.effect or "")
        complement = False
        if item.judges == "kans":
            if "cases" in effect or "units" in effect:
                raise ApplyError(
                    Text(
                        N_(
                            "effectregel '{effect}' telt casussen of eenheden, geen aandeel: "
                            "een kans hoort in 'share'"
                        ),
                        effect=item.effect,
                    )
                )
            key = "share"
        elif "attribution_to_others" in effect:
            key, complement = "attribution_to_others", True
        else:
            key = "attribution"
        effect[key] = _flow(spread.model_value(complement))
        effect.yaml_add_eol_comment(comment(session, spread), key)
    return editing.dump(tree)


def covered(session: WorkSession, case: str) -> bool:
    """Whether the session judged for this client case (no list: every case)."""
    return not session.meta.cases or case in session.meta.cases


def apply_to_cases(
    session: WorkSession, spreads: Sequence[Spread], cases: ClientCases
) -> ClientCases:
    """The table with the agreed value on every row of a judged item in the session's
    cases (``toerekening`` → attribution, ``kans`` → probability); other rows as they
    were. The session replaces what the table said: it is the record of how the value was
    judged."""
    if session.meta.about != "casussen":
        raise ApplyError(
            Text(N_("deze werksessie gaat over een businesscase-model, niet over casussen"))
        )
    unknown = [c for c in session.meta.cases if c not in cases.cases]
    if unknown:
        raise ApplyError(
            Text(
                N_("de werksessie noemt casussen die niet in de tabel staan: {cases}"),
                cases=", ".join(unknown),
            )
        )
    by_item = {s.item.item: s for s in spreads}
    entries = []
    for entry in cases.entries:
        spread = by_item.get(entry.item)
        if spread is None or entry.kind == "investment" or not covered(session, entry.case):
            entries.append(entry)
            continue
        if spread.item.judges == "toerekening":
            entries.append(dataclasses.replace(entry, attribution=spread.agreed))
        else:
            entries.append(dataclasses.replace(entry, probability=spread.agreed))
    return dataclasses.replace(cases, entries=entries)
