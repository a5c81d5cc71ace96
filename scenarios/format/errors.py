from dataclasses import dataclass


@dataclass(frozen=True)
class ScenarioIssue:
    file: str
    line: int | None
    path: str
    message: str

    def __str__(self):
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path or '(top level)'}: {self.message}"


class ScenarioError(Exception):
    """A scenario file is not valid. Carries every problem found, each with file, line, path."""

    def __init__(self, issues: list[ScenarioIssue]):
        self.issues = issues
        super().__init__("\n".join(str(issue) for issue in issues))
