"""Instruments as data: questionnaires and interview guides that measure client cases.

An instrument is a YAML document (:mod:`.schema`), read and checked like a model
(:mod:`.loading`: every problem with file, line and field, in Dutch or English). Its
answers become a client case's rows and indicator values (:mod:`.answers`), so the
cohort's valuation and kassabon apply unchanged. Pure functions on validated data: the
command line and the web app call the same ones.
"""

from .answers import AnswerError, IndicatorValue, Measurement, client_case_rows, measure
from .loading import InstrumentError, load_instrument, loads_instrument
from .schema import Instrument

__all__ = [
    "AnswerError",
    "IndicatorValue",
    "Instrument",
    "InstrumentError",
    "Measurement",
    "client_case_rows",
    "load_instrument",
    "loads_instrument",
    "measure",
]
