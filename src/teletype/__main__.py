"""``python -m teletype``: the command line (see :mod:`teletype.cli`)."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
