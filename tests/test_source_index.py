"""LineIndex finds the line starts on first use and Span works out lines and columns on
first use: both must give what an eager computation gives, compare and hash alike, and
pickle with their six values."""

from __future__ import annotations

import pickle
import threading

from hypothesis import given, settings
from hypothesis import strategies as st

from teletype.source import LineIndex, Span

TEXTS = st.text(alphabet=st.sampled_from(["a", " ", "\n", "\r", "\u00e9", "\u2028"]),
                max_size=40)


def _eager(text: str, start: int, end: int) -> tuple[int, int, int, int]:
    def where(offset: int) -> tuple[int, int]:
        line = text.count("\n", 0, offset) + 1
        return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
    return (*where(start), *where(end))


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.data())
def test_lazy_positions_are_the_eager_ones(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    index = LineIndex(text)
    span = index.span(start, end)
    twin = LineIndex(text).span(start, end)
    assert hash(span) == hash(twin) == hash(Span(start, end, *_eager(text, start, end)))
    assert span == twin == Span(start, end, *_eager(text, start, end))
    assert (span.line, span.column, span.end_line, span.end_column) == _eager(text, start, end)
    assert index.position(start) == _eager(text, start, start)[:2]
    assert pickle.loads(pickle.dumps(twin)) == span


def test_spans_of_other_texts_differ_by_position() -> None:
    one, two = LineIndex("ab\ncd").span(3, 4), LineIndex("abc\nd").span(3, 4)
    assert hash(one) == hash(two)  # the offsets
    assert one != two  # line 2 column 1 against line 1 column 4
    assert one == LineIndex("xy\nzz").span(3, 4)


def test_threads_build_the_line_starts_once_and_alike() -> None:
    text = "line\n" * 5000
    index = LineIndex(text)
    found: list[tuple[int, int]] = []

    def ask() -> None:
        found.append(index.position(len(text) - 1))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert found == [(5000, 5)] * 8
