"""Coverage-guided fuzzing with atheris (libFuzzer), the optional ``fuzz`` extra.

    pip install -e ".[fuzz]"
    python fuzz/atheris_fuzz.py -atheris_runs=200000 fuzz/seeds   # a fixed budget
    python fuzz/atheris_fuzz.py -max_total_time=600 fuzz/seeds

Seeds: pass a directory (libFuzzer adds what it finds there; ``--seed-corpus DIR`` first
copies the project's corpus/valid cables into DIR). Each input is checked with
``harness.check_bytes`` (never raises, lossless decoding, render == text, spans tile,
record, JSON, validate, no internal error); a failure is a libFuzzer crash, saved as
``crash-<sha1>`` in the working directory: keep it in tests/data/regressions/.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

try:
    import atheris  # type: ignore[import-not-found,import-untyped,unused-ignore]
except ImportError:  # pragma: no cover - the optional extra is not installed
    sys.exit("atheris is not installed: pip install -e '.[fuzz]' (Linux or macOS, CPython)")

with atheris.instrument_imports(include=["teletype", "lark", "harness"]):
    import harness


def test_one_input(data: bytes) -> None:
    harness.check_bytes(data)


def seed_corpus(folder: str) -> None:
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted((harness.ROOT / "corpus" / "valid").glob("*.txt")):
        shutil.copyfile(path, target / path.name)


def main() -> None:
    argv = list(sys.argv)
    if "--seed-corpus" in argv:
        i = argv.index("--seed-corpus")
        seed_corpus(argv[i + 1])
        del argv[i:i + 2]
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
