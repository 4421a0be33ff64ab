"""The fields of the model format in words, for labels a reader sees.

The engine's plan names each input slot ("Ouders Lokaal: Projectcoördinator (uren per
week)") and the report names each input (:func:`rendement.present.inputs.input_name`): both
use these words, never the model's field name ``hours_per_week``.
"""

from __future__ import annotations

from ..i18n import N_

FIELDS = {
    "reach": N_("bereik"),
    "share": N_("aandeel"),
    "cases": N_("casussen"),
    "units_per_case": N_("eenheden per casus"),
    "units": N_("eenheden"),
    "deadweight": N_("deadweight"),
    "attribution": N_("toerekening"),
    "attribution_to_others": N_("toerekening aan anderen"),
    "displacement": N_("verplaatsing"),
    "drop_off": N_("afname per jaar"),
    "duration_years": N_("duur in jaren"),
    "start_delay_years": N_("vertraging in jaren"),
    "amount": N_("bedrag"),
    "hours_per_week": N_("uren per week"),
    "hourly_cost": N_("kosten per uur"),
    "quantity": N_("aantal"),
    "unit_cost": N_("kosten per eenheid"),
}
"""Field names of the model format, in words."""
