"""The work session (werksessie): judging attribution and probability as a group.

A work session file (:mod:`.schema`) records who took part, what they judged and when;
it is read and checked like a model (:mod:`.loading`: every problem with file, line and
field, in Dutch or English). :mod:`.spread` turns the judgements into the spread, the
agreed value and a distribution; :mod:`.apply` writes it into a model (so Monte Carlo
draws it) or onto client-case rows, and :mod:`.cohort` draws it inside the cohort's
bootstrap. Pure functions on validated data: the command line and the web app call the
same ones.
"""

from .apply import ApplyError, apply_to_cases, apply_to_model
from .cohort import CohortSpread, summarise_with_spread
from .loading import LoadedSession, WorkSessionError, load_session, loads_session
from .schema import WorkSession
from .spread import Spread, spreads
from .table import judgements_from_table, with_judgements

__all__ = [
    "ApplyError",
    "CohortSpread",
    "LoadedSession",
    "Spread",
    "WorkSession",
    "WorkSessionError",
    "apply_to_cases",
    "apply_to_model",
    "judgements_from_table",
    "load_session",
    "loads_session",
    "spreads",
    "summarise_with_spread",
    "with_judgements",
]
