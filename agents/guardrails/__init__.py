"""The guardrails, one module each. `load()` registers them all into forum's registry;
the agents app calls it when Django starts (agents.apps)."""

import importlib
import pkgutil


def load() -> None:
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
        importlib.import_module(f"{__name__}.{module}")
