"""Messages between people: a colleague or a manager writing to someone directly."""

from ..errors import InvalidAction
from ..models import Principal
from ..vocabulary import Verb
from .events import record, refuse, target_of

# scenarios.format.limits.MAX_MESSAGE_CHARS: forum cannot import the layer above, and a
# test keeps the two equal.
MAX_MESSAGE_CHARS = 500


def send_message(sender: Principal, recipient: Principal, text: str, *, cause=None):
    """`sender` writes `text` to `recipient`. Only the log holds it (target: the recipient),
    which is where a seat page reads a person's messages from. Scripted personas do not
    react to messages."""
    text = text.strip() if isinstance(text, str) else ""
    if not 1 <= len(text) <= MAX_MESSAGE_CHARS:
        refuse(InvalidAction(f"a message is 1 to {MAX_MESSAGE_CHARS} characters, got "
                             f"{len(text)}", target=target_of(recipient)),
               Verb.MESSAGE_REFUSED, actor=sender, cause=cause)
    return record(Verb.MESSAGE_SENT, target_of(recipient), actor=sender, cause=cause,
                  payload={"text": text})
