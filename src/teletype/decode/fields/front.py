"""A cable's front matter read once: every field's decoder called on the whole text.

:func:`read_front_matter` is what the Builder calls (:meth:`teletype.transform.Builder.
read_front_matter`): it locates each field in the cable's text (the grammar's lines need
not exist: a misspelt label, a statement inside paragraph 1, a snippet without a header)
and decodes it with the field's decoder. Offsets in the result are absolute: ``start`` /
``end`` of each located field index the text given, and the field's own offsets are
relative to its ``start``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from ...diagnostics import Diagnostic
from ...slots import slot_maker
from ...source import LineIndex
from ..dates import DEFAULT_PIVOT
from .classified_by import ClassifiedBy, find_classified_by
from .references import References, decode_references, locate_references
from .signers import Signers, decode_signers
from .subject import Subject, decode_subject, locate_subject
from .summary import Summary, find_summary
from .tags import Tags, decode_tags, locate_tags


@dataclass(frozen=True, slots=True)
class Located:
    """Where a field stands in the cable's text (``start`` to ``end``)."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The decoded front matter of one cable (each field None or empty when absent).

    ``year``/``origin`` are the citing cable's year and office used for the references;
    ``*_at`` say where the tags, subject and REF block stand in the text.
    """

    tags: Tags | None
    tags_at: Located | None
    subject: Subject | None
    subject_at: Located | None
    references: References
    references_at: Located | None
    classified_by: ClassifiedBy | None
    signers: Signers
    summary: Summary | None
    year: int | None
    origin: str | None
    #: the decoders' notes (TT403 misspelt label, TT601-TT605), spans in the whole text when
    #: it was read with its line index; not in ``Cable.diagnostics`` (``teletype decode``
    #: shows them beside their lines)
    notes: tuple[Diagnostic, ...] = ()

    @property
    def reference_ids(self) -> tuple[str, ...]:
        return self.references.reference_ids


_located: Final = slot_maker(Located)
_front_matter: Final = slot_maker(FrontMatter)  # every field given

#: the closing lines the signature is searched in (a signature stands in the last lines)
_SIGNATURE_TAIL = 2000


def read_front_matter(text: str, year: int | None = None, origin: str | None = None, *,
                      pivot: int = DEFAULT_PIVOT, references: bool = True,
                      index: LineIndex | None = None) -> FrontMatter:
    """Read every front-matter field of ``text`` (a whole cable or a snippet). ``year`` and
    ``origin`` are the citing cable's DTG year and office (Cablegate form), for cables cited
    without a year or with a bare serial. ``references=False`` reads no REF block (a
    military message: its ``REF/A/MSG/...`` sets cite no cables by MRN). ``index`` (the
    text's :class:`~teletype.source.LineIndex`) places the notes' spans in the whole text."""
    tags = tags_at = subject = subject_at = refs_at = None
    notes: list[Diagnostic] = []

    def keep(found: tuple[Diagnostic, ...], base: int) -> None:
        for d in found:
            if index is not None and d.span is not None:
                d = d.at(index.span(base + d.span.start, base + d.span.end))
            notes.append(d)

    where = locate_tags(text)
    if where is not None:
        tags, found = decode_tags(text[where[0]:where[1]])
        tags_at = _located(*where)
        keep(found, where[0])
    where = locate_subject(text)
    if where is not None:
        subject, found = decode_subject(text[where[0]:where[1]])
        subject_at = _located(*where)
        keep(found, where[0])
    where = locate_references(text) if references else None
    if where is not None:
        refs, found = decode_references(text[where[0]:where[1]], year, origin, pivot=pivot)
        refs_at = _located(*where)
        keep(found, where[0])
    else:
        refs = References("", ())
    tail_start = text.rfind("\n", 0, max(len(text) - _SIGNATURE_TAIL, 0)) + 1
    signers, _ = decode_signers(text[tail_start:])
    # the summary (whose search reads the whole text) before the classification statement
    # (read in the text up to paragraph 2): its upper-cased copy is then the whole text's
    summary = find_summary(text)
    return _front_matter(tags, tags_at, subject, subject_at, refs, refs_at,
                         find_classified_by(text), signers, summary, year, origin, tuple(notes))
