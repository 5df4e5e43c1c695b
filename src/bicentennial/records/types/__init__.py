"""Value validators, one module per kind (as FtM has one per property type)."""

from __future__ import annotations

from bicentennial.records.types import curp, dates, numbers, places, rfc, vocab
from bicentennial.records.types.common import Validator

VALIDATORS: dict[str, Validator] = {
    v.name: v
    for v in (
        curp.VALIDATOR,
        rfc.VALIDATOR,
        dates.VALIDATOR,
        numbers.QUANTITY,
        numbers.LATITUDE,
        numbers.LONGITUDE,
        places.COUNTRY,
        places.PHONE,
        vocab.UNIT,
        vocab.SEIZURE_CATEGORY,
        vocab.REPORT_TYPE,
        vocab.EXTRADITION_STAGE,
        vocab.CURRENCY,
    )
}

# FtM property type → validator name, where ours replaces FtM's cleaning.
BY_TYPE = {"date": "date", "country": "country", "phone": "phone", "number": "quantity"}

__all__ = ["BY_TYPE", "VALIDATORS", "Validator"]
