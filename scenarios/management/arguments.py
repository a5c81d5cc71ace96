"""Command-line numbers, checked by the same functions as every other entry point
(scenarios.format.limits): an out-of-range `--seed` or `--workers` is an argparse error that
names the option and the range, which Django turns into a CommandError, never a traceback."""

import argparse

from scenarios.format.limits import (MAX_LOCAL_WORKERS, OutOfRange, check_number,
                                     check_seed)


def seed(text: str) -> int:
    """`--seed N`: a whole number from 0 to limits.MAX_SEED."""
    try:
        return check_seed(_whole(text))
    except OutOfRange as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def workers(text: str) -> int:
    """`sweep --workers N`: local worker processes, at most limits.MAX_LOCAL_WORKERS."""
    return whole_number(text, low=1, high=MAX_LOCAL_WORKERS, what="the number of workers")


def whole_number(text: str, *, low: int, high: int, what: str) -> int:
    try:
        return int(check_number(_whole(text), low=low, high=high, what=what))
    except OutOfRange as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _whole(text: str):
    """The whole number `text` spells, or `text` itself for the checks to refuse by name."""
    cleaned = text.strip()
    digits = cleaned.removeprefix("-")
    if len(digits) > 4000 or not (digits.isascii() and digits.isdigit()):
        return text if len(text) <= 40 else text[:37] + "..."
    return int(cleaned)
