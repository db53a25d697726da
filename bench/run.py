"""Run the engine on a round file, phase by phase, and a bare OR-Tools flow on the same pairs.

Prints one JSON line: wall seconds and peak resident memory after each phase
(read, prepare, feasible pairs, solve, explain, check, write), the engine's
total, and the bare ``SimpleMinCostFlow`` solve on the engine's feasible pairs
and true costs (no tie-break, no explanations, no checks), so that the engine's
overhead is a ratio measured in one run::

    python bench/run.py /tmp/wbl-bench/L.json

The ratio ``engine / bare`` divides the wall time of ``solve(round)`` (prepare,
feasible pairs, costs and flow, explanations, validity check; not reading the
file, not writing the result) by the wall time of building the same network
with plain OR-Tools calls and solving it (the pairs and costs handed to it are
computed beforehand, outside its clock). Both are also given in CPU seconds of
this process (``time.process_time``), which other programs on the machine
disturb much less than wall time, phase by phase (``cpu_seconds``) and for the
whole file → result; the load average is recorded before and after. Run it
with the repository on ``PYTHONPATH`` to measure a work tree's own engine.
"""

import argparse
import json
import os
import resource
import sys
import time

import numpy as np
from ortools.graph.python import min_cost_flow

from wbl_match.matching import read_round_file, solve
from wbl_match.matching.compiled import compile_round
from wbl_match.matching.costs import pair_costs
from wbl_match.matching.feasibility import feasible_pairs


def peak_mib() -> float:
    """Peak resident memory of this process so far, MiB (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def bare_flow(round_) -> dict:
    """Build the same network as the engine with plain OR-Tools calls and solve it."""
    c = compile_round(round_)
    pairs = feasible_pairs(c)
    cost = pair_costs(c, pairs.s, pairs.j, pairs.dist)
    start, cpu = time.perf_counter(), time.process_time()
    n, m = c.n_students, c.n_slots
    source, sink = n + m, n + m + 1
    smcf = min_cost_flow.SimpleMinCostFlow()
    smcf.add_arcs_with_capacity_and_unit_cost(np.full(n, source), np.arange(n), np.ones(n, np.int64),
                                              np.zeros(n, np.int64))
    smcf.add_arcs_with_capacity_and_unit_cost(pairs.s, n + pairs.j, np.ones(len(cost), np.int64), cost)
    smcf.add_arcs_with_capacity_and_unit_cost(n + np.arange(m), np.full(m, sink), c.j_capacity,
                                              np.zeros(m, np.int64))
    smcf.set_nodes_supplies(np.array([source, sink]), np.array([n, -n]))
    status = smcf.solve_max_flow_with_min_cost()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"seconds": round(seconds, 3), "cpu_seconds": round(cpu, 3), "status": str(status),
            "placed": smcf.maximum_flow(),
            "total_cost": smcf.optimal_cost(), "pairs": len(cost)}


def main() -> None:
    """Command line: ROUND [--out RESULT] [--no-bare]."""
    parser = argparse.ArgumentParser(description="time the engine on one round file")
    parser.add_argument("round")
    parser.add_argument("--out", default="/tmp/wbl-bench/result.json")
    parser.add_argument("--no-bare", action="store_true")
    args = parser.parse_args()
    phases: dict = {}
    load_before = os.getloadavg()
    start = time.perf_counter()
    cpu_start = time.process_time()
    round_ = read_round_file(args.round)
    phases["read"] = {"seconds": round(time.perf_counter() - start, 3),
                      "cpu_seconds": round(time.process_time() - cpu_start, 3), "peak_mib": peak_mib()}
    cpu = time.process_time()
    result = solve(round_)
    engine_cpu = time.process_time() - cpu
    cpu_phases = result.stats["seconds"]["cpu"]
    for name, seconds in result.stats["seconds"].items():
        if name not in ("total", "cpu"):
            phases[name] = {"seconds": seconds, "cpu_seconds": cpu_phases[name]}
    phases["check"]["peak_mib"] = peak_mib()
    mark, cpu_mark = time.perf_counter(), time.process_time()
    with open(args.out, "wb") as handle:
        handle.write(result.to_json())
    phases["write"] = {"seconds": round(time.perf_counter() - mark, 3),
                       "cpu_seconds": round(time.process_time() - cpu_mark, 3), "peak_mib": peak_mib()}
    report = {"round": args.round, "students": len(round_.students), "slots": len(round_.slots),
              "feasible_pairs": result.stats["feasible_pairs"], "placed": result.placed,
              "total_cost": result.total_cost, "phases": phases,
              "engine_solve_seconds": result.stats["seconds"]["total"],
              "engine_solve_cpu_seconds": round(engine_cpu, 3),
              "file_to_result_seconds": round(time.perf_counter() - start, 3),
              "file_to_result_cpu_seconds": round(time.process_time() - cpu_start, 3), "peak_mib": peak_mib()}
    if not args.no_bare:
        report["bare_flow"] = bare = bare_flow(round_)
        report["ratio_engine_over_bare"] = round(report["engine_solve_seconds"] / bare["seconds"], 2)
        report["ratio_engine_over_bare_cpu"] = round(engine_cpu / bare["cpu_seconds"], 2)
        report["ratio_flow_phase_over_bare"] = round(phases["solve"]["seconds"] / bare["seconds"], 2)
        report["ratio_file_to_result_over_bare_cpu"] = round(report["file_to_result_cpu_seconds"]
                                                             / bare["cpu_seconds"], 2)
        report["same_objective"] = (bare["placed"], bare["total_cost"]) == (result.placed, result.total_cost)
    report["load_average_before_after"] = [round(x, 2) for x in load_before + os.getloadavg()]
    json.dump(report, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
