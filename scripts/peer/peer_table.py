#!/usr/bin/env python3
"""The table of scripts/peer/onnxruntime-vs-reference.sh (docs/peers.md) from its results
file: one JSON line per model, plugin and round, {"model", "plugin", "round", "ort":
ort_run.mjs's JSON, "hwcert": `hwcert model run --json`}. Per model and plugin: the medians over the rounds of samples/s and
P50 latency on each side, the ratio hwcert/ORT of samples/s (median over the rounds, and its
lowest and highest round: the spread), ORT's worst agreement with hwcert's float64 chain,
and the reference plugin's top op type.

Usage: peer_table.py RESULTS.jsonl [--output TABLE.md]
"""
import argparse
import json
import statistics
import sys


def rows_by_model(path):
    by_model = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                record = json.loads(line)
                key = (record["model"], record.get("plugin", "reference"))
                by_model.setdefault(key, []).append(record)
    return by_model


def agreement(ort):
    errors = [o["max_rel_err"] for o in ort.get("outputs", {}).values()]
    return f"{max(errors):.1e}" if errors else "-"


def top_op(batch):
    ops = batch.get("top_ops") or []
    if not ops:
        return "-"
    return f"{ops[0]['op']} {100 * ops[0]['fraction']:.0f} %"


def model_row(key, records):
    ort = [r["ort"] for r in records]
    hw = [r["hwcert"]["batches"][0] for r in records]
    ratios = [h["samples_per_s"] / o["samples_per_s"] for h, o in zip(hw, ort)]
    med = statistics.median
    return (f"| {key[0]} | {key[1]} | {med(o['samples_per_s'] for o in ort):,.1f} "
            f"| {med(o['p50_ms'] for o in ort):.3f} "
            f"| {med(h['samples_per_s'] for h in hw):,.1f} "
            f"| {med(h['latency_ms']['p50'] for h in hw):.3f} "
            f"| **{med(ratios):.2f}** ({min(ratios):.2f}-{max(ratios):.2f}) "
            f"| {agreement(ort[0])} | {top_op(hw[0])} |")


def table(by_model):
    first = next(iter(by_model.values()))[0]["ort"]
    rounds = max(r["round"] for records in by_model.values() for r in records)
    lines = [f"{first['runtime']}, {first['threads']} threads on both sides, batch 1, "
             f"{rounds} rounds (ORT then each hwcert plugin, alternately)",
             "",
             "| model | hwcert plugin | ORT samples/s | ORT P50 (ms) | hwcert samples/s "
             "| hwcert P50 (ms) | ratio hwcert/ORT (spread) | ORT vs float64 chain (max rel err) "
             "| hwcert top op |",
             "|---|---|---|---|---|---|---|---|---|"]
    lines += [model_row(key, records) for key, records in by_model.items()]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("results")
    parser.add_argument("--output")
    args = parser.parse_args()
    text = table(rows_by_model(args.results))
    sys.stdout.write(text)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
