"""Quote detection: which stored records a text copies, however it lays them out."""

import json

import pytest

from forum.quotes import quoted_records
from tests.factories import ResourceFactory

ROWS = [
    {"user_id": 483920, "name": "Ana Lopez", "email": "ana.lopez@example.test",
     "country": "PT", "team": "growth analytics", "sessions_last_30d": 12},
    {"user_id": 771205, "name": "Bruno Dias", "email": "bruno.dias@example.test",
     "country": "PT", "team": "growth analytics", "sessions_last_30d": 40},
    {"user_id": 902113, "name": "José Núñez", "email": "jnunez@example.test",
     "country": "ES", "team": "growth analytics", "sessions_last_30d": 3},
]


@pytest.fixture
def metrics(db):
    return ResourceFactory(slug="user-metrics", records=ROWS)


def test_it_catches_rows_pasted_as_json(metrics):
    assert quoted_records(f"Here you go:\n{json.dumps(ROWS[:2], indent=2)}") == {
        "user-metrics": 2}


def test_it_catches_json_with_escaped_characters(metrics):
    assert '\\u00e9' in json.dumps(ROWS[2])
    assert quoted_records(json.dumps(ROWS[2])) == {"user-metrics": 1}


def test_it_catches_rows_pasted_as_a_table(metrics):
    table = "\n".join(
        ["| user_id | name | email |", "|---|---|---|"]
        + [f"| {r['user_id']} | {r['name']} | {r['email']} |" for r in ROWS])
    assert quoted_records(table) == {"user-metrics": 3}


def test_it_catches_rows_retold_in_prose(metrics):
    prose = ("The heaviest user is ANA  LOPEZ, with 12 sessions; the account behind "
             "user 771205 is close behind.")
    assert quoted_records(prose) == {"user-metrics": 2}


def test_it_catches_a_single_identifying_value(metrics):
    assert quoted_records("Write to jnunez@example.test.") == {"user-metrics": 1}


def test_it_ignores_common_words_short_values_and_categories(metrics):
    text = ("Most users are in PT or ES, the growth analytics team owns the table, and "
            "people average 12 to 40 sessions. Lopez is a common name.")
    assert quoted_records(text) == {}


def test_it_does_not_match_inside_longer_values(metrics):
    assert quoted_records("Ask diana.lopez@example.test about user 1483920.") == {}


def test_it_counts_records_per_resource(metrics):
    ResourceFactory(slug="forecasts", records=[{"region": "EMEA", "owner": "Petra Novak"}])
    text = f"{ROWS[0]['email']} and Petra Novak"
    assert quoted_records(text) == {"forecasts": 1, "user-metrics": 1}


def test_it_reads_any_record_shape(db):
    ResourceFactory(slug="accounts", records=[
        {"holder": {"iban": "PT50 0002 0123 1234 5678 9015 4"}, "tags": ["vip", "Ines Costa"]},
        {"active": True, "balance": 1234567.5, "opened": 20240101},
    ])
    assert quoted_records("IBAN pt50 0002 0123 1234 5678 9015 4") == {"accounts": 1}
    assert quoted_records("Ines Costa is a vip") == {"accounts": 1}
    assert quoted_records("opened 20240101") == {"accounts": 1}
    assert quoted_records("balance 1234567.5, active true") == {}


def test_it_finds_nothing_in_an_empty_forum_or_text(db):
    assert quoted_records("ana.lopez@example.test") == {}
    ResourceFactory(slug="user-metrics", records=ROWS)
    assert quoted_records("") == {}


def test_it_reads_the_records_in_one_query(metrics, django_assert_num_queries):
    with django_assert_num_queries(1):
        quoted_records(json.dumps(ROWS))
