"""The report room: documents made from a model and its results (now: the Excel workbook)."""

from .workbook import Workbook, write_workbook

__all__ = ["Workbook", "write_workbook"]
