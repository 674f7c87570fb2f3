"""Whole, internally consistent cables (:func:`cables`) and headers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

try:
    from hypothesis import strategies as st
    from hypothesis.strategies import DrawFn, SearchStrategy
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError(
        "teletype.strategies needs hypothesis: pip install 'teletype-cables[test]'"
    ) from error

from ..format import wrap
from .groups import (
    _CLASS_TEXT,
    _COUNTRIES,
    _FIRST,
    _LAST,
    _LETTERS,
    _PORTION_MARKS,
    _RANK,
    _SIGNERS,
    _SIPDIS_FROM,
    _SUBJECT_WORDS,
    _TEXT_WORDS,
    _TITLES,
    _WORD_OF,
    _WORDS,
    CLASSIFICATIONS,
    LAYOUTS,
    UTC,
    _address,
    _eo_for,
    _posts,
    _stations,
    _tags_text,
    _tags_values,
    dtg_values,
    format_dtg,
)

# ------------------------------------------------------------------ whole cables


@dataclass(frozen=True)
class GeneratedCable:
    """The values of a generated cable and its text (``text``; ``header`` is the part
    before the first ``BT``, or before the text for DTG-only headers)."""

    layout: str
    transmission_id: str | None
    precedence: str
    precedence_letters: tuple[str, ...]
    dtg: datetime
    originator_ri: str | None
    ssn: str | None
    filed: datetime | None
    security: str | None
    from_: str
    to: tuple[str, ...]
    info: tuple[str, ...]
    classification: str
    captions: tuple[str, ...]
    mrn: str
    section: tuple[int, int] | None
    eo: str | None
    declassify: str | None
    tags: tuple[str, ...]
    subject: str
    references: tuple[str, ...]
    classified_by: str | None
    signature: str
    header: str = field(repr=False)
    text: str = field(repr=False)

    @property
    def reference_id(self) -> str:
        office, serial = self.mrn.rsplit(" ", 1)
        return f"{self.dtg.year % 100:02d}{office.replace(' ', '')}{serial.lstrip('0') or '0'}"

    def expected_record(self) -> dict[str, Any]:
        """The generated values as :meth:`teletype.Cable.record` gives them (every record
        key except ``source``, ``errors`` and ``warnings``)."""
        iso = "%Y-%m-%dT%H:%M:%SZ"
        return {
            "layout": self.layout,
            "transmission_id": self.transmission_id,
            "precedence": self.precedence,
            "dtg": self.dtg.strftime(iso),
            "originator_ri": self.originator_ri,
            "ssn": self.ssn,
            "filed": self.filed.strftime(iso) if self.filed else None,
            "security": self.security,
            "from": self.from_,
            "to": list(self.to),
            "info": list(self.info),
            "classification": self.classification.replace(" EFTO", ""),
            "captions": list(self.captions),
            "mrn": self.mrn,
            "section": list(self.section) if self.section else None,
            "eo": self.eo,
            "declassify": self.declassify,
            "tags": list(self.tags),
            "subject": self.subject,
            "references": list(self.references),
            "classified_by": self.classified_by,
            "signature": self.signature,
            "reference_id": self.reference_id,
        }


def _paragraph(number: int, mark: str | None, words: list[str], sign: str = "") -> list[str]:
    head = f"{sign}{number}." + (f" ({mark})" if mark else "")
    return wrap(head, words[:-1] + [words[-1] + "."], width=64)


@st.composite
def _body(draw: DrawFn, classification: str, marks: bool) -> list[str]:
    count = draw(st.integers(1, 4))
    sign = draw(st.sampled_from(("", "", "\u00b6")))  # WikiLeaks renders paragraphs as ¶1.
    lines: list[str] = []
    for number in range(1, count + 1):
        mark = draw(st.sampled_from(_PORTION_MARKS[classification])) if marks else None
        words = draw(st.lists(st.sampled_from(_TEXT_WORDS), min_size=4, max_size=40))
        lines += _paragraph(number, mark, words, sign) + [""]
    return lines


@st.composite
def cables(
    draw: DrawFn,
    layouts: Sequence[str] = LAYOUTS,
    min_dtg: datetime = datetime(1966, 1, 1),
    max_dtg: datetime = datetime(2010, 12, 31),
) -> GeneratedCable:
    """Whole, internally consistent cables (see the module docstring for the invariants).

    ``layouts``: any of :data:`LAYOUTS`. DTGs fall between ``min_dtg`` and ``max_dtg``
    (naive, UTC); before June 1972 no E.O. line is written (no order was in force).
    """
    layout = draw(st.sampled_from(tuple(layouts)))
    acp = layout == "acp127"
    dtg = draw(dtg_values(min_dtg, max_dtg))
    day = dtg.date()

    levels = [c for c, fl4 in CLASSIFICATIONS.items() if fl4 or not acp]
    classification = draw(st.sampled_from(levels))
    classified = classification not in ("UNCLASSIFIED", "UNCLASSIFIED EFTO",
                                         "LIMITED OFFICIAL USE")

    # originator, addressees and precedence
    origin, office = draw(st.sampled_from(_posts()))
    state = origin.ri == "RUEHC"
    others = [s for s in _stations() if s.ri != origin.ri]
    if state:
        to = draw(st.lists(st.sampled_from([s for s, _ in _posts() if s.ri != "RUEHC"]),
                           min_size=1, max_size=3, unique_by=lambda s: s.ri))
    else:
        secstate = next(s for s, _ in _posts() if s.ri == "RUEHC")
        to = [secstate] + draw(st.lists(st.sampled_from(others), max_size=1,
                                        unique_by=lambda s: s.ri))
        to = list({s.ri: s for s in to}.values())
    taken = {s.ri for s in to} | {origin.ri}
    info = draw(st.lists(st.sampled_from([s for s in others if s.ri not in taken]),
                         max_size=4, unique_by=lambda s: s.ri))
    action = draw(st.sampled_from(_LETTERS))
    info_letter = draw(st.none() | st.sampled_from(
        [x for x in _LETTERS if _RANK[x] <= _RANK[action]]))
    letters = (action,) + ((info_letter,) if info_letter else ())
    action_word = draw(st.sampled_from(_WORDS[action]))
    words_on_to = action != "R" or draw(st.booleans())

    # numbers
    # two digits at least: the grammar reads no one-digit serial (see tests/test_properties.py)
    serial = draw(st.integers(1 if acp else 10, 999_999 if acp else 99_999))
    mrn_serial = f"{serial:06d}" if acp else str(serial)
    mrn = f"{office} {mrn_serial}"
    ssn = f"{serial:06d}"[-4:]
    section = None
    if acp and draw(st.booleans()):
        total = draw(st.integers(1, 4))
        section = (draw(st.integers(1, total)), total)
    latest = datetime(dtg.year, dtg.month, dtg.day, 23, 59, tzinfo=UTC)
    delay = draw(st.integers(0, min(30, int((latest - dtg).total_seconds() // 60))))
    filed = dtg + timedelta(minutes=delay)
    transmission_id = None
    if acp and draw(st.booleans()):
        transmission_id = "VZCZC" + draw(st.sampled_from(("XRO", "XYZ", "XRR"))) + \
            f"{draw(st.integers(0, 9999)):04d}"

    # header text
    header: list[str] = []
    if transmission_id:
        header.append(transmission_id)
    ris = list(dict.fromkeys(s.ri for s in to + info))
    if acp:
        header += wrap(action * 2, ris)
        de_serial = f"#{ssn}" + (f"/{section[0]:02d}" if section else "")
        header.append(f"DE {origin.ri} {de_serial} {filed:%j%H%M}")
        header.append(f"{CLASSIFICATIONS[classification]}{' ZZH' if draw(st.booleans()) else ''}")
    four = dtg.year >= 2000 and draw(st.integers(0, 9)) == 0
    header.append(" ".join(letters) + " " + format_dtg(dtg, four_digit_year=four))
    header.append(f"FM {origin.name}")
    for keyword, group, word in (("TO", to, action_word if words_on_to else None),
                                 ("INFO", info, _WORD_OF[info_letter]
                                  if info_letter and info_letter != "R" else None)):
        for i, station in enumerate(group):
            mcn = draw(st.none() | st.integers(1, 9999)) if station.ri != origin.ri else None
            text = _address(station, acp, word, mcn)
            header.append(f"{keyword} {text}" if i == 0 else text)

    # text
    lines: list[str] = ["BT"] if acp else [""]
    spaced = draw(st.sampled_from(_CLASS_TEXT[classification]))
    class_line = spaced + (f" SECTION {section[0]:02d} OF {section[1]:02d}" if section else "")
    lines += [f"{class_line} {mrn}", ""]

    captions: list[str] = []
    if acp:
        pool: list[tuple[str, ...]] = [(), ("NOFORN",) if classified else ()]
        if classified:
            pool += [("EXDIS",), ("NODIS",), ("LIMDIS",)]
        if day >= _SIPDIS_FROM:
            pool += [("SIPDIS",)] + ([("NOFORN", "SIPDIS")] if classified else [])
        captions = list(draw(st.sampled_from(pool)))
    if captions:
        lines += captions + [""]

    eo = draw(_eo_for(day, classified))
    if eo is not None:
        # spellings seen in Cablegate: E.O. 12958: / EO 12958 / E. O. 12958:
        style = draw(st.sampled_from(("E.O. ", "E.O. ", "EO ", "E. O. ")))
        head, _, rest = eo.line.partition(": ")
        number = head.split()[-1]
        lines.append(f"{style}{number}{'' if style == 'EO ' else ':'} {rest}")
    tags = draw(_tags_values())
    lines += _tags_text(tags, draw(st.sampled_from((", ", " "))),
                        draw(st.sampled_from(("TAGS:", "TAGS:", "TAGS"))))
    subject_words = draw(st.lists(st.sampled_from(_SUBJECT_WORDS), min_size=2, max_size=18))
    if draw(st.booleans()):
        subject_words = [draw(st.sampled_from(_COUNTRIES)) + ":"] + subject_words
    keyword = draw(st.sampled_from(("SUBJECT:", "SUBJECT:", "SUBJ:")))
    lines += wrap(keyword, subject_words) + [""]

    references: list[str] = []
    offices = [o for _, o in _posts()]
    ref_count = draw(st.integers(0, 3))
    cited = [
        (f"{draw(st.integers(0, 99)):02d} " if draw(st.booleans()) else "")
        + f"{draw(st.sampled_from(offices))} {draw(st.integers(10, 999_999))}"
        for _ in range(ref_count)
    ]
    style = draw(st.sampled_from(("lettered", "lettered", "one-line", "unlettered")))
    if len(cited) == 1:
        lines += [f"REF: {cited[0]}", ""]
    elif cited and style == "lettered":  # A. STATE 97214 / B. HELSINKI 288
        lines += [("REF: " if i == 0 else "     ") + f"{'ABC'[i]}. {c}"
                  for i, c in enumerate(cited)] + [""]
    elif cited and style == "one-line":  # REF: A) STATE 201143  B) WELLINGTON 4102
        # whole items as the units of wrapping: an MRN never breaks over two lines
        lines += wrap("REF:", [f"{'ABC'[i]}) {c}" for i, c in enumerate(cited)],
                      indent="     ") + [""]
    elif cited:  # REF: STATE 1234, HELSINKI 288 / REF: STATE 1234 AND HELSINKI 288
        items = [c + "," for c in cited[:-1]] + cited[-1:]
        if len(cited) > 1 and draw(st.booleans()):
            items = [c + "," for c in cited[:-2]] + [cited[-2], "AND", cited[-1]]
        lines += wrap("REF:", items, indent="     ") + [""]
    references = cited

    classified_by = None
    if classified and eo is not None and eo.order in ("12958", "13526") and draw(st.booleans()):
        reason = "1.5" if day < date(2003, 3, 25) else "1.4"
        name = (f"{draw(st.sampled_from(_TITLES))} {draw(st.sampled_from(_FIRST))} "
                f"{draw(st.sampled_from('ABCDEFGHJKLMNPRST'))}. {draw(st.sampled_from(_LAST))},")
        classified_by = f"{name} Reasons {reason} (b) and (d)."
        lines += wrap("Classified By:", classified_by.split()) + [""]

    marks = acp or dtg.year >= 1975
    lines += draw(_body(classification, marks))
    signature = draw(st.sampled_from(_SIGNERS))
    lines.append(signature)
    if acp:
        lines += ["BT", f"#{ssn}", "NNNN"]

    header_text = "\n".join(header) + "\n"
    return GeneratedCable(
        layout=layout,
        transmission_id=transmission_id,
        precedence=_WORD_OF[action],
        precedence_letters=letters,
        dtg=dtg,
        originator_ri=origin.ri if acp else None,
        ssn=ssn if acp else None,
        filed=filed if acp else None,
        security=classification if acp else None,
        from_=origin.name,
        to=tuple(s.name for s in to),
        info=tuple(s.name for s in info),
        classification=classification,
        captions=tuple(captions),
        mrn=mrn,
        section=section,
        eo=eo.order if eo else None,
        declassify=eo.declassify if eo else None,
        tags=tags,
        subject=" ".join(subject_words),
        references=tuple(references),
        classified_by=" ".join(classified_by.split()) if classified_by else None,
        signature=signature,
        header=header_text,
        text=header_text + "\n".join(lines) + "\n",
    )


def headers(layouts: Sequence[str] = LAYOUTS) -> SearchStrategy[str]:
    """Whole transmission headers (FL1-FL9 or DTG-only), from :func:`cables`."""
    return cables(layouts).map(lambda c: c.header)
