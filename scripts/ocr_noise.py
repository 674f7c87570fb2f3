#!/usr/bin/env python3
"""OCR-noise robustness: inject digit/letter confusions into cable headers and measure
how often the reference id, date (DTG) and classification survive.

For every cable of a folder (default ../shared/corpus/cablegate-wikileaks-more) the header
and front matter (everything before the first numbered body paragraph) get, with a seeded
and reproducible random generator, each confusable character (O 0 I 1 S 5 B 8 Z 2)
replaced by its counterpart with probability ``--rate`` (default 3 %). The noisy text is
parsed and its reference id, DTG and classification compared with those of the clean text.

    python scripts/ocr_noise.py [FOLDER] [--rate 0.03] [--seed 13] [--show N]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

CONFUSIONS = {"O": "0", "0": "O", "I": "1", "1": "I", "S": "5", "5": "S",
              "B": "8", "8": "B", "Z": "2", "2": "Z"}
COMPARED = ("reference_id", "dtg", "classification")
DEFAULT_FOLDER = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / \
    "cablegate-wikileaks-more"

# The first body paragraph: "1. ", "¶1. " (Cablegate's pilcrow) at the start of a line.
_FIRST_PARAGRAPH = re.compile(r"^[ \t]*(?:\u00b6[ \t]*)?1\.[ \t(]", re.MULTILINE)


def front_matter_end(text: str) -> int:
    """Offset where the first numbered body paragraph starts (else the end of line 60)."""
    found = _FIRST_PARAGRAPH.search(text)
    if found:
        return found.start()
    lines = text.splitlines(keepends=True)
    return sum(len(line) for line in lines[:60])


def add_noise(text: str, rate: float, rng: random.Random) -> tuple[str, int]:
    """Swap confusable characters of the front matter with probability ``rate``;
    returns the noisy text (same length) and the number of swaps."""
    end = front_matter_end(text)
    chars = list(text)
    swaps = 0
    for i in range(end):
        twin = CONFUSIONS.get(chars[i])
        if twin is not None and rng.random() < rate:
            chars[i] = twin
            swaps += 1
    return "".join(chars), swaps


def file_rng(name: str, seed: int) -> random.Random:
    """One generator per file: results do not depend on the order files are read in."""
    return random.Random(zlib.crc32(name.encode()) ^ seed)


@dataclass
class NoiseResult:
    """Survival counts over one folder."""

    cables: int = 0
    swaps: int = 0
    all_equal: int = 0
    equal: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COMPARED, 0))
    changed: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.all_equal / self.cables if self.cables else 1.0


def measure(paths: Iterable[Path], rate: float = 0.03, seed: int = 13) -> NoiseResult:
    """Parse each cable clean and noisy; count the fields that stay equal."""
    import teletype
    from teletype.source import decode_bytes

    result = NoiseResult()
    for path in paths:
        text, _ = decode_bytes(path.read_bytes())
        clean = teletype.parse(text).record()
        noisy_text, swaps = add_noise(text, rate, file_rng(path.name, seed))
        noisy = teletype.parse(noisy_text).record()
        result.cables += 1
        result.swaps += swaps
        same = True
        for key in COMPARED:
            if clean[key] == noisy[key]:
                result.equal[key] += 1
            else:
                same = False
                result.changed.append(f"{path.name}: {key} {clean[key]!r} -> {noisy[key]!r}")
        result.all_equal += same
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", default=str(DEFAULT_FOLDER))
    ap.add_argument("--rate", type=float, default=0.03, help="swap probability (0.03)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--show", type=int, default=0, metavar="N", help="list N changed fields")
    args = ap.parse_args(argv)
    folder = Path(args.folder)
    if not folder.is_dir():
        print(f"no folder {folder}", file=sys.stderr)
        return 2
    result = measure(sorted(folder.glob("*.txt")), args.rate, args.seed)
    print(f"{result.cables} cables, {result.swaps} swaps at rate {args.rate:.0%} "
          f"(seed {args.seed})")
    print(f"all of reference id, DTG and classification equal: {result.all_equal}/"
          f"{result.cables} = {100 * result.rate:.1f}%")
    for key in COMPARED:
        print(f"  {key}: {result.equal[key]}/{result.cables} = "
              f"{100 * result.equal[key] / max(result.cables, 1):.1f}%")
    for line in result.changed[:args.show]:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
