import pytest

from tests.llm_server import FakeLLM

KEY = "sk-test"


@pytest.fixture
def llm(monkeypatch):
    """A fake endpoint the model policy finds through the environment, as a user's would.
    Tests set `llm.script` before running."""
    with FakeLLM([], expected_key=KEY) as server:
        monkeypatch.setenv("OVERSTEP_LLM_BASE_URL", server.url)
        monkeypatch.setenv("OVERSTEP_LLM_API_KEY", KEY)
        monkeypatch.setenv("OVERSTEP_LLM_RETRIES", "0")
        yield server
