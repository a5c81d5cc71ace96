from .runner import RunResult, resolve_settings, run

__all__ = ["RunResult", "resolve_settings", "run"]
