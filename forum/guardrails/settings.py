"""The guardrail settings in force.

Values are coerced once, where they enter (a scenario file, `--set`, a form), into a
GuardrailSettings; nothing downstream coerces them again. A run installs its settings for
its duration (`use`), as it installs its clock; the live forum reads the stored ones.
"""

from contextlib import contextmanager
from contextvars import ContextVar


class GuardrailSettings(dict):
    """Every registered guardrail's value, already coerced. A plain dict to JSON."""

    def with_overrides(self, overrides: dict | None) -> "GuardrailSettings":
        """These settings with some values replaced; the overrides are coerced values
        (from registry.coerce_values) for keys these settings have."""
        unknown = set(overrides or {}) - set(self)
        if unknown:
            raise KeyError(f"unknown guardrail {sorted(unknown)[0]!r}")
        return GuardrailSettings({**self, **(overrides or {})})


_installed: ContextVar = ContextVar("overstep_guardrails", default=None)


def in_force() -> GuardrailSettings:
    installed = _installed.get()
    if installed is not None:
        return installed
    from ..models import GuardrailSetting
    from .registry import defaults

    return GuardrailSettings({**defaults(), **dict(GuardrailSetting.objects.values_list(
        "key", "value"))})


def change_in_force(key: str, value) -> GuardrailSettings | None:
    """Inside `use` (a run), the settings in force from now on have `value` for `key`; the
    settings the run started with are left as they were. Outside a run: nothing (None)."""
    installed = _installed.get()
    if installed is None:
        return None
    changed = GuardrailSettings({**installed, key: value})
    _installed.set(changed)  # `use` resets to what was installed before it, whatever this set
    return changed


@contextmanager
def use(settings: GuardrailSettings):
    token = _installed.set(settings)
    try:
        yield settings
    finally:
        _installed.reset(token)
