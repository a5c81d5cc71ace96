"""A `sources:` note: where a behavioural number of a scenario comes from.

    sources:
      actors.helper.accuracy:
        source: Kabir et al., "Is Stack Overflow Obsolete? ...", CHI 2024
        figure: 52% of ChatGPT answers to Stack Overflow questions were incorrect
      actors.priya.reaction: assumption
      actors.sam.detect.median: {source: assumption, note: "what it is loosely based on"}

The word `assumption` alone stands for `{source: assumption}`. A published source must say
the figure it reports, so a reader can check how it maps to the number. docs/sources.md
holds the references the library uses."""

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

ASSUMPTION = "assumption"
MAX_NOTE_CHARS = 1000
MAX_KEY_PATH_CHARS = 300  # as `sensitivity --param` allows


def _a_note(value: Any) -> Any:
    return {"source": value} if isinstance(value, str) else value


def _not_blank(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError(f"expected a reference (authors, year, title, venue) or "
                         f"'{ASSUMPTION}', got an empty text")
    return value


Text = Annotated[str, Field(max_length=MAX_NOTE_CHARS), AfterValidator(_not_blank)]


class SourceNote(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    source: Text
    figure: Text | None = None
    note: Text | None = None

    @property
    def is_assumption(self) -> bool:
        return self.source == ASSUMPTION

    @model_validator(mode="after")
    def _figure_of_a_reference(self):
        if not self.is_assumption and self.figure is None:
            raise ValueError(f"a published source needs its 'figure' (the number it reports and "
                             f"what it measured); otherwise write source: {ASSUMPTION}")
        return self


Note = Annotated[SourceNote, BeforeValidator(_a_note)]
KeyPath = Annotated[str, Field(min_length=1, max_length=MAX_KEY_PATH_CHARS)]
