"""The audit room: a published mBC checked against its own inputs, figure by figure."""

from .causes import Cause
from .compare import AuditReport, Finding, Remark, audit

__all__ = ["AuditReport", "Cause", "Finding", "Remark", "audit"]
