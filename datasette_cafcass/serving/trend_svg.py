"""The trend chart as SVG, drawn on the server: no JavaScript, no other files.

Time runs across (a band per year), Ofsted's scale up the side (rank 1,
outstanding, at the top). Each subject (national, each service area) keeps one
colour, marker shape and line dash whatever the filter (its `style` index comes
from the list of every subject in the database), and is named in the legend, so
colour is never the only cue. Undated grades go in an "undated" column at the
right, never at an invented date; with only undated grades there is no time
axis at all. Visits with no grade for the judgement are hollow markers under
the time axis. A disputed point (the articles disagree on its grade or its
dates) has a dashed ring around its mark, named in the legend. Every mark links
to the inspection's evidence and carries a <title> (saying why a disputed point
shows what it shows, and any correction by hand). All text is escaped with
xml.sax.saxutils.

Two layouts: WIDE for a desktop page, NARROW for a phone (about 400 px: fewer
year labels, larger text for its width, the legend one subject a line). The
HTML page carries both and shows one by screen width.
"""
import math
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from markupsafe import Markup


@dataclass(frozen=True)
class Layout:
    name: str
    width: int
    left: int            # the dated plot area starts here (the scale's words to its left)
    right: int           # ... and ends here
    undated: int         # width of the undated column, at the right
    font: int            # body text size
    small: int           # notes' size
    legend_columns: int
    label_lines: int     # lines the scale's words may take
    scale_font: int      # their size
    tick_px: int         # the least room for a year label
    min_span: int = 5    # years shown at the least, around the data


WIDE = Layout("wide", 820, 200, 680, 100, 13, 11, 3, 3, 13, 40)
NARROW = Layout("narrow", 400, 112, 318, 62, 14, 12, 1, 4, 12, 52)

TOP, ROW = 58, 52                    # first rank row, row spacing
RANKS = (1, 2, 3, 4)
MARK = 6                             # marker radius

# Dark enough for 4.5:1 on white; shapes and dashes repeat on a different cycle
# from the colours so that neighbouring series differ in more than hue.
COLOURS = ("#0b4f8a", "#b3400a", "#1d6b3a", "#6a3d9a", "#8a5a00", "#a0136b", "#00636b", "#404040")
SHAPES = ("circle", "square", "diamond", "triangle", "triangle-down", "pentagon", "hexagon")
DASHES = ("", "7 3", "2 3", "9 3 2 3")


def _y(rank):
    return TOP + (rank - 1) * ROW + ROW / 2


AXIS_Y = TOP + len(RANKS) * ROW + 6
UNGRADED_Y = AXIS_Y + 16


def _attr(value):
    return quoteattr(str(value))


def _fractional_year(iso):
    """2014 -> 2014.5 (the middle of the year); 2024-01-22 -> early 2024."""
    parts = iso.split("-")
    try:
        year = int(parts[0])
        if len(parts) == 1:
            return year + 0.5
        month = int(parts[1])
        day = int(parts[2]) if len(parts) > 2 else 15
    except ValueError:
        return None
    return year + ((month - 1) + (min(day, 30) - 0.5) / 30) / 12


def _shape(shape, x, y, colour, hollow=False, r=MARK):
    fill = "#ffffff" if hollow else colour
    style = f'fill="{fill}" stroke="{colour}" stroke-width="2"'
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" {style}/>'
    if shape == "square":
        s = r * 0.9
        return f'<rect x="{x - s:.1f}" y="{y - s:.1f}" width="{2 * s:.1f}" height="{2 * s:.1f}" {style}/>'
    corners = {"diamond": (4, 90, 1.25), "triangle": (3, 90, 1.3), "triangle-down": (3, 270, 1.3),
               "pentagon": (5, 90, 1.15), "hexagon": (6, 0, 1.1)}[shape]
    n, start, scale = corners
    pts = " ".join(
        f"{x + r * scale * math.cos(math.radians(start + i * 360 / n)):.1f},"
        f"{y - r * scale * math.sin(math.radians(start + i * 360 / n)):.1f}" for i in range(n))
    return f'<polygon points="{pts}" {style}/>'


DISPUTED_LEGEND = {"wide": "Dashed ring: disputed, the articles disagree (the mark shows the reading the stated rule picks)",
                   "narrow": "Dashed ring: the articles disagree"}
RING = "#111111"  # the dashed ring of a disputed point: a shape, not a colour, is the cue


def _ring(x, y):
    return (f'<circle class="disputed" cx="{x:.1f}" cy="{y:.1f}" r="{MARK + 5}" fill="none" stroke="{RING}" '
            f'stroke-width="1.5" stroke-dasharray="3 2"/>')


def style_for(index):
    return COLOURS[index % len(COLOURS)], SHAPES[index % len(SHAPES)], DASHES[index % len(DASHES)]


def _short(iso):
    return iso[:4] if iso[5:] in ("", "01", "01-01") else iso


def period_text(period):
    """'before 2013', 'from 2013 until 2021-04-01', 'from 2021' (an era's end is the first date after it)."""
    if not period:
        return ""
    if period["start"] and period["end"]:
        return f"from {_short(period['start'])} until {_short(period['end'])}"
    if period["end"]:
        return f"before {_short(period['end'])}"
    return f"from {_short(period['start'])}"


def _when(p):
    if p["date"] is None:
        if p.get("period"):
            return (f"undated (the articles do not say when); its framework, {p['period']['era']}, "
                    f"puts it {period_text(p['period'])}")
        return "undated (the articles do not say when)"
    return {"fieldwork": f"fieldwork from {p['date']}" + (f" to {p['fieldwork_end']}" if p.get("fieldwork_end") and p["fieldwork_end"] != p["date"] else ""),
            "year": str(p["date"]), "report published": f"report published {p['date']}"}.get(p["date_basis"], p["date"])


def point_title(series_label, p):
    grade = p["rating"] or f"no {p['judgement']} grade in the articles"
    lines = [f"{series_label}: {grade}" + (f" ({p['judgement']})" if p["rating"] else ""),
             f"When: {_when(p)}"]
    for d in p.get("disputes") or ():
        lines.append(f"Disputed ({d['what']}): " + (d.get("shown_because") or f"the articles disagree ({d.get('readings')})"))
    for c in p.get("corrections") or ():
        lines.append("Corrected by hand" + (" (the inspection)" if c.get("of") == "inspection" else "")
                     + f": {c.get('reason') or c['id']}" + (f" (source: {c['source']})" if c.get("source") else ""))
    rules = [r["rule"] for r in p.get("found_by") or ()]
    if rules:
        lines.append("Read by: " + ", ".join("hand" if r == "by hand" else f"the rule “{r}”" for r in rules))
    if p.get("kind"):
        lines.append(f"Kind: {p['kind']}")
    titles = []
    for s in p["sources"]:
        t = s.get("article_title") or s.get("article_id")
        if t and t not in titles:
            titles.append(t)
    if titles:
        lines.append("Source: " + "; ".join(titles))
    return "\n".join(lines)


def _linked(href, title, inner):
    return (f'<a href={_attr(href)} xlink:href={_attr(href)}>'
            f'<title>{escape(title)}</title>{inner}</a>')


def summary(series):
    """A sentence per series, for <desc> (and anyone who cannot see the chart)."""
    if not series:
        return "No inspections match these filters."
    parts = []
    for s in series:
        bits = []
        marks = sorted(s["points"] + s["ungraded"], key=lambda p: (p["date"] is None, p["date"] or ""))
        for p in marks:
            when = str(p["year"]) if p["date"] is not None else "undated"
            what = p["rating"] or f"{p['kind'] or 'inspection'} with no grade"
            bits.append(f"{when} {what}")
        parts.append(f"{s['label']}: " + (", ".join(bits) if bits else "nothing graded") + ".")
    return " ".join(parts)


def year_range(series, years, min_span=5):
    """[lo, hi) in whole years for the time axis, or None when nothing is dated and
    no year range was asked for: the data's years (or the range asked for), a
    free end widened so that at least min_span years show."""
    xs = [_fractional_year(p["date"]) for s in series for p in s["points"] + s["ungraded"] if p["date"]]
    xs = [math.floor(x) for x in xs if x is not None]
    lo, hi = years
    if lo is None and hi is None:
        if not xs:
            return None
        lo, hi = min(xs), max(xs)
        pad = max(0, min_span - (hi - lo + 1))
        lo, hi = lo - pad // 2, hi + pad - pad // 2
    elif lo is None:
        lo = min(xs + [hi])
        lo = min(lo, hi - min_span + 1)
    elif hi is None:
        hi = max(xs + [lo])
        hi = max(hi, lo + min_span - 1)
    hi = max(hi, lo)
    return lo, hi + 1  # [lo, hi): a band per year


def _boundary_x(iso, lo, hi, layout):
    """x of an era boundary (a date), or None when it is open (null)."""
    if not iso:
        return None
    parts = [int(n) for n in iso.split("-")[:3] if n.isdigit()]
    year, month, day = (parts + [1, 1])[:3]
    fy = year + ((month - 1) + (day - 1) / 31) / 12
    return layout.left + (min(max(fy, lo), hi) - lo) / (hi - lo) * (layout.right - layout.left)


def _period_bar(period, y, colour, lo, hi, label, layout):
    """A band over the span an undated grade's framework allows; open ends get an arrow."""
    if not period:
        return ""
    x0, x1 = _boundary_x(period["start"], lo, hi, layout), _boundary_x(period["end"], lo, hi, layout)
    open_left, open_right = x0 is None, x1 is None
    x0 = layout.left if open_left else x0
    x1 = layout.right if open_right else x1
    if x1 - x0 < 2:
        return ""  # the span lies outside the years shown
    h = 10
    parts = [f'<rect x="{x0:.1f}" y="{y - h / 2:.1f}" width="{x1 - x0:.1f}" height="{h}" fill="{colour}" '
             f'fill-opacity="0.15" stroke="{colour}" stroke-dasharray="4 2"/>']
    if open_left:
        parts.append(f'<polygon points="{x0 - 8:.1f},{y:.1f} {x0:.1f},{y - h / 2 - 2:.1f} {x0:.1f},{y + h / 2 + 2:.1f}" fill="{colour}"/>')
    if open_right:
        parts.append(f'<polygon points="{x1 + 8:.1f},{y:.1f} {x1:.1f},{y - h / 2 - 2:.1f} {x1:.1f},{y + h / 2 + 2:.1f}" fill="{colour}"/>')
    text = f"{label}, undated: {period_text(period)}"
    if x0 + 4 + len(text) * layout.small * 0.55 > layout.right:  # too long for the plot: drop the name
        text = f"undated: {period_text(period)}"
    parts.append(f'<text x="{x0 + 4:.1f}" y="{y - h / 2 - 4:.1f}" font-size="{layout.small}" fill="#111111">'
                 f'{escape(text)}</text>')
    return "".join(parts)


def _wrap(text, width_chars):
    """Words of text in lines of at most width_chars (a long word keeps its own line)."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width_chars:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines


def _scale_words(label, layout):
    """The words of a rank ('requires improvement / satisfactory / adequate'), in lines."""
    words = label.split(" / ")
    chars = max(8, int((layout.left - 14) / (layout.scale_font * 0.55)))
    lines = []
    for i, w in enumerate(words):
        lines += _wrap(w + (" /" if i < len(words) - 1 else ""), chars)
    if len(lines) > layout.label_lines:
        lines = lines[:layout.label_lines - 1] + [lines[layout.label_lines - 1].rstrip(" /") + " …"]
    return lines


def render(series, rank_labels, title, judgement, years=(None, None), layout=WIDE, source=None):
    """The chart as an SVG string (no XML declaration). source: a line naming where
    the chart comes from (the standalone .svg carries one)."""
    span_years = year_range(series, years, layout.min_span)
    undated_x1 = layout.width - 20
    undated_x0 = undated_x1 - layout.undated
    dated_axis = span_years is not None
    if dated_axis:
        lo, hi = span_years
        span = hi - lo
    else:  # nothing dated: the undated strip takes the plot area
        lo = hi = span = None
        undated_x0 = layout.left
    ids = f"cafcass-trend-{layout.name}"

    def x_of(iso):
        if not dated_axis:
            return None
        fy = _fractional_year(iso)
        if fy is None or not lo <= fy < hi:
            return None
        return layout.left + (fy - lo) / span * (layout.right - layout.left)

    disputed = any(p.get("disputed") for s in series for p in s["points"] + s["ungraded"])
    rows = math.ceil(max(len(series), 1) / layout.legend_columns) + (1 if disputed else 0)
    legend_y = AXIS_Y + 62
    notes = [f"Filled marks: graded inspections. Hollow marks below the time axis: inspections and "
             f"visits with no {judgement} grade in the articles.",
             "Grades the articles do not date sit in the undated column, never at a guessed date"
             + ("; a dashed band spans the years their framework allows." if dated_axis else ".")]
    if source:
        notes.append(source)
    note_chars = int((layout.width - 40) / (layout.small * 0.52))
    note_lines = [line for n in notes for line in _wrap(n, note_chars)]
    height = legend_y + rows * 22 + 14 + len(note_lines) * (layout.small + 4)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="{layout.width}" height="{height}" viewBox="0 0 {layout.width} {height}" role="img" '
        f'aria-labelledby="{ids}-title {ids}-desc" class="cafcass-trend-{layout.name}" '
        f'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif" font-size="{layout.font}">',
        f'<title id="{ids}-title">{escape(title)}</title>',
        f'<desc id="{ids}-desc">{escape(summary(series))}</desc>',
        '<rect width="100%" height="100%" fill="#ffffff"/>',
    ]
    for i, line in enumerate(_wrap(title, int((layout.width - 40) / (16 * 0.55)))[:2]):
        out.append(f'<text x="20" y="{24 + i * 20}" font-size="16" font-weight="bold" fill="#111111">{escape(line)}</text>')
    # The scale: a row per rank, its words at the left.
    for rank in RANKS:
        y = _y(rank)
        out.append(f'<line x1="{layout.left}" x2="{undated_x1}" y1="{y}" y2="{y}" stroke="#d0d0d0" stroke-width="1"/>')
        lines = _scale_words(rank_labels.get(rank) or str(rank), layout)
        for i, line in enumerate(lines):
            dy = (i - (len(lines) - 1) / 2) * (layout.scale_font + 1) + 4
            out.append(f'<text x="{layout.left - 10}" y="{y + dy:.1f}" text-anchor="end" '
                       f'font-size="{layout.scale_font}" fill="#111111">{escape(line)}</text>')
    if dated_axis:
        # Time axis: a band per year, labelled at its middle.
        out.append(f'<line x1="{layout.left}" x2="{layout.right}" y1="{AXIS_Y}" y2="{AXIS_Y}" stroke="#555555" stroke-width="1"/>')
        band = (layout.right - layout.left) / span
        step = next((n for n in (1, 2, 5, 10, 25) if band * n >= layout.tick_px), 50)
        for i in range(span + 1):
            x = layout.left + i * band
            out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" y2="{AXIS_Y + 4}" stroke="#eeeeee" stroke-width="1"/>')
            if i < span and (lo + i) % step == 0:
                out.append(f'<text x="{x + band / 2:.1f}" y="{AXIS_Y + 42}" text-anchor="middle" fill="#111111">{lo + i}</text>')
    out.append(f'<text x="{layout.left - 10}" y="{UNGRADED_Y + 4}" text-anchor="end" fill="#333333" '
               f'font-size="{layout.small}">no grade</text>')
    # The undated column.
    out.append(f'<rect x="{undated_x0}" y="{TOP}" width="{undated_x1 - undated_x0}" height="{AXIS_Y - TOP}" '
               f'fill="#f4f4f4" stroke="#999999" stroke-dasharray="4 3"/>')
    out.append(f'<text x="{(undated_x0 + undated_x1) / 2}" y="{AXIS_Y + 42}" text-anchor="middle" fill="#111111">'
               f'{"undated" if dated_axis else "undated: the articles give no date"}</text>')

    taken = {}

    def place(x, y):
        """Nudge marks that would sit on top of each other."""
        key = (round(x / 8), round(y))
        n = taken.get(key, 0)
        taken[key] = n + 1
        return x + n * (MARK * 2 + 2), y

    undated_slots = {}

    def undated_x(y):
        n = undated_slots.get(y, 0)
        undated_slots[y] = n + 1
        per_row = max(1, int((undated_x1 - undated_x0 - 10) // (MARK * 2 + 4)))
        return undated_x0 + 12 + (n % per_row) * (MARK * 2 + 4), y + (n // per_row) * 5

    for s in series:
        colour, shape, dash = style_for(s["style"])
        dated = []
        marks = []
        for p in s["points"]:
            y = _y(p["rank"])
            x = x_of(p["date"]) if p["date"] else None
            if x is None and p["date"]:
                continue  # outside the year range asked for
            extra = ""
            if x is None:
                if dated_axis:
                    extra = _period_bar(p.get("period"), y, colour, lo, hi, s["label"], layout)
                x, y = undated_x(y)
            else:
                x, y = place(x, y)
                dated.append((x, y))
            ring = _ring(x, y) if p.get("disputed") else ""
            marks.append(_linked(p["evidence_url"], point_title(s["label"], p),
                                 extra + ring + _shape(shape, x, y, colour)))
        for p in s["ungraded"]:
            if p["date"]:
                x = x_of(p["date"])
                if x is None:
                    continue
                x, y = place(x, UNGRADED_Y)
            else:
                x, y = undated_x(UNGRADED_Y)
            ring = _ring(x, y) if p.get("disputed") else ""
            marks.append(_linked(p["evidence_url"], point_title(s["label"], p),
                                 ring + _shape(shape, x, y, colour, hollow=True)))
        if len(dated) > 1:
            pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in dated)
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            out.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2"{dash_attr}/>')
        out.append(f'<g class="series" data-series={_attr(s["label"])}>' + "".join(marks) + "</g>")
    if not any(s["points"] or s["ungraded"] for s in series):
        out.append(f'<text x="{(layout.left + undated_x1) / 2}" y="{_y(2) + ROW / 2}" text-anchor="middle" fill="#333333">'
                   'No inspections match these filters.</text>')
    # Legend: swatch (shape, colour, dash) and name for every series.
    column_width = (layout.width - 40) / layout.legend_columns
    for index, s in enumerate(series):
        colour, shape, dash = style_for(s["style"])
        x = 20 + (index % layout.legend_columns) * column_width
        y = legend_y + (index // layout.legend_columns) * 22
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<line x1="{x}" x2="{x + 30}" y1="{y}" y2="{y}" stroke="{colour}" stroke-width="2"{dash_attr}/>')
        out.append(_shape(shape, x + 15, y, colour))
        out.append(f'<text x="{x + 40}" y="{y + 4}" fill="#111111">{escape(s["label"])}</text>')
    if disputed:  # the last legend row
        y = legend_y + (rows - 1) * 22
        out.append(f'<g class="legend-disputed">{_ring(35, y)}'
                   f'<text x="60" y="{y + 4}" fill="#111111">{escape(DISPUTED_LEGEND[layout.name])}</text></g>')
    y = legend_y + rows * 22 + 8
    for line in note_lines:
        out.append(f'<text x="20" y="{y}" font-size="{layout.small}" fill="#333333">{escape(line)}</text>')
        y += layout.small + 4
    out.append("</svg>")
    return "\n".join(out)


def markup(svg):
    """For embedding in the HTML page: the same markup, marked safe (it was escaped when built)."""
    return Markup(svg)


def standalone(svg):
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n"
