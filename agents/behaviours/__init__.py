"""Actor behaviours by the name scenarios use for them."""

from .ai import Amplifier, Analyst, Applier
from .employees import Curious, Follower, Invoker, Reviewer
from .monitors import Monitor, Responder

BEHAVIOURS = {
    "follower": Follower,
    "invoker": Invoker,
    "reviewer": Reviewer,
    "curious": Curious,
    "agent": Analyst,
    "amplifier": Amplifier,
    "monitor": Monitor,
    "responder": Responder,
}


def behaviour_for(spec):
    if spec.behaviour == "agent" and getattr(spec, "acts", "post") == "apply":
        return Applier
    return BEHAVIOURS[spec.behaviour]
