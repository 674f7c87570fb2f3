"""An HTML view of a cable (``teletype view``, ``Cable._repr_html_``).

:func:`page` returns one self-contained HTML page: the whole text, line by line and exactly
as written, with its layers shaded (archival wrapper, relay envelopes, header, front matter,
body, trailer); each decoded group marked up with its meaning (from
:func:`teletype.explain.explain`, shown on hover and in a side panel); diagnostics at their
line and column, coloured by severity, with the hint and the rule's documentation; and a
summary of the record at the top. :func:`index_page` lists several cables.

Cable text is data, never markup: every character taken from the text, the file name or a
diagnostic is escaped, decoded meanings reach the page only as escaped attributes or as
JSON that the page's script puts in with ``textContent``, and a Content-Security-Policy
allows the page's own inline script and style (by hash) and nothing else: no network, no
other script, no handler.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .cable import Cable
from .diagnostics import CATALOG, Diagnostic, Severity

__all__ = ["LAYERS", "index_page", "notebook_html", "page"]

#: Layer names (CSS class suffixes) and their labels, outermost first.
LAYERS: dict[str, str] = {
    "wrapper": "archival wrapper",
    "envelope": "relay envelope",
    "header": "transmission header",
    "front": "front matter",
    "body": "body",
    "trailer": "trailer",
    "unparsed": "not parsed",
}

_SUMMARY_KEYS = (
    "layout", "classification", "precedence", "dtg", "filed", "from", "to", "info", "mrn",
    "reference_id", "eo", "declassify", "tags", "subject", "signature",
)

_STYLE = """
:root{--ink:#1d2330;--muted:#5b6474;--line:#d9dde5;--paper:#fff;--error:#b3261e;
--warning:#8a5a00;--info:#1f5fa8;--mark:#fff1a8;
--l-wrapper:#eef0f3;--l-envelope:#efe9f8;--l-header:#e5f0fb;--l-front:#e6f4ea;
--l-body:#ffffff;--l-trailer:#fbf0e0;--l-unparsed:#fde7e7}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:var(--ink);background:#f6f7f9}
a.up{display:block;padding:8px 24px 0;background:var(--paper);color:var(--info);font-size:13px}
header.top{padding:14px 24px 10px;background:var(--paper);border-bottom:1px solid var(--line)}
h1{font-size:19px;margin:0 0 6px;word-break:break-all}
h2{font-size:15px;margin:18px 0 8px}
.counts span{display:inline-block;margin-right:12px;font-weight:600}
.c-error{color:var(--error)}.c-warning{color:var(--warning)}.c-info{color:var(--info)}
.c-ok{color:#1e7b34}
dl.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:3px 18px;
margin:8px 0 0;font-size:14px}
dl.facts div{display:flex;gap:8px;min-width:0}
dl.facts div.wide{grid-column:1/-1}
dl.facts dt{color:var(--muted);flex:none;min-width:6.5em}
dl.facts dd{margin:0;word-break:break-word;font-weight:500}
.legend{margin-top:8px;font-size:13px;color:var(--muted)}
.legend span.key{border:0;padding:0 2px;margin-right:8px;background:none;border-radius:0}
.legend span.key.g{border-bottom:2px dotted #6f7a8c}
.legend span.key.g.unknown{border-bottom-color:var(--warning)}
.legend span{display:inline-block;padding:1px 8px;margin:2px 4px 2px 0;border-radius:3px;
border:1px solid var(--line);color:var(--ink)}
main{display:grid;grid-template-columns:minmax(0,1fr) 360px;gap:18px;padding:16px 24px}
@media (max-width:900px){main{grid-template-columns:1fr}aside{position:static!important}}
.text{background:var(--paper);border:1px solid var(--line);border-radius:6px;
padding:6px 0;font:14px/1.5 ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace}
.ln{display:grid;grid-template-columns:4.2em 6px minmax(0,1fr);align-items:start}
.ln .no{color:#8a93a3;text-align:right;padding-right:8px;text-decoration:none;
user-select:none}
.ln .no:hover{color:var(--ink)}
.ln .bar{align-self:stretch}
.ln .src{white-space:pre-wrap;overflow-wrap:anywhere;padding:0 12px 0 8px;min-height:1.5em}
.L-wrapper .src{background:var(--l-wrapper);color:#3d4452}
.L-envelope .src{background:var(--l-envelope)}
.L-header .src{background:var(--l-header)}
.L-front .src{background:var(--l-front)}
.L-body .src{background:var(--l-body)}
.L-trailer .src{background:var(--l-trailer)}
.L-unparsed .src{background:repeating-linear-gradient(135deg,var(--l-unparsed) 0 6px,
#fff6f6 6px 12px)}
.L-wrapper .bar{background:#aab1bd}.L-envelope .bar{background:#9b7fd1}
.L-header .bar{background:#4a8fd9}.L-front .bar{background:#3aa35b}
.L-body .bar{background:#d6dae2}.L-trailer .bar{background:#d99a3a}
.L-unparsed .bar{background:var(--error)}
.legend .L-wrapper{background:var(--l-wrapper)}.legend .L-envelope{background:var(--l-envelope)}
.legend .L-header{background:var(--l-header)}.legend .L-front{background:var(--l-front)}
.legend .L-body{background:var(--l-body)}.legend .L-trailer{background:var(--l-trailer)}
.legend .L-unparsed{background:var(--l-unparsed)}
.g{border-bottom:2px dotted #6f7a8c;cursor:help}
.g.unknown{border-bottom-color:var(--warning)}
.g.on{background:var(--mark);outline:1px solid #e0c341}
.d-error{text-decoration:underline wavy var(--error);text-decoration-skip-ink:none}
.d-warning{text-decoration:underline wavy #d08c00;text-decoration-skip-ink:none}
.d-info{text-decoration:underline dotted var(--info)}
.zero::before{content:"\\2038";color:var(--error);font-weight:700}
.ctl{color:#a0146e;font-size:85%}
.ln:target .src,.ln.hit .src{box-shadow:inset 3px 0 0 #e0c341;background:#fff8cf}
.note{margin:2px 12px 6px calc(4.2em + 14px);padding:5px 10px;border-radius:4px;
font:13px/1.4 system-ui,sans-serif;border-left:4px solid}
.note.error{background:#fdecea;border-color:var(--error)}
.note.warning{background:#fff4dc;border-color:#d08c00}
.note.info{background:#e8f1fb;border-color:var(--info)}
.note .sev{font-weight:700;text-transform:uppercase;font-size:11px;letter-spacing:.04em}
.note.error .sev{color:var(--error)}.note.warning .sev{color:var(--warning)}
.note.info .sev{color:var(--info)}
.note .at{color:var(--muted)}.note .hint{color:var(--muted);display:block}
.note a,.diaglist a{color:inherit;font-weight:600}
aside{position:sticky;top:12px;align-self:start;max-height:calc(100vh - 24px);overflow:auto}
.panel{background:var(--paper);border:1px solid var(--line);border-radius:6px;padding:12px 14px;
margin-bottom:14px;font-size:14px}
.panel h2{margin-top:0}
#detail .gtext{font:600 15px ui-monospace,"DejaVu Sans Mono",monospace;background:var(--mark);
padding:1px 4px;word-break:break-all}
#detail .role{color:var(--muted);font-size:13px;margin-top:6px}
#detail .meaning{margin-top:6px}
.diaglist{list-style:none;padding:0;margin:0}
.diaglist li{margin:0 0 6px;padding-left:8px;border-left:3px solid}
.diaglist li.error{border-color:var(--error)}.diaglist li.warning{border-color:#d08c00}
.diaglist li.info{border-color:var(--info)}
.decoded{list-style:none;padding:0;margin:0;font-size:13px}
.decoded li{margin:0 0 5px}.decoded a{color:inherit;font-weight:600;margin-right:4px}
.rules{margin:0 24px 24px;background:var(--paper);border:1px solid var(--line);
border-radius:6px;padding:4px 18px 12px}
.rules section{border-top:1px solid var(--line);padding:6px 0}
.rules pre{background:#f3f4f7;padding:6px 8px;border-radius:4px;white-space:pre-wrap;margin:4px 0}
.muted{color:var(--muted)}
table.index{border-collapse:collapse;margin:16px 24px;background:var(--paper);font-size:14px;
width:calc(100% - 48px)}
table.index td:nth-child(3){white-space:nowrap}
table.index th,table.index td{border:1px solid var(--line);padding:4px 8px;text-align:left;
vertical-align:top}
table.index th{background:#eef0f3}
table.index td.n{text-align:right}
"""

_SCRIPT = """
(function(){
var data=JSON.parse(document.getElementById('tt-groups').textContent);
var detail=document.getElementById('detail');
var pinned=null;
function clear(){var on=document.querySelectorAll('.g.on');
for(var i=0;i<on.length;i++){on[i].classList.remove('on');}}
function show(id){var g=data[id];if(!g){return;}clear();
var parts=document.querySelectorAll('.g[data-g="'+id+'"]');
for(var i=0;i<parts.length;i++){parts[i].classList.add('on');}
detail.textContent='';detail.classList.remove('muted');
var t=document.createElement('div');t.className='gtext';t.textContent=g.text;
var r=document.createElement('div');r.className='role';
r.textContent='line '+g.line+' \\u00b7 '+g.role+(g.known?'':' \\u00b7 not in the tables');
var m=document.createElement('div');m.className='meaning';m.textContent=g.meaning;
var s=document.createElement('div');s.className='role';s.textContent=g.summary;
detail.appendChild(t);detail.appendChild(r);detail.appendChild(m);detail.appendChild(s);}
document.addEventListener('mouseover',function(e){
var el=e.target.closest?e.target.closest('.g'):null;
if(el&&pinned===null){show(el.getAttribute('data-g'));}});
document.addEventListener('click',function(e){
var el=e.target.closest?e.target.closest('.g'):null;
if(el){pinned=el.getAttribute('data-g');show(pinned);}else{pinned=null;}});
var want=/[?&]line=([0-9]+)(?:&nth=([0-9]+))?/.exec(location.search);
if(want){var row=document.getElementById('L'+want[1]);
if(row){row.classList.add('hit');var ids=[],marks=row.querySelectorAll('.g');
for(var k=0;k<marks.length;k++){var id=marks[k].getAttribute('data-g');
if(ids.indexOf(id)<0){ids.push(id);}}
var pick=ids[Math.min(Math.max(parseInt(want[2]||'1',10),1),ids.length)-1];
if(pick!==undefined){pinned=pick;show(pinned);}}}
document.body.setAttribute('data-ready','1');
})();
"""


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _digest(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


#: Only the page's own script and style (by hash); nothing from the network; no forms,
#: no plugins, no base URL.
CSP = (f"default-src 'none'; script-src '{_digest(_SCRIPT)}'; style-src '{_digest(_STYLE)}'; "
       "img-src data:; base-uri 'none'; form-action 'none'")

_INDEX_CSP = (f"default-src 'none'; style-src '{_digest(_STYLE)}'; base-uri 'none'; "
              "form-action 'none'")


def _esc(value: object) -> str:
    """Text for an element's content or a quoted attribute: ``& < > " '`` escaped."""
    return html.escape(str(value), quote=True)


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\ufeff]")


def _text_html(text: str) -> str:
    """Escaped text; control characters (and a byte order mark) shown as visible symbols."""
    out: list[str] = []
    pos = 0
    for match in _CONTROL.finditer(text):
        out.append(_esc(text[pos:match.start()]))
        char = match.group()
        code = ord(char)
        symbol = chr(0x2400 + code) if code < 0x20 else "\u2421" if code == 0x7F else "\u2423"
        out.append(f'<span class="ctl" title="U+{code:04X}">{symbol}</span>')
        pos = match.end()
    out.append(_esc(text[pos:]))
    return "".join(out)


def _json_block(value: Any) -> str:
    """JSON safe inside a ``<script type="application/json">`` element."""
    text = json.dumps(value, ensure_ascii=False)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# ---------------------------------------------------------------------------- analysis


@dataclass(frozen=True, slots=True)
class _Group:
    start: int
    end: int
    text: str
    meaning: str
    field: str
    known: bool
    line: int
    role: str
    summary: str


def _line_starts(text: str) -> list[int]:
    return [0, *[m.end() for m in re.finditer("\n", text)]]


def _layers(cable: Cable, starts: list[int]) -> list[str]:
    """The layer of each line (0-based list), from the layer of the node on it."""
    by_id: dict[int, str] = {}
    for node in cable.wrapper:
        by_id[id(node)] = "wrapper"
    for envelope in cable.envelopes:
        for part in (*envelope.routing, envelope.security):
            if part is not None:
                by_id[id(part)] = "envelope"
    if cable.header is not None:
        for node in cable.header.lines:
            by_id[id(node)] = "header"
    if cable.text is not None:
        for node in cable.text.lines:
            by_id[id(node)] = "body" if node.kind == "TextBlock" else "front"
    for node in cable.trailer:
        by_id[id(node)] = "trailer"
    count = len(starts)
    layers: list[str | None] = [None] * count
    for node in cable.nodes:
        if node.kind == "Blank":
            continue
        layer = "unparsed" if node.kind == "Unparsed" else by_id.get(id(node), "wrapper")
        span = node.span
        last = span.end_line if span.end_column > 1 or span.end_line == span.line \
            else span.end_line - 1
        for number in range(span.line, min(last, count) + 1):
            if layers[number - 1] is None or layers[number - 1] == "wrapper":
                layers[number - 1] = layer
    # blank lines take the layer of the line before them (or after, at the start)
    out: list[str] = []
    previous: str | None = next((x for x in layers if x is not None), None)
    for found in layers:
        previous = found or previous
        out.append(previous or "wrapper")
    return out


def _pattern(group: str, whole: bool = True) -> re.Pattern[str]:
    """The group's text with any run of spaces or line ends between its words; ``whole``:
    not inside a longer word."""
    words = [re.escape(w) for w in group.split()]
    body = r"\s+".join(words) if words else re.escape(group)
    head = r"(?<![\w#])" if whole and group[:1].isalnum() else ""
    tail = r"(?![\w])" if whole and group[-1:].isalnum() else ""
    return re.compile(head + body + tail)


def _groups(cable: Cable, text: str, starts: list[int]
            ) -> tuple[list[_Group], dict[int, list[Any]]]:
    """Decoded groups located in the text, and the explained lines by line number.

    The meanings come from :func:`teletype.explain.explain`; each group is found in the
    text at or after its line (in order), so that it can be marked up where it stands."""
    from . import explain

    try:
        lines = explain.explain(cable)
    except Exception:  # noqa: BLE001 - the view shows the text even if explaining fails
        return [], {}
    found: list[_Group] = []
    by_line: dict[int, list[Any]] = {}
    cursor = 0
    for number, item in enumerate(lines):
        by_line.setdefault(item.line, []).append(item)
        if not 1 <= item.line <= len(starts):
            continue
        begin = max(cursor, starts[item.line - 1])
        following = lines[number + 1].line if number + 1 < len(lines) else item.line + 4
        stop_line = max(following, item.line) + 1  # the next explained line, at least this
        limit = starts[stop_line - 1] if stop_line - 1 < len(starts) else len(text)
        limit = max(limit, starts[min(item.line + 2, len(starts)) - 1])
        for group in item.groups:
            if not group.text.strip():
                continue
            stop = max(limit, begin)
            match = _pattern(group.text).search(text, begin, stop)
            if match is None:  # a group inside a word, such as ZCZC in VZCZCXRO1234
                match = _pattern(group.text, whole=False).search(text, begin, stop)
            if match is None:
                continue
            found.append(_Group(match.start(), match.end(), group.text, group.meaning,
                                group.field, group.known, item.line, item.role, item.summary))
            begin = cursor = match.end()
    return found, by_line


def _diagnostics(cable: Cable, given: Sequence[Diagnostic] | None) -> list[Diagnostic]:
    if given is not None:
        return list(given)
    from .validate import validate

    try:
        return validate(cable)
    except Exception:  # noqa: BLE001 - fall back to the diagnostics found while parsing
        return list(cable.diagnostics)


# ---------------------------------------------------------------------------- rendering


def _segments(line_start: int, line_text: str, groups: list[tuple[int, _Group]],
              diags: list[tuple[int, Diagnostic]]) -> str:
    """One line's text as escaped segments: a group mark and diagnostic underline each.

    One sweep over the cut points: groups do not overlap and come in text order (a
    pointer follows them); diagnostics may overlap (a count per severity of those
    open)."""
    line_end = line_start + len(line_text)
    cuts = {line_start, line_end}
    for _, g in groups:
        cuts.update(p for p in (g.start, g.end) if line_start < p < line_end)
    zero: dict[int, list[Diagnostic]] = {}
    opens: dict[int, list[Severity]] = {}
    closes: dict[int, list[Severity]] = {}
    for _, d in diags:
        span = d.span
        assert span is not None
        if span.start == span.end:
            zero.setdefault(min(max(span.start, line_start), line_end), []).append(d)
            continue
        first, last = max(span.start, line_start), min(span.end, line_end)
        opens.setdefault(first, []).append(d.severity)
        closes.setdefault(last, []).append(d.severity)
        cuts.update((first, last))
    points = sorted(cuts)
    active = dict.fromkeys(Severity, 0)
    ordered = sorted(groups, key=lambda item: item[1].start)
    next_group = 0
    out: list[str] = []
    for a, b in zip(points, points[1:], strict=False):
        for severity in closes.pop(a, ()):
            active[severity] -= 1
        for severity in opens.pop(a, ()):
            active[severity] += 1
        for d in zero.pop(a, []):
            out.append(f'<span class="zero" title="{_esc(d.code + " " + d.message)}"></span>')
        piece = line_text[a - line_start:b - line_start]
        while next_group < len(ordered) and ordered[next_group][1].end <= a:
            next_group += 1
        group = None
        if next_group < len(ordered):
            candidate = ordered[next_group]
            if candidate[1].start <= a and b <= candidate[1].end:
                group = candidate
        classes: list[str] = []
        attrs = ""
        if group is not None:
            index, g = group
            classes.append("g" if g.known else "g unknown")
            attrs += f' data-g="{index}" title="{_esc(g.meaning)}"'
        worst = next((s for s in Severity if active[s] > 0), None)  # error, warning, info
        if worst is not None:
            classes.append(f"d-{worst.value}")
        if classes:
            out.append(f'<span class="{" ".join(classes)}"{attrs}>{_text_html(piece)}</span>')
        else:
            out.append(_text_html(piece))
    for position in sorted(zero):
        for d in zero[position]:
            out.append(f'<span class="zero" title="{_esc(d.code + " " + d.message)}"></span>')
    return "".join(out)


def _note(d: Diagnostic) -> str:
    span = d.span
    where = f"{span.line}:{span.column}" if span is not None else ""
    hint = f'<span class="hint">{_esc(d.hint)}</span>' if d.hint else ""
    title = CATALOG[d.code].title if d.code in CATALOG else ""
    return (f'<div class="note {d.severity.value}"><span class="sev">{d.severity.value}</span> '
            f'<a href="#rule-{_esc(d.code)}" title="{_esc(title)}">{_esc(d.code)}</a> '
            f'<span class="at">{_esc(where)}</span> {_esc(d.message)}{hint}</div>')


def _counts(diagnostics: Sequence[Diagnostic]) -> str:
    parts = []
    for severity in Severity:
        n = sum(1 for d in diagnostics if d.severity is severity)
        word = severity.value if n == 1 or severity is Severity.INFO else severity.value + "s"
        parts.append(f'<span class="c-{severity.value}">{n} {word}</span>')
    if not diagnostics:
        parts.insert(0, '<span class="c-ok">no findings</span>')
    return '<div class="counts">' + "".join(parts) + "</div>"


def _facts(cable: Cable) -> str:
    try:
        record = cable.record()
    except Exception:  # noqa: BLE001 - the page does not need the record
        record = {"layout": cable.layout.value}
    rows = []
    for key in _SUMMARY_KEYS:
        value = record.get(key)
        if value in (None, "", [], ()):
            continue
        if isinstance(value, (list, tuple)):
            value = ", ".join(str(v) for v in value)
        wide = ' class="wide"' if key in ("subject", "tags", "to", "info") else ""
        rows.append(f"<div{wide}><dt>{_esc(key.replace('_', ' '))}</dt>"
                    f"<dd>{_esc(value)}</dd></div>")
    return '<dl class="facts">' + "".join(rows) + "</dl>"


def _rules_section(diagnostics: Sequence[Diagnostic]) -> str:
    codes = sorted({d.code for d in diagnostics})
    if not codes:
        return ""
    parts = ['<div class="rules"><h2>Rules found in this cable</h2>']
    for code in codes:
        rule = CATALOG.get(code)
        if rule is None:
            parts.append(f'<section id="rule-{_esc(code)}"><b>{_esc(code)}</b></section>')
            continue
        examples = ""
        if rule.example_fail:
            examples += f"<div>fails:</div><pre>{_text_html(rule.example_fail)}</pre>"
        if rule.example_pass:
            examples += f"<div>passes:</div><pre>{_text_html(rule.example_pass)}</pre>"
        source = f'<div class="muted">source: {_esc(rule.source)}</div>' if rule.source else ""
        parts.append(
            f'<section id="rule-{_esc(code)}"><b>{_esc(code)} {_esc(rule.name)}</b> '
            f'<span class="muted">({_esc(rule.severity.value)} by default)</span>'
            f"<div>{_esc(rule.title)}</div><div class=\"muted\">{_esc(rule.description)}</div>"
            f"{examples}{source}"
            f'<div class="muted">More: <code>teletype rules {_esc(code)}</code>, '
            f"docs/rules.md</div></section>")
    parts.append("</div>")
    return "".join(parts)


def _legend(used: Iterable[str]) -> str:
    seen = set(used)
    spans = "".join(f'<span class="L-{key}">{_esc(label)}</span>'
                    for key, label in LAYERS.items() if key in seen)
    return (f'<div class="legend">layers: {spans} \u00b7 <span class="g key">decoded group'
            '</span> <span class="g unknown key">not in the tables</span> '
            '<span class="d-error key">error</span> <span class="d-warning key">warning'
            '</span> <span class="d-info key">info</span></div>')


def body(cable: Cable, *, path: str | None = None,
         diagnostics: Sequence[Diagnostic] | None = None, up: str | None = None) -> str:
    """The page's ``<body>`` content (without the ``<body>`` element)."""
    text = cable.render()
    starts = _line_starts(text)
    layers = _layers(cable, starts)
    groups, explained = _groups(cable, text, starts)
    found = _diagnostics(cable, diagnostics)
    name = path or cable.source or "cable"

    by_line_groups: dict[int, list[tuple[int, _Group]]] = {}
    for index, g in enumerate(groups):
        first = bisect_line(starts, g.start)
        last = bisect_line(starts, max(g.end - 1, g.start))
        for number in range(first, last + 1):
            by_line_groups.setdefault(number, []).append((index, g))
    by_line_diags: dict[int, list[tuple[int, Diagnostic]]] = {}
    notes: dict[int, list[Diagnostic]] = {}
    unplaced: list[Diagnostic] = []
    for index, d in enumerate(found):
        if d.span is None:
            unplaced.append(d)
            continue
        first = bisect_line(starts, d.span.start)
        last = bisect_line(starts, max(d.span.end - 1, d.span.start))
        for number in range(first, last + 1):
            by_line_diags.setdefault(number, []).append((index, d))
        notes.setdefault(first, []).append(d)

    rows: list[str] = []
    for number, start in enumerate(starts, 1):
        end = starts[number] - 1 if number < len(starts) else len(text)
        if number == len(starts) and start == len(text):
            break  # the empty string after the final newline (or of no text) is no line
        line_text = text[start:end]
        if line_text.endswith("\r"):
            line_text = line_text[:-1]
        layer = layers[number - 1]
        title = LAYERS[layer]
        for item in explained.get(number, []):
            title += f" \u00b7 {item.role}: {item.summary}" if item.summary else \
                f" \u00b7 {item.role}"
        src = _segments(start, line_text, by_line_groups.get(number, []),
                        by_line_diags.get(number, []))
        rows.append(f'<div class="ln L-{layer}" id="L{number}">'
                    f'<a class="no" href="#L{number}" title="{_esc(title)}">{number}</a>'
                    f'<span class="bar"></span><span class="src">{src}</span></div>')
        rows.extend(_note(d) for d in notes.get(number, []))

    data = {str(i): {"text": g.text, "meaning": g.meaning, "field": g.field, "known": g.known,
                     "line": g.line, "role": g.role, "summary": g.summary}
            for i, g in enumerate(groups)}
    listed = "".join(
        f'<li class="{d.severity.value}"><a href="#L{d.span.line}">'
        f'{d.span.line}:{d.span.column}</a> {_esc(d.severity.value)} {_esc(d.code)} '
        f'{_esc(d.message)}</li>' if d.span is not None else
        f'<li class="{d.severity.value}">{_esc(d.severity.value)} <a href="#rule-{_esc(d.code)}">'
        f'{_esc(d.code)}</a> {_esc(d.message)}</li>'
        for d in found)
    endings = "CRLF" if "\r\n" in text else "LF" if "\n" in text else "none"
    count = len(starts) - (1 if text.endswith("\n") or not text else 0)
    meta = (f"{_plural(count, 'line')}, {_plural(len(text), 'character')}, "
            f"line endings {endings}"
            + (f", decoded as {_esc(cable.encoding)}" if cable.encoding else ""))
    back = f'<a class="up" href="{_esc(up)}">\u2190 all cables</a>' if up else ""
    return (
        back
        + f'<header class="top"><h1>{_esc(name)}</h1>{_counts(found)}'
        f'<div class="muted">{meta}</div>{_facts(cable)}'
        f"{_legend(layers)}</header>"
        f'<main><div class="text" id="text">{"".join(rows)}</div>'
        f'<aside><div class="panel"><h2>Group</h2><div id="detail" class="muted">'
        f"Point at an underlined group to see what it means; click to keep it here."
        f'</div></div><div class="panel"><h2>Findings</h2>'
        f'{f"<ul class=diaglist>{listed}</ul>" if found else "<div class=muted>none</div>"}'
        f"</div>{_decoded_panel(explained)}</aside></main>{_rules_section(found)}"
        f'<script type="application/json" id="tt-groups">{_json_block(data)}</script>'
        f"<script>{_SCRIPT}</script>"
    )


def _decoded_panel(explained: dict[int, list[Any]]) -> str:
    """The explained lines (header and front matter) in short: line, role and summary."""
    if not explained:
        return ""
    listed = "".join(
        f'<li><a href="#L{number}">{number}</a> <span class="muted">{_esc(item.role)}</span>'
        + (f"<br>{_esc(item.summary)}" if item.summary else "") + "</li>"
        for number, items in sorted(explained.items()) for item in items)
    return (f'<div class="panel"><h2>Decoded lines</h2><ul class="decoded">{listed}</ul>'
            "</div>")


def bisect_line(starts: list[int], offset: int) -> int:
    """The 1-based line number of a character offset."""
    import bisect

    return max(bisect.bisect_right(starts, offset), 1)


def _document(title: str, content: str, csp: str) -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{_esc(csp)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{_esc(title)}</title><style>{_STYLE}</style></head>"
        f"<body>{content}</body></html>\n"
    )


def page(cable: Cable, *, path: str | None = None,
         diagnostics: Sequence[Diagnostic] | None = None, up: str | None = None) -> str:
    """The self-contained HTML page of one cable.

    ``diagnostics`` default to :func:`teletype.validate.validate` of the cable (all
    severities); ``path`` is the name shown (default: the cable's source); ``up`` a link
    back to an index page."""
    name = path or cable.source or "cable"
    content = body(cable, path=path, diagnostics=diagnostics, up=up)
    return _document(f"{name} \u2014 teletype", content, CSP)


def notebook_html(cable: Cable) -> str:
    """The page of :func:`page` for a Jupyter notebook: in a sandboxed ``<iframe srcdoc>``,
    so that its style, script and Content-Security-Policy stay its own."""
    document = page(cable)
    return (f'<iframe srcdoc="{_esc(document)}" sandbox="allow-scripts" '
            'style="width:100%;height:640px;border:1px solid #d9dde5;resize:vertical" '
            f'title="{_esc(cable.source or "cable")}"></iframe>')


@dataclass(frozen=True, slots=True)
class IndexRow:
    """One cable of an index page: its name (as found in the input folder), the page's
    file name and record facts."""

    name: str
    href: str
    record: dict[str, Any]
    errors: int
    warnings: int
    infos: int


def index_row(name: str, href: str, cable: Cable,
              diagnostics: Sequence[Diagnostic]) -> IndexRow:
    try:
        record = cable.record()
    except Exception:  # noqa: BLE001 - the index does not need the record
        record = {"layout": cable.layout.value}
    return IndexRow(name, href, record,
                    sum(1 for d in diagnostics if d.severity is Severity.ERROR),
                    sum(1 for d in diagnostics if d.severity is Severity.WARNING),
                    sum(1 for d in diagnostics if d.severity is Severity.INFO))


def index_page(rows: Sequence[IndexRow], title: str = "cables") -> str:
    """A page that lists cables with their main facts and finding counts, linked to their
    pages."""
    errors = sum(r.errors for r in rows)
    warnings = sum(r.warnings for r in rows)
    body_rows = []
    for r in rows:
        rec = r.record
        cells = [
            f'<a href="{_esc(r.href)}">{_esc(r.name)}</a>',
            _esc(rec.get("layout") or ""),
            _esc(str(rec.get("dtg") or "").replace("T", " ").replace(":00Z", "Z")),
            _esc(rec.get("from") or ""), _esc(rec.get("classification") or ""),
            _esc(rec.get("subject") or ""),
        ]
        tds = "".join(f"<td>{c}</td>" for c in cells)
        tds += (f'<td class="n c-error">{r.errors or ""}</td>'
                f'<td class="n c-warning">{r.warnings or ""}</td>'
                f'<td class="n c-info">{r.infos or ""}</td>')
        body_rows.append(f"<tr>{tds}</tr>")
    head = "".join(f"<th>{h}</th>" for h in (
        "file", "layout", "DTG", "from", "classification", "subject", "errors", "warnings",
        "info"))
    content = (f'<header class="top"><h1>{_esc(title)}</h1><div class="counts">'
               f"<span>{len(rows)} cable{'' if len(rows) == 1 else 's'}</span>"
               f'<span class="c-error">{errors} errors</span>'
               f'<span class="c-warning">{warnings} warnings</span></div></header>'
               f'<table class="index"><thead><tr>{head}</tr></thead>'
               f'<tbody>{"".join(body_rows)}</tbody></table>')
    return _document(f"{title} \u2014 teletype", content, _INDEX_CSP)
