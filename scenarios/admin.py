"""Stored runs and sweeps, read-only: a run is defined by its identity and its log."""

from django.contrib import admin

from forum.admin import ReadOnlyAdmin

from .models import Run, Sweep


@admin.register(Run)
class RunAdmin(ReadOnlyAdmin):
    list_display = ("id", "scenario", "seed", "outcome", "event_count", "created_at")
    list_filter = ("scenario", "outcome")
    exclude = ("log",)


@admin.register(Sweep)
class SweepAdmin(ReadOnlyAdmin):
    list_display = ("id", "scenario", "seeds", "backend", "created_at")
