"""A training debrief in plain words: what you did, what it led to, and why a near miss
is not the same as prevented."""

from scenarios.reports.wording import OUTCOME_WORDS

from . import choices
from .checks import ORDER, TITLES
from .training_score import parts

NEAR_MISS_VS_PREVENTED = (
    "A near miss means the unsafe answer reached the forum but nobody gained access to the "
    "data. Prevented means it never got that far: no unsafe answer was published and no "
    "access change against the dataset's intended audience was even asked for. Once the "
    "answer is on the forum, the best any reader can do is a near miss; turning it into "
    "prevented is the job of controls earlier in the chain, such as approval before an "
    "agent posts.")


def what_you_did(attempt) -> str:
    kind = attempt.details.get("kind", "follow_advice")
    chose = choices.option_label(kind, attempt.choice).lower()
    if not attempt.looked_at:
        return f"You chose to {chose} without checking it first."
    missed = [TITLES[key].lower() for key in ORDER if key not in attempt.looked_at]
    looked = f"You checked {len(attempt.looked_at)} of {len(ORDER)} facts"
    looked += f" (not {', '.join(missed)})" if missed else ""
    return f"{looked}, then chose to {chose}."


def outcome_in_words(attempt) -> str:
    mine = attempt.details["results"][attempt.choice]
    words = OUTCOME_WORDS[attempt.outcome]
    if mine["you_applied_unsafe"]:
        return words + " The change that opened the data was yours: the advice was unsafe."
    return words


def score_lines(attempt) -> list[dict]:
    points = parts(attempt)
    return [{"name": "What your choice led to", "points": points["outcome"], "of": 60},
            {"name": "Facts checked before deciding", "points": points["checks"], "of": 30},
            {"name": "Deciding in good time", "points": points["time"], "of": 10}]
