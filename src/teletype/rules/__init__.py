"""The rule catalog of the validator: field checks (TT23x-TT24x) and cross-field checks (TT3xx).

A rule is a plain function registered with :func:`rule`. It receives a :class:`Context` (the
parsed cable, the configuration and cached facts read from the cable) and returns or yields
:class:`Finding` objects: a message that names both sides of an inconsistency, the exact
span of the offending group and a hint. The decorator also registers the rule's
catalog entry (:class:`~teletype.diagnostics.Rule`) so that it is documented in
``docs/rules.md`` and selectable by code or name. The project's own rules return a list
(most return an empty one: a call of a function is cheaper than making and running a
generator, and validate() calls every rule on every cable); a rule may be a generator.

An archive adds its own rule the same way::

    from teletype.rules import Finding, rule

    @rule("XA001", "missing-signature", "warning", "The text has no signature",
          description="Our archive requires a signature line.",
          example_fail="BT\\nUNCLAS STATE 000001\\n1. TEXT.\\n",
          example_pass="BT\\nUNCLAS STATE 000001\\n1. TEXT.\\nKIMMITT\\n",
          source="house style")
    def missing_signature(ctx):
        if ctx.cable.text and ctx.cable.text.signature is None:
            yield Finding("no signature after the last paragraph", None)

Facts come from ``../shared/docs/FORMAT.md`` (cited per rule). Where FORMAT.md marks a fact
unverified, the rule is a warning, never an error.

The modules: :mod:`.registry` (the decorator and :data:`RULES`), :mod:`.config`,
:mod:`.context` (the cable and its facts), :mod:`.header` and :mod:`.front_matter` (field
checks), :mod:`.cross_field` and :mod:`.cross_text` (TT3xx), with helpers in
:mod:`.names`, :mod:`.eo`, :mod:`.addressing` (what the rules check on each address, looked
up once) and :mod:`.common`.
"""

from __future__ import annotations

# isort: off
# importing the rule modules registers their rules; the catalog lists them in this order
from . import header, front_matter, cross_field, cross_text, proofread, odd_one_out  # noqa: F401
# isort: on
from .config import Config
from .context import Context
from .names import names_match
from .registry import RULES, Check, Finding, RegisteredRule, rule, unregister


def _keep_run_order() -> None:
    """validate() runs the rules in the order of RULES. As before the split into modules,
    the checks that report the decoders' codes run right after TT230, then TT231-TT236 and
    TT301-TT316 in the order of the catalog."""
    first = ("TT230", "TT211", "TT213", "TT214", "TT217", "TT218", "TT219", "TT222")
    for code in [c for c in RULES if c not in first]:
        RULES[code] = RULES.pop(code)


_keep_run_order()

__all__ = [
    "Check", "Config", "Context", "Finding", "RULES", "RegisteredRule", "names_match", "rule",
    "unregister",
]
