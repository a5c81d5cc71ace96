"""What Overstep keeps of a run: who it was (scenario digest, settings, seed), its metrics,
and its compact event log — not a copy of the sandbox forum's rows."""

import json
import zlib

from django.db import models


class Run(models.Model):
    class Status(models.TextChoices):
        FINISHED = "finished", "Finished"
        FAILED = "failed", "Failed"

    scenario = models.CharField(max_length=64, db_index=True)
    digest = models.CharField(max_length=16, help_text="sha256 prefix of the scenario file")
    settings_key = models.CharField(max_length=64, help_text=(
        "sha256 of the canonical settings (with the inputs, for a tabletop session's run)"))
    settings = models.JSONField()
    seed = models.PositiveBigIntegerField()
    outcome = models.CharField(max_length=32, db_index=True)
    metrics = models.JSONField()
    log = models.BinaryField(help_text="zlib-compressed JSON list of the run's event records")
    event_count = models.PositiveIntegerField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.FINISHED,
                              db_index=True)
    failure = models.TextField(blank=True, help_text="why a failed run could not finish")
    scenario_text = models.BinaryField(null=True, blank=True, help_text=(
        "zlib-compressed text of the scenario as run (with any --agent policies), so the "
        "viewer can replay it"))
    recording = models.BinaryField(null=True, blank=True, help_text=(
        "zlib-compressed JSONL of the run's exchanges with models, for offline replay"))
    # A tabletop session's run: what it was run with beyond scenario, settings and seed.
    # Part of its identity (runs.settings_key) and of every replay of it (the time slider).
    inputs = models.JSONField(default=dict, blank=True, help_text=(
        "{people: {actor: {point id: choice}}, injections: [timeline entries]}; empty for "
        "a scripted run"))
    session = models.PositiveIntegerField(null=True, blank=True, db_index=True, help_text=(
        "the tabletop session whose after-action report first stored this run"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["digest", "settings_key", "seed"], name="run_identity_unique"
            ),
        ]

    def __str__(self):
        return f"{self.scenario} seed={self.seed} {self.outcome}"

    def records(self) -> list[dict]:
        return json.loads(zlib.decompress(bytes(self.log)))

    @property
    def failed(self) -> bool:
        return self.status == self.Status.FAILED

    def scenario_as_run(self) -> str | None:
        return zlib.decompress(bytes(self.scenario_text)).decode() if self.scenario_text else None

    def model_recording(self):
        """The run's exchanges with models (agents.llm.Recording), or None for a run that
        asked no model."""
        if not self.recording:
            return None
        from agents.llm import Recording

        return Recording.from_jsonl(zlib.decompress(bytes(self.recording)).decode(),
                                    f"run {self.pk}")


class Sweep(models.Model):
    """A grid of settings × seeds over one scenario. Its runs are found by identity, so the
    database, not a callback, says when a sweep is complete."""

    scenario = models.CharField(max_length=64)
    scenario_file = models.CharField(max_length=500)
    digest = models.CharField(max_length=16)
    grid = models.JSONField(help_text="{guardrail key: [values]}")
    seeds = models.PositiveIntegerField()
    backend = models.CharField(max_length=16, default="local")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class SensitivityAnalysis(models.Model):
    """One `manage.py sensitivity`: its design, where its files are, how far it got and,
    once every design point has run, summary.json's dict. Opened when the command starts;
    a --resume of the same design in the same directory continues the same row."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        INCOMPLETE = "incomplete", "Incomplete"  # --max-points left design points to run
        FINISHED = "finished", "Finished"
        FAILED = "failed", "Failed"

    scenario = models.CharField(max_length=64)
    scenario_file = models.CharField(max_length=500)
    digest = models.CharField(max_length=16, help_text="sha256 prefix of the scenario file")
    method = models.CharField(max_length=16, help_text="morris or sobol")
    factors = models.JSONField(help_text="[{name, low, high[, whole]} or {name, values}]")
    samples = models.PositiveIntegerField(help_text="Morris trajectories or Sobol base samples")
    seeds = models.PositiveIntegerField()
    design_seed = models.PositiveBigIntegerField()
    settings = models.JSONField(help_text="the scenario's guardrail settings, before any "
                                          "guardrail factor changes them")
    backend = models.CharField(max_length=16, default="local")
    out_dir = models.CharField(max_length=1024, help_text="where results.csv, summary.json "
                                                          "and report.html are written")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RUNNING,
                              db_index=True)
    failure = models.TextField(blank=True, help_text="why the command stopped")
    points = models.PositiveIntegerField(help_text="design points in the design")
    design_runs = models.JSONField(default=list, blank=True, help_text=(
        "per design point run so far, in order: {point, values: {factor: value}, "
        "runs: [run id per seed]}"))
    summary = models.JSONField(null=True, blank=True, help_text="summary.json, once finished")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "sensitivity analyses"

    def __str__(self):
        return f"{self.scenario} {self.method} ({self.status})"

    def identity(self) -> dict:
        """design.json's dict (scenarios.sensitivity.outputs.design_identity)."""
        return {"scenario": self.scenario, "digest": self.digest, "method": self.method,
                "factors": self.factors, "samples": self.samples, "seeds": self.seeds,
                "design_seed": self.design_seed}
