"""Benchmarks of benzopk: exactness vs an ODE solver, widget latency, scale, site build.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/run.py``). Prints one markdown
table and writes ``build/bench.json`` and ``build/bench_scale.png``. Not part of ``make
test``: it takes about a minute. Teaching model — NOT FOR DOSING.
"""

from __future__ import annotations

import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from lab_latency import lab_latency, lab_latency_rows
from matplotlib.figure import Figure
from scipy.integrate import solve_ivp

import benzopk
from benzopk.data import Dataset
from benzopk.figure import add_label
from benzopk.formulas import absorption_rate_from_tmax, elimination_rate
from benzopk.linked import simulate_drug, system_for_drug
from benzopk.model import Compartment, LinearSystem
from benzopk.nextday.compute import compare
from benzopk.nextday.widget import WIDGET_STEP_MINUTES, ComparisonWidget
from benzopk.timeline import nightly_dose_times

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
SCRIPT = "python benchmarks/run.py"

ODE_METHOD = "Radau"  # the reference for exactness and the headline speed-up
ODE_FAST_METHOD = "LSODA"  # also timed: the faster solver on these problems
ODE_RTOL = 1e-10
ODE_ATOL = 1e-14
ODE_STEP_MIN = 5.0
ODE_FLOOR = 1e-3  # relative error only where the reference amount exceeds this
CLOSED_REPEATS = 200  # closed-form runs take about 1 ms: many repeats, best one counts

WIDGET_DRUGS = ("diazepam", "flurazepam", "triazolam", "temazepam", "clonazepam", "zolpidem")
WIDGET_NIGHTS = 14
WIDGET_UPDATES = 200

MINUTES_PER_DAY = 24 * 60
SCALE_NIGHTS = {"week": 7, "month": 30, "year": 365, "decade": 3650}
DECADE_CHUNK_NIGHTS = 365  # the 10-year grid is evaluated one year of grid at a time


def best_of(repeats: int, func: Callable[[], object]) -> float:
    """Shortest wall time (s) of ``repeats`` calls, by ``time.perf_counter``."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


# ---------------------------------------------------------------------------------------
# 1. Exactness and speed against scipy.integrate.solve_ivp
# ---------------------------------------------------------------------------------------


def rate_matrix(system: LinearSystem) -> np.ndarray:
    """``dA/dt = M A`` for the compartment tree (outflow ``r_i A_i``, fractions to children)."""
    size = len(system.compartments)
    matrix = np.zeros((size, size))
    for index, comp in enumerate(system.compartments):
        matrix[index, index] -= comp.rate_per_h
        if comp.source is not None:
            source_rate = system.compartments[comp.source].rate_per_h
            matrix[index, comp.source] += comp.fraction_from_source * source_rate
    return matrix


def ode_amounts(
    system: LinearSystem, doses: np.ndarray, grid: np.ndarray, method: str = ODE_METHOD
) -> np.ndarray:
    """The same amounts by solve_ivp, piecewise between doses (each dose added to
    compartment 0 at its time; a grid point at a dose time is after that dose)."""
    matrix = rate_matrix(system)
    size = matrix.shape[0]
    out = np.zeros((size, grid.size))
    state = np.zeros(size)
    for j, start in enumerate(doses):
        state = state.copy()
        state[0] += 1.0
        end = float(doses[j + 1]) if j + 1 < doses.size else float(grid[-1])
        last = j + 1 == doses.size
        inside = (grid >= start) & ((grid <= end) if last else (grid < end))
        t_eval = grid[inside] if last else np.append(grid[inside], end)
        solution = solve_ivp(
            lambda _t, y: matrix @ y,
            (float(start), end),
            state,
            method=method,
            t_eval=t_eval,
            rtol=ODE_RTOL,
            atol=ODE_ATOL,
            jac=lambda _t, _y: matrix,
        )
        if not solution.success:
            raise RuntimeError(solution.message)
        out[:, inside] = solution.y[:, : int(np.count_nonzero(inside))]
        state = solution.y[:, -1]
    return out


@dataclass(frozen=True)
class OdeCase:
    name: str
    system: LinearSystem
    schedule: str
    doses: np.ndarray


def ode_cases(dataset: Dataset) -> list[OdeCase]:
    temazepam = dataset.compound("temazepam")
    k = elimination_rate(temazepam.half_life.typical_h)
    assert temazepam.tmax_h is not None
    ka = absorption_rate_from_tmax(temazepam.half_life.typical_h, temazepam.tmax_h)
    systems = {
        "instant dose (temazepam)": LinearSystem((Compartment("temazepam", k),)),
        "oral gut→parent (temazepam)": LinearSystem(
            (Compartment("gut", ka), Compartment("temazepam", k, 0, 1.0))
        ),
        "diazepam→nordiazepam": system_for_drug(dataset, "diazepam"),
        "oral gut→diazepam→nordiazepam": system_for_drug(dataset, "diazepam", "oral"),
        "quazepam→2-oxoquazepam→desalkylflurazepam": system_for_drug(dataset, "quazepam"),
    }
    nightly = nightly_dose_times(14)
    # 3 nights a week (days 0, 2, 4 of each week) for 4 weeks.
    intermittent = np.array([24.0 * (7 * w + d) for w in range(4) for d in (0, 2, 4)])
    schedules = {"14 nightly doses": nightly, "3 nights/week × 4 weeks": intermittent}
    return [
        OdeCase(name, system, schedule, doses)
        for name, system in systems.items()
        for schedule, doses in schedules.items()
    ]


def bench_ode(dataset: Dataset) -> dict[str, Any]:
    rows = []
    for case in ode_cases(dataset):
        horizon = float(case.doses[-1]) + 7 * 24.0  # a week after the last dose
        grid = np.arange(0.0, horizon + 1e-9, ODE_STEP_MIN / 60.0)
        exact = case.system.amounts(case.doses, grid)
        reference = ode_amounts(case.system, case.doses, grid)
        mask = reference > ODE_FLOOR
        error = float(np.max(np.abs(exact[mask] - reference[mask]) / reference[mask]))
        fast = ode_amounts(case.system, case.doses, grid, ODE_FAST_METHOD)
        fast_error = float(np.max(np.abs(exact[mask] - fast[mask]) / fast[mask]))
        closed_s = best_of(CLOSED_REPEATS, lambda c=case, g=grid: c.system.amounts(c.doses, g))
        ode_s = best_of(3, lambda c=case, g=grid: ode_amounts(c.system, c.doses, g))
        fast_s = best_of(
            3, lambda c=case, g=grid: ode_amounts(c.system, c.doses, g, ODE_FAST_METHOD)
        )
        rows.append(
            {
                "system": case.name,
                "schedule": case.schedule,
                "grid_points": int(grid.size),
                "max_rel_error": error,
                "closed_form_s": closed_s,
                "ode_s": ode_s,
                "speedup": ode_s / closed_s,
                "max_rel_error_vs_lsoda": fast_error,
                "lsoda_s": fast_s,
                "speedup_vs_lsoda": fast_s / closed_s,
            }
        )
        print(
            f"  ode: {case.name}, {case.schedule}: rel err {error:.2e}, "
            f"closed {closed_s * 1e3:.2f} ms, {ODE_METHOD} {ode_s * 1e3:.0f} ms, "
            f"{ODE_FAST_METHOD} {fast_s * 1e3:.1f} ms",
            file=sys.stderr,
        )
    return {
        "ode_max_rel_error": max(r["max_rel_error"] for r in rows),
        "ode_speedup": min(r["speedup"] for r in rows),
        "ode_speedup_median": statistics.median(r["speedup"] for r in rows),
        "ode_method": ODE_METHOD,
        "ode_max_rel_error_lsoda": max(r["max_rel_error_vs_lsoda"] for r in rows),
        "ode_speedup_lsoda": min(r["speedup_vs_lsoda"] for r in rows),
        "ode_speedup_lsoda_median": statistics.median(r["speedup_vs_lsoda"] for r in rows),
        "ode_cases": rows,
    }


# ---------------------------------------------------------------------------------------
# 2. Widget latency
# ---------------------------------------------------------------------------------------


def bench_widget(dataset: Dataset) -> dict[str, Any]:
    widget = ComparisonWidget(dataset=dataset, drugs=WIDGET_DRUGS, nights=WIDGET_NIGHTS)
    assert widget.curves is not None
    values = (0.25, -0.25)
    for i in range(6):  # warm-up (font cache, first draw); ends on values[1]
        widget.position.value = values[i % 2]
    generation = widget.plot.generation
    times = []
    for i in range(WIDGET_UPDATES):
        start = time.perf_counter()
        widget.position.value = values[i % 2]
        times.append(time.perf_counter() - start)
    if widget.plot.generation - generation != WIDGET_UPDATES:
        raise RuntimeError("the widget did not redraw on every update")
    # Where the time goes: the computation alone (the widget's own settings and grid).
    settings = widget.settings
    compute = []
    for _ in range(50):
        start = time.perf_counter()
        compare(dataset, settings)
        compute.append(time.perf_counter() - start)
    ms = np.array(times) * 1e3
    return {
        "widget_median_ms": float(np.median(ms)),
        "widget_p95_ms": float(np.percentile(ms, 95)),
        "widget_compute_median_ms": float(np.median(compute) * 1e3),
        "widget_updates": WIDGET_UPDATES,
        "widget_curves": len(widget.curves.curves),
        "widget_grid_points": int(widget.curves.times_h.size),
    }


# ---------------------------------------------------------------------------------------
# 3. Scale: every drug (with its metabolites), nightly doses, 1-minute grid
# ---------------------------------------------------------------------------------------


def all_drugs(dataset: Dataset, nights: int) -> int:
    """Evaluate every drug on one grid; returns the number of curves."""
    doses = nightly_dose_times(nights)
    grid = np.arange(nights * MINUTES_PER_DAY) / 60.0
    count = 0
    for drug in sorted(dataset.drugs):
        count += len(simulate_drug(dataset, drug, doses, grid).amounts)
    return count


def all_drugs_chunked(dataset: Dataset, nights: int, chunk_nights: int) -> int:
    """The same, with the grid evaluated ``chunk_nights`` days at a time (all doses known
    to every chunk); keeps each chunk's maximum per curve, not the whole grid."""
    doses = nightly_dose_times(nights)
    points = nights * MINUTES_PER_DAY
    step = chunk_nights * MINUTES_PER_DAY
    grids = [np.arange(first, min(first + step, points)) / 60.0 for first in range(0, points, step)]
    count = 0
    for drug in sorted(dataset.drugs):  # each chunk's grid is built once, for every drug
        peaks: dict[str, float] = {}
        for grid in grids:
            curves = simulate_drug(dataset, drug, doses, grid).amounts
            chunk = {name: float(np.max(values)) for name, values in curves.items()}
            del curves  # free this chunk before the next one is computed
            for name, peak in chunk.items():
                peaks[name] = max(peaks.get(name, 0.0), peak)
        count += len(peaks)
    return count


def peak_mb(func: Callable[[], object]) -> float:
    """Peak traced allocation (MB) during ``func`` (tracemalloc; numpy reports to it)."""
    gc.collect()
    tracemalloc.start()
    try:
        func()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


EXP_FLOOR_REPEATS = 5
YEAR_VS_EXP_FLOOR_TARGET = 4.0  # the year within 4× of one exponential per value produced
DECADE_VS_YEAR_TARGET = 12.0  # ten times the points in at most 12 times the time


def exp_floor_s(values: int, repeats: int = EXP_FLOOR_REPEATS) -> float:
    """Best wall time (s) of one ``np.exp`` call over ``values`` float64 arguments, with a
    fresh result array as the engine's results are: the floor of any evaluation that
    computes one exponential per value it produces. Arguments ``0 … −50`` (no underflow)."""
    arguments = -np.linspace(0.0, 50.0, values)
    return best_of(repeats, lambda: np.exp(arguments))


def bench_scale(dataset: Dataset) -> dict[str, Any]:
    result: dict[str, Any] = {"scale_drugs": len(dataset.drugs), "scale_points": {}}
    for label, nights in SCALE_NIGHTS.items():
        points = nights * MINUTES_PER_DAY
        result["scale_points"][label] = points
        chunked = label == "decade"

        def run(n: int = nights, chunked: bool = chunked) -> int:
            if chunked:
                return all_drugs_chunked(dataset, n, DECADE_CHUNK_NIGHTS)
            return all_drugs(dataset, n)

        curves = run()  # warm-up, and the number of curves evaluated
        repeats = 3 if chunked else 5
        seconds = best_of(repeats, run)
        if label == "year":  # the floor, timed in the same conditions as the year
            result["scale_exp_floor_values"] = curves * points
            result["scale_exp_floor_s"] = exp_floor_s(curves * points)
        peak = peak_mb(run)
        result[f"scale_{label}_all_drugs_s"] = seconds
        result[f"scale_{label}_all_drugs_peak_mb"] = peak
        result[f"scale_{label}_curves"] = curves
        print(
            f"  scale: {label} ({points:,} points, {curves} curves): {seconds:.3f} s, "
            f"{peak:.0f} MB",
            file=sys.stderr,
        )
    year = result["scale_year_all_drugs_s"]
    result["scale_year_vs_exp_floor"] = year / result["scale_exp_floor_s"]
    result["scale_decade_vs_year"] = result["scale_decade_all_drugs_s"] / year
    print(
        f"  scale: np.exp over {result['scale_exp_floor_values']:,} values "
        f"{result['scale_exp_floor_s']:.3f} s; year ÷ exp floor "
        f"{result['scale_year_vs_exp_floor']:.2f}, "
        f"decade ÷ year {result['scale_decade_vs_year']:.2f}",
        file=sys.stderr,
    )
    return result


def scale_plot(scale: dict[str, Any], path: Path) -> None:
    labels = list(SCALE_NIGHTS)
    points = np.array([scale["scale_points"][k] for k in labels], dtype=float)
    seconds = np.array([scale[f"scale_{k}_all_drugs_s"] for k in labels])
    fig = Figure(figsize=(7.5, 5.0), dpi=100, layout="constrained")
    add_label(fig)
    ax = fig.add_subplot()
    ax.loglog(points, seconds, "o-", color="#0072B2", lw=2)
    reference = seconds[1] * points / points[1]
    ax.loglog(points, reference, "--", color="#888888", label="proportional to points")
    for x, y, label in zip(points, seconds, labels, strict=True):
        ax.annotate(label, (x, y), textcoords="offset points", xytext=(6, -12))
    ax.set_xlabel("Grid points per drug (1-minute grid, nightly doses)")
    ax.set_ylabel(f"Wall time, all {scale['scale_drugs']} drugs (s)")
    ax.set_title("benzopk closed form: time vs grid size", loc="left")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(loc="upper left")
    fig.savefig(path)


# ---------------------------------------------------------------------------------------
# 4. Site build
# ---------------------------------------------------------------------------------------

SITE_COMMAND = ["scripts/build_site.py", "--out", "build/html"]


def bench_site() -> dict[str, Any]:
    start = time.perf_counter()
    subprocess.run([sys.executable, *SITE_COMMAND], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return {"html_build_s": time.perf_counter() - start}


# ---------------------------------------------------------------------------------------
# Table
# ---------------------------------------------------------------------------------------


def table(results: dict[str, Any]) -> str:
    cpus = results["cpu_count"]
    ode = f"solve_ivp {ODE_METHOD} rtol={ODE_RTOL:g} atol={ODE_ATOL:g}"
    cases = len(results["ode_cases"])
    rows = [
        (
            f"Max relative error vs {ODE_METHOD} ({cases} systems × schedules, 5-min grid, "
            f"where amount > {ODE_FLOOR:g})",
            f"{results['ode_max_rel_error']:.1e}",
            "≤ 1e-8",
            results["ode_max_rel_error"] <= 1e-8,
            f"`{SCRIPT}` → `LinearSystem.amounts` vs {ode}, piecewise between doses",
        ),
        (
            f"Speed-up closed form vs {ODE_METHOD} (worst case; median "
            f"{results['ode_speedup_median']:.0f}×)",
            f"{results['ode_speedup']:.0f}×",
            "≥ 100×",
            results["ode_speedup"] >= 100,
            f"`{SCRIPT}` → best of {CLOSED_REPEATS} (closed form) / 3 (ODE), `time.perf_counter`",
        ),
        (
            f"…same vs {ODE_FAST_METHOD} (worst case; median "
            f"{results['ode_speedup_lsoda_median']:.0f}×; its max rel. error "
            f"{results['ode_max_rel_error_lsoda']:.1e})",
            f"{results['ode_speedup_lsoda']:.0f}×",
            "≥ 100×",
            results["ode_speedup_lsoda"] >= 100,
            f"`{SCRIPT}` → same with `method={ODE_FAST_METHOD!r}`",
        ),
        (
            f"Widget update, median ({results['widget_curves']} curves, "
            f"{WIDGET_NIGHTS} nights, {WIDGET_STEP_MINUTES:g}-min grid)",
            f"{results['widget_median_ms']:.0f} ms",
            "< 50 ms",
            results["widget_median_ms"] < 50,
            f"`{SCRIPT}` → `ComparisonWidget(...).position.value = ±0.25`, "
            f"{WIDGET_UPDATES} updates (recompute + set data + Agg PNG)",
        ),
        (
            "Widget update, p95",
            f"{results['widget_p95_ms']:.0f} ms",
            "< 100 ms",
            results["widget_p95_ms"] < 100,
            "same",
        ),
        (
            "…of which computation (`compare`, median)",
            f"{results['widget_compute_median_ms']:.0f} ms",
            "—",
            None,
            f"`{SCRIPT}` → `benzopk.nextday.compare(dataset, widget.settings)`",
        ),
    ]
    drugs = results["scale_drugs"]
    for label, nights in SCALE_NIGHTS.items():
        if label == "week":
            continue
        points = results["scale_points"][label]
        chunked = ", in 1-year chunks" if label == "decade" else ""
        seconds = results[f"scale_{label}_all_drugs_s"]
        peak = results[f"scale_{label}_all_drugs_peak_mb"]
        rows.append(
            (
                f"All {drugs} drugs + metabolites, {nights} nights, 1-min grid "
                f"({points:,} points{chunked}): time",
                f"{seconds:.2f} s",
                "< 1 s" if label == "year" else "—",
                seconds < 1 if label == "year" else None,
                f"`{SCRIPT}` → `simulate_drug` per drug, best of runs",
            )
        )
        rows.append(
            (
                "…peak memory (tracemalloc)",
                f"{peak:.0f} MB",
                "< 400 MB" if label == "year" else "—",
                peak < 400 if label == "year" else None,
                f"`{SCRIPT}` → same, under `tracemalloc`",
            )
        )
    floor_ratio, decade_ratio = results["scale_year_vs_exp_floor"], results["scale_decade_vs_year"]
    rows.append(
        (
            f"Year time ÷ exp floor (`np.exp` over the year's "
            f"{results['scale_exp_floor_values']:,} values: {results['scale_exp_floor_s']:.3f} s)",
            f"{floor_ratio:.1f}×",
            f"≤ {YEAR_VS_EXP_FLOOR_TARGET:g}×",
            floor_ratio <= YEAR_VS_EXP_FLOOR_TARGET,
            f"`{SCRIPT}` → `np.exp` on curves × points float64, best of {EXP_FLOOR_REPEATS}",
        )
    )
    rows.append(
        (
            "Decade time ÷ year time (10× the points)",
            f"{decade_ratio:.1f}×",
            f"≤ {DECADE_VS_YEAR_TARGET:g}×",
            decade_ratio <= DECADE_VS_YEAR_TARGET,
            f"`{SCRIPT}` → the 3650- and 365-night times above (best of 3 and of 5)",
        )
    )
    rows += lab_latency_rows(results)
    rows.append(
        (
            "HTML site build (execute notebooks + render)",
            f"{results['html_build_s']:.1f} s",
            "< 60 s",
            results["html_build_s"] < 60,
            f"`python {' '.join(SITE_COMMAND)}` (subprocess)",
        )
    )
    lines = [
        "| Benchmark | Result | Target | Met | CPUs | Command |",
        "|---|---|---|---|---|---|",
    ]
    for name, value, target, met, command in rows:
        mark = "—" if met is None else ("yes" if met else "**no**")
        lines.append(f"| {name} | {value} | {target} | {mark} | {cpus} | {command} |")
    return "\n".join(lines)


def main() -> int:
    BUILD.mkdir(exist_ok=True)
    dataset = benzopk.load_dataset()
    results: dict[str, Any] = {
        "cpu_count": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "memory_measure": "tracemalloc peak (Python and numpy allocations)",
        "decade_evaluation": f"grid evaluated in chunks of {DECADE_CHUNK_NIGHTS} days",
    }
    print("benchmarking the closed form against solve_ivp …", file=sys.stderr)
    results.update(bench_ode(dataset))
    print("benchmarking the widget …", file=sys.stderr)
    results.update(bench_widget(dataset))
    print("measuring the slider in a real JupyterLab …", file=sys.stderr)
    results.update(lab_latency())
    print("benchmarking scale …", file=sys.stderr)
    results.update(bench_scale(dataset))
    scale_plot(results, BUILD / "bench_scale.png")
    print("building the site …", file=sys.stderr)
    results.update(bench_site())
    (BUILD / "bench.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    print(
        f"\nMachine: {results['cpu_count']} CPU(s), {results['processor']}, "
        f"Python {results['python']}, numpy {results['numpy']}. "
        "Wrote build/bench.json and build/bench_scale.png."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
