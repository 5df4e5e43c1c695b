"""The FollowTheMoney model with our extension schemata.

FtM builds one `Model` from a folder of YAML files. We keep FtM's folder as it
is and load our own files (`records/schema/*.yaml`) into the same model object,
then add a few properties FtM lacks (`amendments.yaml`) and re-run FtM's
`generate()` step, which links parents, ranges and reverse properties.

The model object is FtM's singleton (`Model.instance()`, also exported as
`followthemoney.model`), so after `get_model()` has run once (importing
`bicentennial.records` does it) every FtM tool in the process — `EntityProxy`,
`make_entity`, `EntityProxy.from_dict`, statements — knows our schemata.
"""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path
from typing import Any, cast

import yaml
from followthemoney.model import Model
from followthemoney.property import Property
from followthemoney.util import const

HERE = Path(__file__).parent
SCHEMA_DIR = HERE / "schema"
AMENDMENTS = HERE / "amendments.yaml"

_lock = threading.Lock()


def extension_schema_files() -> list[Path]:
    return sorted(SCHEMA_DIR.glob("*.yaml"))


@cache
def extension_schema_names() -> tuple[str, ...]:
    """Names of the schemata defined by us (not by FtM)."""
    names: list[str] = []
    for path in extension_schema_files():
        with path.open(encoding="utf-8") as fh:
            names.extend(yaml.safe_load(fh).keys())
    return tuple(names)


def _amend(model: Model) -> None:
    with AMENDMENTS.open(encoding="utf-8") as fh:
        amendments: dict[str, dict[str, Any]] = yaml.safe_load(fh)
    for schema_name, props in amendments.items():
        schema = model[schema_name]
        for name, spec in props.items():
            if name not in schema.properties:
                schema.properties[const(name)] = Property(schema, const(name), cast(Any, spec))


@cache
def get_model() -> Model:
    """FtM's model singleton, extended (once) with our schemata and amendments."""
    with _lock:
        model = Model.instance()
        if "Seizure" not in model.schemata:
            for path in extension_schema_files():
                model._load(str(path))
            _amend(model)
            model.generate()
        return model
