"""What a sensitivity analysis leaves in its output directory:

- design.json: what the design is made of (scenario digest, method, factors, samples,
  seeds, design seed), written first, so --resume continues only the same design;
- results.csv: one row per design point and seed (`point`, `seed` first: its key), the
  factors' values, the run's id, digest, outcome and scalar figures;
- summary.json and report.html (report_html.py), once every point has run.
"""

import csv
import io
import json
from pathlib import Path

from scenarios.format.files import FileRefused, read_text
from scenarios.format.limits import MAX_LOG_BYTES
from scenarios.sweeps.outputs import csv_cell

KEY_COLUMNS = ("point", "seed")


class OutputMismatch(ValueError):
    """--resume on a directory that holds another design, or an unreadable results.csv."""


def design_identity(loaded, method: str, factors: list, samples: int, seeds: int,
                    design_seed: int) -> dict:
    return {"scenario": loaded.scenario.name, "digest": loaded.digest, "method": method,
            "factors": [factor_info(f) for f in factors], "samples": samples,
            "seeds": seeds, "design_seed": design_seed}


def factor_info(factor) -> dict:
    if factor.values:
        return {"name": factor.name, "values": list(factor.values)}
    return {"name": factor.name, "low": factor.low, "high": factor.high,
            **({"whole": True} if factor.whole else {})}


def write_design(out_dir: Path, identity: dict) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "design.json").write_text(json.dumps(identity, indent=2) + "\n",
                                         encoding="utf-8")


def check_resumable(out_dir: Path, identity: dict) -> None:
    """OutputMismatch unless `out_dir` holds this very design (or nothing yet)."""
    path = out_dir / "design.json"
    if not path.exists():
        return
    try:
        stored = json.loads(read_text(path, limit=1_000_000, what="design file"))
    except (FileRefused, ValueError) as error:
        raise OutputMismatch(f"--resume: cannot read {path}: {error}") from None
    differing = [key for key in identity if stored.get(key) != identity[key]]
    if differing:
        raise OutputMismatch(f"--resume: {out_dir} holds another design (its "
                             f"{', '.join(differing)} differ); use another --out, or drop "
                             "--resume to start this one afresh")


def read_results(out_dir: Path) -> list[dict]:
    """results.csv's rows (text values), or [] when there is none."""
    path = out_dir / "results.csv"
    if not path.exists():
        return []
    try:
        text = read_text(path, limit=MAX_LOG_BYTES, what="results file")
        rows = list(csv.DictReader(io.StringIO(text)))
    except (FileRefused, csv.Error) as error:
        raise OutputMismatch(f"--resume: cannot read {path}: {error}") from None
    if rows and not all(k in rows[0] for k in (*KEY_COLUMNS, "outcome")):
        raise OutputMismatch(f"--resume: {path} has no point, seed and outcome columns")
    return rows


def write_results(out_dir: Path, factor_names: list[str], rows: list[dict]) -> Path:
    """results.csv, rows ordered by point then seed."""
    first = [*KEY_COLUMNS, *factor_names, "run_id", "digest", "outcome", "failure"]
    rest: dict[str, None] = {}
    for row in rows:
        rest.update(dict.fromkeys(k for k in row if k not in first))
    path = out_dir / "results.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([*first, *rest])
        for row in sorted(rows, key=lambda r: (int(r["point"]), int(r["seed"]))):
            writer.writerow([csv_cell(row.get(k)) for k in (*first, *rest)])
    return path


def write_summary(out_dir: Path, summary: dict) -> Path:
    path = out_dir / "summary.json"
    path.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return path
