"""A piece of background work and what it made, kept with the version it was made for."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Job(models.Model):
    """One report or uncertainty run of one case version, started by someone.

    django-tasks' own table (``django_tasks_db``) says whether the worker has run the task;
    this row says what it is *about* (case, version, kind, draws, seed), how far it got in
    words a reader understands, and keeps its result — the document's bytes, or the
    figures as JSON — so the same question about the same version is answered at once.
    A version never changes (``CaseVersion``), so its result stays right; a new version
    of the case gets its own jobs. Deleting the case deletes its jobs."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word"
        MONTECARLO = "montecarlo", "Monte Carlo"
        SENSITIVITY = "sensitivity", "Gevoeligheid"

    class Status(models.TextChoices):
        QUEUED = "queued", "in de wachtrij"
        RUNNING = "running", "bezig"
        DONE = "done", "klaar"
        FAILED = "failed", "mislukt"

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="jobs")
    version = models.ForeignKey("cases.CaseVersion", on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    draws = models.PositiveIntegerField(null=True, blank=True)  # Monte Carlo, sensitivity
    seed = models.PositiveIntegerField(null=True, blank=True)
    language = models.CharField(max_length=10, default="nl")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # 0–100
    phrase = models.CharField(max_length=200, blank=True)  # a Dutch msgid, shown translated
    phrase_detail = models.JSONField(default=dict, blank=True)  # its {placeholders}
    result = models.BinaryField(null=True, blank=True)  # the PDF or Word file
    result_name = models.CharField(max_length=200, blank=True)
    figures = models.JSONField(null=True, blank=True)  # Monte Carlo or sensitivity figures
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)  # django-tasks' result id
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["version", "kind", "status"], name="work_job_lookup")]

    def __str__(self) -> str:
        return f"{self.version} {self.kind} {self.status}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
