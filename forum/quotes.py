"""Which stored records a text copies: what exposure through content is made of.

A record counts as quoted when one of its identifying values appears in the text as a
whole word, whatever the layout around it (JSON, a table, prose). Identifying means a
string of 6+ characters that is not one plain word (an email, a full name, an account
id), or a whole number of 6+ digits (a user id), and that no other stored record of the
same resource shares: a value many rows share (a country, a team, a status) is a
category, and a text that names it copies nothing.
"""

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator

from . import compiled, lookups
from .models import Record
from .vocabulary import Verb

MIN_CHARS = 6
JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def quoted_records(body: str) -> dict[str, int]:
    """{resource slug: how many of its stored records `body` quotes}, slugs in order."""
    text = _normalise(JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), body))
    if len(text) < MIN_CHARS:
        return {}
    quoted = Counter(slug for slug, values in _identifying_values()
                     if any(_occurs(value, text) for value in values))
    return dict(sorted(quoted.items()))


RECORDS_CHANGE = frozenset({Verb.RESOURCE_CREATED})  # the one service that writes records


def _identifying_values() -> list[tuple[str, list[str]]]:
    """(resource slug, the values that identify the record) for each stored record: kept
    for a run (forum.lookups) until a resource is created."""
    def ask():
        rows = [(slug, list(_candidates(data))) for slug, data in _RECORDS.rows()]
        shared = Counter((slug, value) for slug, values in rows for value in set(values))
        return [(slug, [value for value in values if shared[slug, value] == 1])
                for slug, values in rows]

    return lookups.kept_until(RECORDS_CHANGE, "quotes/identifying", ask)


# Every post asks (once per run): compiled once (forum.compiled).
_RECORDS = compiled.Query(lambda: Record.objects.order_by().values_list("resource__slug", "data"))


def _candidates(data) -> Iterator[str]:
    """The values of a record (nested or not) that could identify it, normalised."""
    for value in _leaves(data):
        if isinstance(value, bool):
            continue
        if isinstance(value, int) and len(str(abs(value))) >= MIN_CHARS:
            yield str(abs(value))
        elif isinstance(value, str):
            value = _normalise(value)
            if len(value) >= MIN_CHARS and not value.isalpha():
                yield value


def _leaves(data) -> Iterator:
    if isinstance(data, dict):
        for value in data.values():
            yield from _leaves(value)
    elif isinstance(data, list):
        for value in data:
            yield from _leaves(value)
    else:
        yield data


def _normalise(text: str) -> str:
    """Case, Unicode forms and runs of white space do not hide a copied value."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _occurs(value: str, text: str) -> bool:
    """`value` appears in `text` as a whole word: `ana@x.test` is not in `diana@x.test`,
    and `483920` is not in `1483920`."""
    start = text.find(value)
    while start != -1:
        end = start + len(value)
        if _bounded(value[0], text, start - 1) and _bounded(value[-1], text, end):
            return True
        start = text.find(value, start + 1)
    return False


def _bounded(edge: str, text: str, neighbour: int) -> bool:
    if not edge.isalnum() or neighbour < 0 or neighbour >= len(text):
        return True
    return not text[neighbour].isalnum()
