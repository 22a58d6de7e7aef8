#!/usr/bin/env python3
"""Letters of 1, 10, 100 and 1000 KB for the import benchmark, in three shapes.

    make_letters.py OUT_DIR [--sizes 1,10,100,1000]

- `corpus`: the corpus's notices (Tests/Corpus/notices/*.txt, their `# source:` lines left
  out) one after another, as a stack of forwarded letters is, repeated until the size;
- `dates`: 「12月31日」 over and over, the run that made import quadratic (issue 26, item 12);
- `times`: lines of 「3:00」, the other one.

Each file is cut at a character boundary just under its size; sizes are in KiB of UTF-8.
"""
import argparse
from pathlib import Path

here = Path(__file__).resolve().parent
corpus = here.parent.parent / "Tests" / "Corpus" / "notices"


def corpus_text() -> str:
    parts = []
    for path in sorted(corpus.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        parts.append("\n".join(line for line in lines if not line.startswith("# source:")))
    return "\n\n".join(parts) + "\n\n"


def cut(unit: str, kib: int) -> str:
    size = kib * 1024
    repeated = unit * (size // len(unit.encode("utf-8")) + 1)
    data = repeated.encode("utf-8")[:size]
    return data.decode("utf-8", errors="ignore")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--sizes", default="1,10,100,1000")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    shapes = {"corpus": corpus_text(), "dates": "12月31日", "times": "3:00\n"}
    for kib in (int(s) for s in args.sizes.split(",")):
        for shape, unit in shapes.items():
            (out / f"{shape}-{kib}.txt").write_text(cut(unit, kib), encoding="utf-8")


if __name__ == "__main__":
    main()
