"""Benchmark of the growth engine (a benchmark, not a test): ``python benchmarks/bench_growth.py``.

Measures, in one run on synthetic children 0–1826 days old:

1. The vectorised path (``evaluate_batch``) on ``--n`` measurements (default 1,000,000) with all
   five WHO indicators measured, plus WS/T 423—2022 classes and levels: measurements/s,
   z-scores/s, and peak memory, measured in a fresh subprocess (``ru_maxrss``, the whole
   process) and with ``tracemalloc`` (allocations made by the evaluation itself).
2. A plain per-row Python loop over the one-measurement API (``evaluate``) on a sample, and
   the ratio to the vectorised rate.
3. rcpchgrowth's ``sds_for_measurement`` (reference ``"who"``) on the same sample: its time per
   measurement (four calls: weight, height, BMI, OFC) and a cross-check that its z-scores agree
   with ours.

Targets on the project's 2-core machine: ≥ 1,000,000 z-scores/s and < 500 MB.
Options: ``--n``, ``--sample`` (rows for the loop and rcpchgrowth, default 2,000), ``--seed``.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from health_records.growth import (  # noqa: E402
    Measurement,
    MeasurementBatch,
    Position,
    Sex,
    evaluate,
    evaluate_batch,
)
from health_records.growth.tables import who_lms  # noqa: E402

INDICATORS = ("wfa", "lhfa", "wflh", "bfa", "hcfa")


def synthetic_arrays(n: int, seed: int) -> dict[str, np.ndarray]:
    """Children 0–1826 days: values drawn around the WHO medians (z ~ N(0, 1.2)), the usual
    position for the age with 10% measured the other way, 2% oedema, 5% born preterm."""
    rng = np.random.default_rng(seed)
    sex = rng.integers(1, 3, n).astype(np.int8)
    age = rng.integers(0, 1827, n)
    s_index = sex.astype(np.intp) - 1

    def around(table: str) -> np.ndarray:
        t = who_lms(table)  # type: ignore[arg-type]
        m, s = t.m[s_index, age], t.s[s_index, age]
        return m * np.exp(s * rng.normal(0.0, 1.2, n))

    expected_position = np.where(age < 731, 1, 2)
    other = rng.random(n) < 0.10
    position = np.where(other, 3 - expected_position, expected_position).astype(np.int8)
    gestation = np.where(rng.random(n) < 0.05, rng.uniform(28, 36.9, n), np.nan)
    return {
        "sex": sex,
        "age_days": age.astype(np.float64),
        "weight_kg": np.minimum(around("wfa"), 59.0),
        "length_height_cm": around("lhfa"),
        "position": position,
        "head_circumference_cm": around("hcfa"),
        "oedema": rng.random(n) < 0.02,
        "gestational_age_weeks": gestation,
    }


def child_vectorised(n: int, seed: int) -> None:
    """Run in a fresh process: time evaluate_batch on n rows and print JSON to stdout."""
    arrays = synthetic_arrays(n, seed)
    batch = MeasurementBatch.from_arrays(**arrays)
    evaluate_batch(batch.rows(0, 1000))  # load tables, warm caches
    tracemalloc.start()
    start = time.perf_counter()
    result = evaluate_batch(batch)
    seconds = time.perf_counter() - start
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    produced = sum(int(np.count_nonzero(~np.isnan(getattr(result, i).z))) for i in INDICATORS)
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    json.dump(
        {
            "n": n,
            "seconds": seconds,
            "z_attempted": 5 * n,
            "z_produced": produced,
            "traced_peak_mb": traced_peak / 2**20,
            "max_rss_mb": rss_kb / 1024,
        },
        sys.stdout,
    )


def measurements_for(arrays: dict[str, np.ndarray], count: int) -> list[Measurement]:
    """The first ``count`` synthetic rows as Measurement objects (the app's input type)."""
    positions = {1: Position.RECUMBENT, 2: Position.STANDING}
    return [
        Measurement(
            sex=Sex.MALE if arrays["sex"][i] == 1 else Sex.FEMALE,
            age_days=int(arrays["age_days"][i]),
            weight_kg=float(arrays["weight_kg"][i]),
            length_height_cm=float(arrays["length_height_cm"][i]),
            position=positions[int(arrays["position"][i])],
            head_circumference_cm=float(arrays["head_circumference_cm"][i]),
            gestational_age_weeks=(
                None
                if math.isnan(arrays["gestational_age_weeks"][i])
                else float(arrays["gestational_age_weeks"][i])
            ),
            oedema=bool(arrays["oedema"][i]),
        )
        for i in range(count)
    ]


def rcpch_cross_check(sample: int, seed: int) -> dict[str, Any]:
    """Our z-scores against rcpchgrowth's on term children without oedema, measured in the
    position expected for their age (rcpchgrowth takes height as given and BMI as a value)."""
    from rcpchgrowth import sds_for_measurement

    arrays = synthetic_arrays(sample, seed + 1)
    arrays["position"] = np.where(arrays["age_days"] < 731, 1, 2).astype(np.int8)
    arrays["oedema"] = np.zeros(sample, dtype=bool)
    arrays["gestational_age_weeks"] = np.full(sample, np.nan)
    ours = evaluate_batch(MeasurementBatch.from_arrays(**arrays))
    checks = {
        "weight": ("wfa", arrays["weight_kg"]),
        "height": ("lhfa", ours.length_height_cm),
        "bmi": ("bfa", ours.bmi_kg_m2),
        "ofc": ("hcfa", arrays["head_circumference_cm"]),
    }
    sexes = np.where(arrays["sex"] == 1, "male", "female")
    decimal_age = arrays["age_days"] / 365.25
    report: dict[str, Any] = {"rows": sample}
    start = time.perf_counter()
    theirs = {
        method: np.array(
            [
                sds_for_measurement(
                    reference="who",
                    age=float(decimal_age[i]),
                    measurement_method=method,
                    observation_value=float(values[i]),
                    sex=str(sexes[i]),
                )
                for i in range(sample)
            ]
        )
        for method, (_, values) in checks.items()
    }
    report["seconds"] = time.perf_counter() - start
    for method, (indicator, _) in checks.items():
        difference = np.abs(getattr(ours, indicator).z - theirs[method])
        worst = int(np.nanargmax(difference))
        report[method] = {
            "max_abs_diff": float(np.nanmax(difference)),
            "over_1e-3": int(np.count_nonzero(difference > 1e-3)),
            "worst_row": {
                "sex": str(sexes[worst]),
                "age_days": int(arrays["age_days"][worst]),
                "ours": float(getattr(ours, indicator).z[worst]),
                "rcpchgrowth": float(theirs[method][worst]),
            },
        }
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="rows for the vectorised path")
    parser.add_argument("--sample", type=int, default=2_000, help="rows for the loops")
    parser.add_argument("--seed", type=int, default=20240110)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child_vectorised(options.n, options.seed)
        return

    print(f"growth engine benchmark: n = {options.n:,}, sample = {options.sample:,}")
    completed = subprocess.run(
        [sys.executable, __file__, "--child", "--n", str(options.n), "--seed", str(options.seed)],
        check=True,
        capture_output=True,
        text=True,
    )
    vector = json.loads(completed.stdout)
    rows_per_s = vector["n"] / vector["seconds"]
    z_per_s = vector["z_attempted"] / vector["seconds"]
    print("\n1. vectorised evaluate_batch (WHO z-scores, flags, classes + WS/T 423—2022)")
    print(f"   {vector['n']:,} measurements in {vector['seconds']:.2f} s")
    print(f"   {rows_per_s:,.0f} measurements/s; {z_per_s:,.0f} z-scores/s (5 per measurement;")
    print(f"   {vector['z_produced']:,} produced, the rest out of range, oedema or before term)")
    print(
        f"   peak memory: {vector['max_rss_mb']:.0f} MB process RSS (ru_maxrss, fresh process, "
        f"includes inputs), {vector['traced_peak_mb']:.0f} MB allocated by the evaluation "
        "(tracemalloc)"
    )
    verdict_speed = "meets" if z_per_s >= 1_000_000 else "MISSES"
    verdict_memory = "meets" if vector["max_rss_mb"] < 500 else "MISSES"
    print(f"   target ≥ 1,000,000 z-scores/s: {verdict_speed}; < 500 MB: {verdict_memory}")

    arrays = synthetic_arrays(options.sample, options.seed)
    measurements = measurements_for(arrays, options.sample)
    start = time.perf_counter()
    for measurement in measurements:
        evaluate(measurement)
    loop_seconds = time.perf_counter() - start
    loop_rate = options.sample / loop_seconds
    print("\n2. per-row Python loop over evaluate() (one-measurement API)")
    print(f"   {options.sample:,} measurements in {loop_seconds:.2f} s: {loop_rate:,.0f}/s")
    print(f"   vectorised / loop: {rows_per_s / loop_rate:,.0f}×")

    print("\n3. rcpchgrowth sds_for_measurement (reference 'who'), same sample size")
    try:
        check = rcpch_cross_check(options.sample, options.seed)
    except ImportError:
        print("   rcpchgrowth is not installed (dev dependency): skipped")
        return
    rcpch_rate = check["rows"] / check["seconds"]
    print(
        f"   {check['rows']:,} measurements × 4 calls in {check['seconds']:.2f} s: "
        f"{rcpch_rate:,.0f} measurements/s"
    )
    print(
        f"   vectorised / rcpchgrowth: {rows_per_s / rcpch_rate:,.0f}×; "
        f"our loop / rcpchgrowth: {loop_rate / rcpch_rate:.2f}×"
    )
    for method in ("weight", "height", "bmi", "ofc"):
        result = check[method]
        print(
            f"   {method:6s} max |Δz| = {result['max_abs_diff']:.2e}; "
            f"rows over 1e-3: {result['over_1e-3']}; worst {result['worst_row']}"
        )


if __name__ == "__main__":
    main()
