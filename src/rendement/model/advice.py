"""Things a valid model may still have wrong: shown by ``rendement check`` as advice, never
refused (the model computes; a person decides).

- An effect line with ``attribution: 0%`` is worth nothing. rendement reads
  ``attribution`` as the share due to this intervention (the Dutch *toerekening*); an SROI
  impact map (UK, AU guides) writes the share due to others there. Copied literally, such a
  line silently counts for nothing — or, at 20 %, for a fifth instead of four fifths.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import N_
from .case import BusinessCase


@dataclass(frozen=True)
class Advice:
    where: str  # the field's path, as the loader's messages name it
    text: str  # in Dutch


def advice(case: BusinessCase) -> list[Advice]:
    """Advice on a loaded, valid business case."""
    out = []
    for intervention in case.interventions:
        for effect in intervention.effects:
            share = effect.attribution
            if share is None or share.literal is None or share.literal != 0:
                continue
            out.append(
                Advice(
                    f"interventions[{intervention.id}].effects[{effect.id}].attribution",
                    N_(
                        "attribution: 0% maakt deze regel nul waard. rendement leest 'attribution' "
                        "als het deel dat aan deze interventie toe te rekenen is; komt de 0% uit "
                        "een SROI-impact map, waar attribution het deel van anderen is, schrijf "
                        "dan 'attribution_to_others: 0%' (de regel telt dan volledig)."
                    ),
                )
            )
    return out
