"""Work that must happen after a write (indexing, e-mail), recorded in the same transaction as the
write: if the broker is down when the write commits, the row stays pending and the sweeper sends it
once the broker is back. Nothing is lost, and a rolled-back write leaves no job."""

from django.db import models


class Job(models.Model):
    task = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)  # last handed to the broker
    done_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["done_at", "dispatched_at"])]

    def __str__(self):
        return f"{self.task} #{self.pk}"

    @property
    def task_id(self) -> str:
        return f"job-{self.pk}"
