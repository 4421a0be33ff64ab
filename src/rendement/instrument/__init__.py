"""Instruments as data: questionnaires and interview guides that measure client cases.

An instrument is a YAML document (:mod:`.schema`), read and checked like a model
(:mod:`.loading`: every problem with file, line and field, in Dutch or English). Its
answers become a client case's rows and indicator values (:mod:`.answers`), so the
cohort's valuation and kassabon apply unchanged; a whole table of answers (one row per
client case × moment × question) becomes the cohort's table in one call
(:mod:`.answers_table`). Pure functions on validated data: the command line and the web
app call the same ones.
"""

from .answers import AnswerError, IndicatorValue, Measurement, client_case_rows, measure
from .answers_table import AnswersResult, AnswersTableError, client_cases_from_answers
from .loading import InstrumentError, load_instrument, loads_instrument
from .schema import Instrument

__all__ = [
    "AnswerError",
    "AnswersResult",
    "AnswersTableError",
    "IndicatorValue",
    "Instrument",
    "InstrumentError",
    "Measurement",
    "client_case_rows",
    "client_cases_from_answers",
    "load_instrument",
    "loads_instrument",
    "measure",
]
