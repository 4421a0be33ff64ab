"""The report room: documents made from a model and its results (workbook, Word)."""

from .document import write_document
from .workbook import Workbook, write_workbook

__all__ = ["Workbook", "write_document", "write_workbook"]
