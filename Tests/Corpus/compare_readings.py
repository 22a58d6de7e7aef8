#!/usr/bin/env python3
"""Compares two independent readings of the same notices, window by window.

Usage:
  compare_readings.py DIR_A DIR_B [--feeds Feeds] [--json OUT.json]

Each DIR holds NNN-slug.expected.yaml files (READING.md). Windows are paired as score.py pairs
a draft with its expected file (same instants; all-day windows day by day). For every notice it
prints AGREE or each difference: a window only one reader entered, or a paired window whose
kind, tentative, backup or scope differ. The totals say how often the two readers agreed; the
README's corpus section reports them and how each difference was settled.

Stdlib + PyYAML only; shares score.py's reading of windows.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import score  # noqa: E402


def load(path: pathlib.Path) -> list:
    doc = score.load_yaml(path.read_text(encoding="utf-8")) or {}
    return score.per_day([score.to_window(w) for w in (doc.get("windows") or [])])


def compare(a: list, b: list, regions) -> list[str]:
    differences = []
    free = list(range(len(b)))
    for wa in a:
        match = next((i for i in free if score.same_instants(wa, b[i])), None)
        if match is None:
            differences.append(f"only A: {wa.describe()}")
            continue
        free.remove(match)
        what = [f"{name} A={value_a} B={value_b}" for name, value_a, value_b in score.attribute_differences(wa, b[match], regions)]
        if what:
            differences.append(f"both:   {score.describe_when(wa)}: " + "; ".join(what))
    for i in free:
        differences.append(f"only B: {b[i].describe()}")
    return differences


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("a", type=pathlib.Path)
    parser.add_argument("b", type=pathlib.Path)
    parser.add_argument("--feeds", type=pathlib.Path, default=score.DEFAULT_FEEDS)
    parser.add_argument("--json", type=pathlib.Path)
    args = parser.parse_args()
    regions = score.load_regions(args.feeds)
    names = sorted({p.name for p in args.a.glob("*.expected.yaml")} | {p.name for p in args.b.glob("*.expected.yaml")})
    windows = agreed = notices_agreed = 0
    report = {}
    for name in names:
        pa, pb = args.a / name, args.b / name
        if not pa.exists() or not pb.exists():
            print(f"{name}: read by one reader only")
            report[name] = ["read by one reader only"]
            continue
        try:
            wa, wb = load(pa), load(pb)
        except score.WindowError as error:
            print(f"{name}: unreadable: {error}")
            report[name] = [f"unreadable: {error}"]
            continue
        differences = compare(wa, wb, regions)
        windows += max(len(wa), len(wb))
        agreed += max(len(wa), len(wb)) - len({d for d in differences})
        report[name] = differences
        if differences:
            print(f"{name}:")
            for d in differences:
                print(f"    {d}")
        else:
            notices_agreed += 1
    print(f"\n{notices_agreed}/{len(names)} notices read alike; {agreed}/{windows} windows alike in every field")
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
