"""Actor behaviours by the name scenarios use for them."""

from .ai import Agent, Amplifier
from .employees import Curious, Follower, Invoker, Reviewer
from .escalation import Manager, SecurityOncall
from .monitors import Monitor, Responder

BEHAVIOURS = {
    "follower": Follower,
    "invoker": Invoker,
    "reviewer": Reviewer,
    "curious": Curious,
    "agent": Agent,
    "amplifier": Amplifier,
    "monitor": Monitor,
    "responder": Responder,
    "security_oncall": SecurityOncall,
    "manager": Manager,
}


def behaviour_for(spec):
    return BEHAVIOURS[spec.behaviour]
