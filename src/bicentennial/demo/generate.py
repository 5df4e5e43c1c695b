"""Write the demo feeds, the ground truth and a manifest into a folder.

Same seed and size → byte-identical files: every random draw comes from a
generator seeded by (seed, feed), rows are written in a fixed order, and the
manifest holds no timestamps or absolute paths. Rows are streamed to disk, so
memory stays flat from a few thousand to a million records.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bicentennial.demo.feeds import FEEDS, FeedSpec, GroundTruth, Scenario
from bicentennial.demo.world import World

SIZES: dict[str, int] = {"small": 3_000, "medium": 50_000, "large": 1_000_000}
DEFAULT_SEED = 2021
GROUND_TRUTH = "ground_truth.csv"
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class FeedFile:
    path: str  # relative to the manifest's folder
    agency: str
    schema: str
    sharing: str
    rows: int
    sha256: str
    rank: int  # load order: a file only references files of lower rank (same agency)
    description: str = ""


@dataclass
class Manifest:
    out_dir: Path
    size: str
    seed: int
    records: int = 0
    files: list[FeedFile] = field(default_factory=list)
    ground_truth: str = GROUND_TRUTH

    def to_dict(self) -> dict[str, object]:
        return {"size": self.size, "seed": self.seed, "records": self.records, "ground_truth": self.ground_truth,
                "files": [asdict(f) for f in self.files]}

    @classmethod
    def read(cls, out_dir: str | Path) -> Manifest:
        out = Path(out_dir)
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        return cls(out, str(data["size"]), int(data["seed"]), int(data["records"]),
                   [FeedFile(**f) for f in data["files"]], str(data["ground_truth"]))

    def path(self, feed: FeedFile) -> Path:
        return self.out_dir / feed.path


def resolve_size(size: str | int) -> tuple[str, int]:
    """('small', 3000) from 'small'; ('1234', 1234) from 1234 or '1234'."""
    if isinstance(size, int) or str(size).isdigit():
        n = int(size)
        if n < 100:
            raise ValueError("a demo needs at least 100 records")
        return str(n), n
    if size not in SIZES:
        raise ValueError(f"unknown size {size!r}: choose {', '.join(SIZES)} or a number of records")
    return size, SIZES[size]


def ranks(feeds: tuple[FeedSpec, ...] = FEEDS) -> dict[tuple[str, str], int]:
    """Dependency rank of each (agency, schema): entities before the files that reference them."""
    from bicentennial.records.model import get_model

    model = get_model()
    out: dict[tuple[str, str], int] = {}

    def rank(spec: FeedSpec, seen: frozenset[str]) -> int:
        key = (spec.agency, spec.schema)
        if key in out:
            return out[key]
        schema = model.get(spec.schema)
        assert schema is not None, spec.schema
        best = 0
        for col in spec.columns:
            prop = schema.get(col)
            if col == "id" or prop is None or prop.type.name != "entity" or prop.range is None:
                continue
            for other in feeds:
                other_schema = model.get(other.schema)
                if (other.agency == spec.agency and other.schema not in seen and other_schema is not None
                        and other_schema.is_a(prop.range) and other is not spec):
                    best = max(best, 1 + rank(other, seen | {spec.schema}))
        out[key] = best
        return best

    for spec in feeds:
        rank(spec, frozenset())
    return out


def generate(
    out_dir: str | Path,
    size: str | int = "small",
    seed: int = DEFAULT_SEED,
    on_file: Callable[[FeedFile], None] | None = None,
) -> Manifest:
    """Write the demo scenario of `size` ("small", "medium", "large" or a number of records) into `out_dir`."""
    label, total = resolve_size(size)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    order = ranks()
    manifest = Manifest(out, label, seed)
    feeds = sorted(FEEDS, key=lambda f: (order[(f.agency, f.schema)], FEEDS.index(f)))
    with (out / GROUND_TRUTH).open("w", encoding="utf-8", newline="") as gt_fh:
        gt = csv.writer(gt_fh, lineterminator="\n")
        gt.writerow(["kind", "key", "agency", "schema", "source_id"])
        scenario = Scenario(World(seed, total), GroundTruth(gt.writerow))
        for spec in feeds:
            path = out / spec.filename
            rng = random.Random(f"{seed}/{spec.agency}/{spec.schema}")
            rows = 0
            with path.open("w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh, lineterminator="\n")
                writer.writerow(spec.columns)
                cols = spec.columns
                for row in spec.make(scenario, rng):
                    writer.writerow([row.get(c, "") for c in cols])
                    rows += 1
            feed = FeedFile(spec.filename, spec.agency, spec.schema, spec.sharing, rows, _sha256(path),
                            order[(spec.agency, spec.schema)], spec.description)
            manifest.files.append(feed)
            manifest.records += rows
            if on_file:
                on_file(feed)
    (out / MANIFEST).write_text(json.dumps(manifest.to_dict(), indent=2, ensure_ascii=False) + "\n",
                                encoding="utf-8")
    return manifest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
