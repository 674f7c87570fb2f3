"""The Builder's handlers of the text: front matter, body blocks and the trailer."""

from __future__ import annotations

import re
from typing import Any

from lark import Token, Tree

from .builder import (
    _LONG_SUBJECT,
    _WS,
    BuilderBase,
    _first_start,
    _join,
    _last_end,
    _str_eq,
    _token_list,
    maker,
)
from .decode import fields
from .nodes import (
    AttributeLine,
    Caption,
    ClassificationLine,
    ClassifiedBy,
    EndOfMessage,
    EoLine,
    FrontText,
    MessageNumber,
    MrnLine,
    Reference,
    ReferenceBlock,
    Separator,
    SsnLine,
    SubjectLine,
    TagsLine,
    TextBlock,
)

_Reference = maker(Reference)
_LOST_PARENS = re.compile(r"(?m)^([ \t]*¶?[ \t]*[0-9]{1,2}\.[ \t]*)(TS|S|C|U|SBU)(ENTIRE TEXT)")


def _bullet(tok: Token | None) -> str | None:
    return str(tok).lstrip("¶ \t(").rstrip(".)") if tok is not None else None




class TextLines(BuilderBase):
    """Line handlers of the text (classification line to trailer)."""

    def line_class_line(self, tree: Tree[Any]) -> None:
        toks = [c for c in tree.children if isinstance(c, Token)]
        section_tok = next((t for t in toks if t.type == "SECTION_OF"), None)
        mrn = None
        series = None
        for child in tree.children:
            if isinstance(child, Tree) and _str_eq(child.data, "mrn"):
                mrn = self.mrn(child.children)
            elif isinstance(child, Tree) and _str_eq(child.data, "tosec"):
                a, b = child.children
                series = (str(a), str(b))
        self.add_tree(
            tree, ClassificationLine,
            classification=self.classification(toks[0]),
            section=self.section_mark(section_tok) if section_tok is not None else None,
            mrn=mrn, series=series,
        )

    def line_mrn_line(self, tree: Tree[Any]) -> None:
        toks = [c for c in tree.children if isinstance(c, Token)]
        series = None
        for child in tree.children:
            if isinstance(child, Tree) and _str_eq(child.data, "tosec"):
                a, b = child.children
                series = (str(a), str(b))
        self.add_tree(tree, MrnLine, mrn=self.mrn(toks), series=series)

    def line_military_number(self, tree: Tree[Any]) -> None:
        series, number = tree.children[0], tree.children[1]
        assert isinstance(series, Token) and isinstance(number, Token)
        start, end = series.start_pos or 0, number.end_pos or 0
        mrn = MessageNumber(self.raw(start, end), self.span(start, end), None, str(series),
                            str(number))
        self.add_tree(tree, MrnLine, mrn=mrn, series=None)

    def line_caption(self, tree: Tree[Any]) -> None:
        name = " ".join(str(tree.children[0]).rstrip("/").split())
        self.add_tree(tree, Caption, name=name)

    def line_eo_line(self, tree: Tree[Any]) -> None:
        toks = _token_list(tree)
        number = toks[1]
        order = self.digits(number, "E.O. number").rstrip(": \t")
        groups = tuple([self.group(t) for t in toks[2:]])
        decl_at = next((i for i, t in enumerate(toks) if t.type == "DECL_KW"), None)
        values = toks[decl_at + 1:] if decl_at is not None else toks[2:]
        declassify = _join([t.value for t in values]).rstrip(".,; ") or None
        self.add_tree(tree, EoLine, order=order, declassify=declassify, groups=groups)

    def line_tags_line(self, tree: Tree[Any]) -> None:
        keyword = tree.children[0]
        assert isinstance(keyword, Token)
        word = str(keyword).lstrip("¶ \t").rstrip(":;/.- \t").upper()
        if word not in ("TAGS", "TAG"):
            self.report("TT403", f"{str(keyword).strip()!r} is a misspelling of TAGS",
                        self.tspan(keyword), suggestion="TAGS:")
        # the tags themselves are the TAGS decoder's entries, put on the line by
        # read_front_matter (the one reader of the field)
        extra = []
        tagged = False  # a PERSON before any TAG is an extra group
        for tok in _token_list(tree)[1:]:
            tagged = tagged or tok.type == "TAG"
            if tok.type not in ("TAG", "TAG_SEP") and (tok.type != "PERSON" or not tagged):
                extra.append(self.group(tok))
        self.add_tree(tree, TagsLine, tags=(), extra=tuple(extra))

    def _value(self, tree: Tree[Any]) -> str:
        return _join([t.value for t in _token_list(tree)[1:]])

    def line_subject_line(self, tree: Tree[Any]) -> None:
        start, end = _first_start(tree), _last_end(tree)
        subject = fields.decode_subject(self.raw(start, end))[0]  # the one subject reader
        text = subject.text
        if len(text) > _LONG_SUBJECT:
            self.report("TT405", f"subject of {len(text)} characters: it may run into the "
                        "next field or paragraph", self.node_span(tree))
        self.add_tree(tree, SubjectLine, text=text, decoded=subject)

    def line_classified_by(self, tree: Tree[Any]) -> None:
        self.add_tree(tree, ClassifiedBy, text=self._value(tree))

    def line_ref_line(self, tree: Tree[Any]) -> None:
        """Split a REF block into references: one per bullet (``A.``, ``B)``, ``(C)``);
        without bullets, one per cited MRN, the words after it belonging to it."""
        refs: list[Reference] = []
        current: dict[str, Any] | None = None

        def close() -> None:
            if current is not None:
                start, end = current["start"], current["end"]
                refs.append(_Reference(self.raw(start, end), self.span(start, end),
                                       _bullet(current["bullet"]), current["mrn"],
                                       _join(current["words"])))

        def open_(start: int, bullet: Token | None = None) -> dict[str, Any]:
            close()
            return {"bullet": bullet, "mrn": None, "words": [], "start": start, "end": start}

        for child in tree.children[1:]:
            if isinstance(child, Tree) and _str_eq(child.data, "ref_page"):
                continue  # a page header inside the block: wrapper text, kept in raw
            if isinstance(child, Tree):  # a cited MRN
                number = self.mrn(child.children)
                if current is None or (current["bullet"] is None and (
                        current["mrn"] is not None or current["words"])):
                    current = open_(number.span.start)
                current["mrn"] = current["mrn"] or number
                current["words"].append(number.raw)
                current["end"] = number.span.end
            elif child.type == "REF_BULLET":
                current = open_(child.start_pos or 0, child)
                current["end"] = child.end_pos or 0
            else:
                if current is None:
                    current = open_(child.start_pos or 0)
                current["words"].append(child.value)
                current["end"] = child.end_pos or 0
        close()
        self.add_tree(tree, ReferenceBlock, references=tuple(refs), text=self._value(tree))

    def line_front_text(self, tree: Tree[Any]) -> None:
        self.add_tree(tree, FrontText, text=str(tree.children[0]).strip())

    # -------------------------------------------------------------- body and trailer

    def line_body_block(self, tree: Tree[Any]) -> None:
        tok = tree.children[0]
        assert isinstance(tok, Token)
        text: str = tok.value  # not str(tok): a copy of the whole body
        if "ENTIRE TEXT" in text:  # in every match (its third group); a longer find skips more
            base = tok.start_pos or 0
            for match in _LOST_PARENS.finditer(text):
                mark, rest = match.group(2), match.group(3)
                suggestion = f"({mark}) {rest}"
                self.report("TT402", f"portion mark without parentheses: {match.group(0)!r}; "
                            f"read as {suggestion!r}",
                            self.span(base + match.start(2), base + match.end(3)),
                            suggestion=suggestion)
        self.add_tree(tree, TextBlock, text=text.strip(_WS))

    line_body_start = line_body_block

    def line_bt_line(self, tree: Tree[Any]) -> None:
        self.add_tree(tree, Separator)

    def line_ssn_line(self, tree: Tree[Any]) -> None:
        tok = tree.children[0]
        assert isinstance(tok, Token)
        self.add_tree(tree, SsnLine, ssn=self.ssn(tok))

    def line_end_line(self, tree: Tree[Any]) -> None:
        self.add_tree(tree, EndOfMessage, marker=str(tree.children[0]))

    def line_attribute_line(self, tree: Tree[Any]) -> None:
        self.add_tree(tree, AttributeLine, text=str(tree.children[0]).strip())


# 1. SENTIRE TEXT. -> 1. (S) ENTIRE TEXT.
