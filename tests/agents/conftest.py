import pytest

from agents.tools import Task, Toolbox
from forum import services
from tests.forum.conftest import Org


class Seam(Org):
    """The forum Org, plus the agent invoked by bob on alice's question, with a toolbox.

    The helper agent may read and post in `eng` only; bob administers `user-metrics`;
    alice can read `eng` but not the dataset.
    """

    def toolbox(self, invoker=None):
        invoker = invoker or self.bob
        invocation = services.invoke_agent(invoker, self.agent, self.question)
        task = Task(self.agent.username, invoker.username, self.question.key, "help")
        return Toolbox(self.agent, invoker, task, invocation=invocation)


@pytest.fixture
def seam(db):
    return Seam()
