from __future__ import annotations

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bicentennial.i18n import catalog
from bicentennial.records.types.common import MESSAGES
from bicentennial.records.validate import (
    ColumnResult,
    property_type,
    required_properties,
    validate_column,
    validate_value,
    validator_for,
)

# (schema, property, hint) covering every validator kind.
PROPERTIES = [
    ("Seizure", "date", None),
    ("Seizure", "quantity", None),
    ("Seizure", "unit", None),
    ("Seizure", "category", None),
    ("Seizure", "country", None),
    ("Person", "curp", None),
    ("Company", "rfc", None),
    ("Person", "phone", "mx"),
    ("Person", "phone", None),
    ("Person", "name", None),
    ("Person", "email", None),
    ("Payment", "currency", None),
    ("Address", "longitude", None),
    ("FinancialIntelligenceReport", "reportType", None),
    ("ExtraditionMilestone", "stage", None),
    ("Firearm", "serialNumber", None),
    ("Seizure", "involved", None),
]

SAMPLE = [
    "2023-02-30", "31/12/2023", "2023", " 2024-02-29 ", "1/2/2024", "2023-01-05 10:00", "0999",
    "12", "-3", "1,234.50", "1.234,5", "$2,500", "abc", "", "   ", "\xa0kg", "Kilogramos", "lbs", "drogas",
    "México", "USA", "EE.UU.", "Narnia", "HEGG560427MVZRRL04", "HEGG560427MVZRRL05", "CFE370814QI0",
    "cfe-370814-qi0", "55 1234 5678", "+1 202 555 0143", "Joaquín Guzmán", "a@example.org", "not-mail",
    "mxn", "-99.13", "SAR", "extraditado", "X123-45", "person-1", "-", "1e3",
]  # fmt: skip


def _both(schema: str, prop: str, values: list[str | None], hint: str | None) -> None:
    result = validate_column(schema, prop, pa.array(values, pa.string()), country_hint=hint)
    assert isinstance(result, ColumnResult)
    assert len(result.values) == len(values) == len(result.errors)
    for value, out, err in zip(values, result.values.to_pylist(), result.errors.to_pylist(), strict=True):
        expected = validate_value(schema, prop, value, country_hint=hint) if value is not None else (None, None)
        assert (out, err) == expected, (schema, prop, value)


@pytest.mark.parametrize(("schema", "prop", "hint"), PROPERTIES)
def test_scalar_and_column_agree_on_sample(schema: str, prop: str, hint: str | None) -> None:
    _both(schema, prop, [*SAMPLE, None], hint)


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(PROPERTIES),
    st.lists(
        st.one_of(
            st.none(),
            st.sampled_from(SAMPLE),
            st.from_regex(r"\A[0-9]{1,4}([-/.,][0-9]{1,4}){0,2}( [0-9]{2}:[0-9]{2})?\Z"),
            st.text(alphabet="0123456789-/.,:$+ TZeAaHMX", max_size=20),
        ),
        max_size=25,
    ),
)
def test_scalar_and_column_agree_generated(spec: tuple[str, str, str | None], values: list[str | None]) -> None:
    schema, prop, hint = spec
    _both(schema, prop, values, hint)


def test_empty_is_not_an_error() -> None:
    assert validate_value("Seizure", "date", "  ") == (None, None)
    result = validate_column("Seizure", "date", pa.array(["", None, " "], pa.string()))
    assert result.values.null_count == 3 and result.errors.null_count == 3
    assert result.error_count == 0


def test_chunked_and_large_string_input() -> None:
    chunked = pa.chunked_array([pa.array(["2023-01-01"]), pa.array(["bad"])])
    result = validate_column("Seizure", "date", chunked)
    assert result.values.to_pylist() == ["2023-01-01", None]
    assert result.error_count == 1
    large = pa.array(["12"], pa.large_string())
    assert validate_column("Seizure", "quantity", large).values.to_pylist() == ["12"]


def test_examples_from_the_brief() -> None:
    assert validate_value("Seizure", "unit", "kilogramos") == ("kg", None)
    assert validate_value("Seizure", "unit", "furlongs") == (None, "unknown unit")
    assert validate_value("Seizure", "date", "2023-02-30") == (None, "impossible date")
    assert validate_value("Seizure", "country", "Estados Unidos") == ("us", None)
    assert validate_value("Seizure", "quantity", "twelve") == (None, "not a number")
    assert validate_value("Person", "phone", "12", "mx") == (None, "invalid phone number")
    assert validate_value("Person", "curp", "HEGG560427MVZRRL05") == (None, "invalid CURP: check digit does not match")


def test_metadata_functions() -> None:
    assert required_properties("Seizure") == ["category", "date"]
    assert required_properties("Payment") == ["payer", "beneficiary"]
    assert property_type("Seizure", "quantity") == "number"
    assert property_type("Seizure", "involved") == "entity"
    assert validator_for("Payment", "amount").name == "quantity"
    assert validator_for("Person", "nationality").name == "country"
    with pytest.raises(KeyError):
        validate_value("Seizure", "noSuchProperty", "x")
    with pytest.raises(KeyError):
        required_properties("NoSuchSchema")


def test_every_error_message_has_spanish() -> None:
    es = catalog("es")
    missing = [m for m in MESSAGES if m not in es]
    assert not missing


def test_one_million_dates() -> None:
    base = ["2023-01-15", "15/01/2023", "2023-02-30", "", None, "2023", "garbage"]
    values = pa.array(base * (1_000_000 // len(base) + 1), pa.string()).slice(0, 1_000_000)
    result = validate_column("Seizure", "date", values)
    assert len(result.values) == 1_000_000
    counts = dict(zip(*[c.to_pylist() for c in result.errors.value_counts().flatten()], strict=True))
    per = 1_000_000 // len(base)
    assert counts["impossible date"] in (per, per + 1)
    assert counts["invalid date"] in (per, per + 1)
    assert result.values[1].as_py() == "2023-01-15"
