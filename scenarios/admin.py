"""Stored runs, sweeps and sensitivity analyses, read-only: a run is defined by its identity and its log."""

from django.contrib import admin

from forum.admin import ReadOnlyAdmin

from .models import Run, SensitivityAnalysis, Sweep


@admin.register(Run)
class RunAdmin(ReadOnlyAdmin):
    list_display = ("id", "scenario", "seed", "outcome", "event_count", "created_at")
    list_filter = ("scenario", "outcome")
    exclude = ("log",)


@admin.register(Sweep)
class SweepAdmin(ReadOnlyAdmin):
    list_display = ("id", "scenario", "seeds", "backend", "created_at")


@admin.register(SensitivityAnalysis)
class SensitivityAnalysisAdmin(ReadOnlyAdmin):
    list_display = ("id", "scenario", "method", "samples", "seeds", "status", "created_at")
    list_filter = ("status", "method")
    exclude = ("design_runs",)
