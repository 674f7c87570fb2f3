"""OCR-like noise in the coded groups of a generated text (:func:`noisy`)."""

from __future__ import annotations

import re

try:
    from hypothesis import strategies as st
    from hypothesis.strategies import DrawFn, SearchStrategy
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError(
        "teletype.strategies needs hypothesis: pip install 'teletype-cables[test]'"
    ) from error


from .groups import (
    _posts,
)

# ------------------------------------------------------------------ noise

_OCR_SWAPS = {"0": "O", "1": "I", "5": "S", "O": "0", "I": "1", "S": "5"}
# coded groups: DTG times, #SSNs, Julian times and serials, RIs, security groups
_CODED = re.compile(
    r"(?<![A-Za-z0-9])(?:\d{6}Z|#\d{3,4}|\d{4,7}|[RQ][A-Z]{3,6}|([A-Z])\1{4})(?![A-Za-z0-9])"
)


@st.composite
def _noise(draw: DrawFn, text: str, max_changes: int) -> str:
    ending = "\n" if text.endswith("\n") else ""
    lines = text[: len(text) - len(ending)].split("\n")
    for _ in range(draw(st.integers(1, max_changes))):
        kind = draw(st.sampled_from(("ocr", "join", "split", "page")))
        if kind == "ocr":
            body = "\n".join(lines)
            spots = [
                m.start() + i for m in _CODED.finditer(body)
                for i, ch in enumerate(m.group(0)) if ch in _OCR_SWAPS
            ]
            if spots:
                at = draw(st.sampled_from(spots))
                swap = _OCR_SWAPS[body[at]]
                if swap == "I" and draw(st.booleans()):
                    swap = "l"
                lines = (body[:at] + swap + body[at + 1:]).split("\n")
        elif kind == "join" and len(lines) > 1:
            i = draw(st.integers(0, len(lines) - 2))
            lines[i: i + 2] = [f"{lines[i]} {lines[i + 1].lstrip()}".rstrip()]
        elif kind == "split":
            spaced = [i for i, line in enumerate(lines) if " " in line.strip()]
            if spaced:
                i = draw(st.sampled_from(spaced))
                cuts = [k for k, ch in enumerate(lines[i]) if ch == " " and 0 < k]
                k = draw(st.sampled_from(cuts))
                lines[i: i + 1] = [lines[i][:k], lines[i][k + 1:]]
        elif kind == "page":
            i = draw(st.integers(0, len(lines)))
            office = draw(st.sampled_from(("STATE",) + tuple(o for _, o in _posts()[:20])))
            stamp = (f"PAGE {draw(st.integers(2, 9)):02d} {office} "
                     f"{draw(st.integers(0, 999_999)):06d} "
                     f"{draw(st.integers(1, 28)):02d}{draw(st.integers(0, 23)):02d}"
                     f"{draw(st.integers(0, 59)):02d}Z")
            lines[i:i] = [stamp]
    return "\n".join(lines) + ending


def noisy(text: str | SearchStrategy[str], *, max_changes: int = 4) -> SearchStrategy[str]:
    """The text with 1..``max_changes`` transcription accidents: OCR confusions
    (``O``/``0``, ``I``/``1``/``l``, ``S``/``5``) in coded groups (DTGs, SSNs, serials,
    RIs, security groups), re-wrapped lines (two joined, one split) and inserted page
    headers (``PAGE 02 STATE 123456 281234Z``)."""
    texts = st.just(text) if isinstance(text, str) else text
    return texts.flatmap(lambda t: _noise(t, max_changes))
