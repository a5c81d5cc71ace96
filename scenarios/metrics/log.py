"""The observed records with each verb's records at hand, so that a figure about a few
verbs reads those records only instead of walking the whole log again (most of a run's
log is the organisation being set up)."""

from operator import itemgetter

from forum.vocabulary import Verb


def observed(records: list[dict]) -> list[dict]:
    """The records up to and including `run.ended`: what the run observed."""
    ended = Verb.RUN_ENDED
    for index, record in enumerate(records):
        if record["verb"] == ended:
            return records[: index + 1]
    return list(records)


class Log:
    def __init__(self, records: list[dict]):
        """`records`: in any order; kept sorted by `seq` (stably), up to `run.ended`."""
        self.records = observed(sorted(records, key=itemgetter("seq")))
        self._positions: dict[str, list[int]] = {}
        for position, record in enumerate(self.records):
            self._positions.setdefault(record["verb"], []).append(position)

    def __len__(self) -> int:
        return len(self.records)

    def of(self, *verbs: str) -> list[dict]:
        """The records of these verbs (each named once), in log order."""
        positions = []
        for verb in verbs:
            positions += self._positions.get(verb, ())
        if len(verbs) > 1:
            positions.sort()
        return [self.records[p] for p in positions]
