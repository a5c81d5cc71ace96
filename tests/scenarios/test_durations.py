"""Durations in scenarios: what authors may write, and what they are told when it is wrong."""

import math

import pytest

from scenarios.format.durations import format_minutes, parse_duration


@pytest.mark.parametrize("written, minutes", [
    ("90s", 1.5),
    ("15m", 15.0),
    ("2h", 120.0),
    ("1d", 1440.0),
    ("1h30m", 90.0),
    ("1h 30m", 90.0),
    ("2.5h", 150.0),
    (" 15M ", 15.0),
    ("0m", 0.0),
    (15, 15.0),
    (2.5, 2.5),
    (0, 0.0),
])
def test_it_reads_durations_as_minutes(written, minutes):
    assert parse_duration(written) == pytest.approx(minutes)


@pytest.mark.parametrize("written, fragment", [
    ("soon", "expected a duration like '90s'"),
    ("5 minutes", "got '5 minutes'"),
    ("15", "expected a duration"),
    ("m", "expected a duration"),
    ("", "expected a duration"),
    ("1h30", "expected a duration"),
    ("-5m", "expected a duration"),
    (-5, "cannot be negative"),
    (True, "got True"),
    (None, "got None"),
    ([15], "got [15]"),
    (math.inf, "finite"),
    (math.nan, "finite"),
])
def test_it_rejects_what_is_not_a_duration(written, fragment):
    with pytest.raises(ValueError) as caught:
        parse_duration(written)
    assert fragment in str(caught.value)


@pytest.mark.parametrize("minutes, shown", [
    (0, "0m"), (45, "45m"), (59.6, "1h00m"), (60, "1h00m"), (135, "2h15m"), (1500, "25h00m"),
])
def test_it_formats_minutes_for_people(minutes, shown):
    assert format_minutes(minutes) == shown
