"""Language models in the agent's seat: where their answers come from (a live endpoint
speaking the chat-completions protocol, or a recording), and what a run keeps of them."""

from .backends import Backends, OpenAIBackend, RecordedBackend, endpoint_from_env
from .exchanges import Exchange, ModelFailure, request_digest
from .recording import Recording, RecordingError

__all__ = ["Backends", "Exchange", "ModelFailure", "OpenAIBackend", "RecordedBackend",
           "Recording", "RecordingError", "endpoint_from_env", "request_digest"]
