"""The cable grammar, loaded once from package data (``teletype.grammars``)."""

from __future__ import annotations

import functools
import threading

import lark
import lark.lexer

GRAMMAR_PACKAGE = "teletype.grammars"
GRAMMAR_FILE = "cable.lark"

_BUILD_LOCK = threading.Lock()


def build_parser(*, strict: bool = False) -> lark.Lark:
    """Build the LALR parser with the contextual lexer.

    With ``strict=True`` Lark rejects shift/reduce conflicts and same-priority terminal
    collisions (that check needs ``interegular`` and takes several seconds, so it runs in
    the test suite). Without it the collision check is skipped even when ``interegular`` is
    installed, so that importing teletype stays fast.
    """
    with _BUILD_LOCK:
        saved = lark.lexer.has_interegular
        if not strict:
            lark.lexer.has_interegular = False
        try:
            return lark.Lark.open_from_package(
                GRAMMAR_PACKAGE,
                GRAMMAR_FILE,
                parser="lalr",
                lexer="contextual",
                propagate_positions=False,
                maybe_placeholders=False,
                strict=strict,
            )
        finally:
            lark.lexer.has_interegular = saved


@functools.cache
def get_parser() -> lark.Lark:
    """The shared parser (built on first use, about 0.3 s)."""
    return build_parser()
