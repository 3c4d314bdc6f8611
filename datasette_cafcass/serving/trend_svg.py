"""The trend chart as SVG, drawn on the server: no JavaScript, no other files.

Time runs across (a band per year), Ofsted's scale up the side (rank 1,
outstanding, at the top). Each series (national, each service area) has its own
colour, marker shape and line dash, and is named in the legend, so colour is
never the only cue. Undated grades go in an "undated" column at the right,
never at an invented date; visits with no grade for the judgement are hollow
markers on the time axis. Every mark links to its inspection row and carries
a <title>. All text is escaped with xml.sax.saxutils.
"""
import math
from xml.sax.saxutils import escape, quoteattr

from markupsafe import Markup

WIDTH = 820
LEFT, RIGHT_PLOT = 200, 680          # the dated plot area
UNDATED_X0, UNDATED_X1 = 700, 800    # the undated column
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
LEGEND_Y = AXIS_Y + 62


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


def _year_range(series, years):
    xs = [_fractional_year(p["date"]) for s in series for p in s["points"] + s["ungraded"] if p["date"]]
    xs = [x for x in xs if x is not None]
    lo, hi = years
    if lo is None:
        lo = math.floor(min(xs)) if xs else (hi or 2000) - 10
    if hi is None:
        hi = math.floor(max(xs)) if xs else lo + 10
    hi = max(hi, lo)
    return lo, hi + 1  # [lo, hi): a band per year


def _boundary_x(iso, lo, hi):
    """x of an era boundary (a date), or None when it is open (null)."""
    if not iso:
        return None
    parts = [int(n) for n in iso.split("-")[:3] if n.isdigit()]
    year, month, day = (parts + [1, 1])[:3]
    fy = year + ((month - 1) + (day - 1) / 31) / 12
    return LEFT + (min(max(fy, lo), hi) - lo) / (hi - lo) * (RIGHT_PLOT - LEFT)


def _period_bar(period, y, colour, lo, hi, label):
    """A band over the span an undated grade's framework allows; open ends get an arrow."""
    if not period:
        return ""
    x0, x1 = _boundary_x(period["start"], lo, hi), _boundary_x(period["end"], lo, hi)
    open_left, open_right = x0 is None, x1 is None
    x0 = LEFT if open_left else x0
    x1 = RIGHT_PLOT if open_right else x1
    if x1 - x0 < 2:
        return ""  # the span lies outside the years shown
    h = 10
    parts = [f'<rect x="{x0:.1f}" y="{y - h / 2:.1f}" width="{x1 - x0:.1f}" height="{h}" fill="{colour}" '
             f'fill-opacity="0.15" stroke="{colour}" stroke-dasharray="4 2"/>']
    if open_left:
        parts.append(f'<polygon points="{x0 - 8:.1f},{y:.1f} {x0:.1f},{y - h / 2 - 2:.1f} {x0:.1f},{y + h / 2 + 2:.1f}" fill="{colour}"/>')
    if open_right:
        parts.append(f'<polygon points="{x1 + 8:.1f},{y:.1f} {x1:.1f},{y - h / 2 - 2:.1f} {x1:.1f},{y + h / 2 + 2:.1f}" fill="{colour}"/>')
    parts.append(f'<text x="{x0 + 4:.1f}" y="{y - h / 2 - 4:.1f}" font-size="11" fill="#111111">'
                 f'{escape(label)}, undated: {escape(period_text(period))}</text>')
    return "".join(parts)


def render(series, rank_labels, title, judgement, years=(None, None)):
    """The chart as an SVG string (no XML declaration)."""
    lo, hi = _year_range(series, years)
    span = hi - lo

    def x_of(iso):
        fy = _fractional_year(iso)
        if fy is None or not lo <= fy < hi:
            return None
        return LEFT + (fy - lo) / span * (RIGHT_PLOT - LEFT)

    rows = math.ceil(max(len(series), 1) / 3)
    height = LEGEND_Y + rows * 22 + 40
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="cafcass-trend-title cafcass-trend-desc" '
        f'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif" font-size="13">',
        f'<title id="cafcass-trend-title">{escape(title)}</title>',
        f'<desc id="cafcass-trend-desc">{escape(summary(series))}</desc>',
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        f'<text x="{LEFT}" y="24" font-size="16" font-weight="bold" fill="#111111">{escape(title)}</text>',
    ]
    # The scale: a row per rank, its words at the left.
    for rank in RANKS:
        y = _y(rank)
        out.append(f'<line x1="{LEFT}" x2="{UNDATED_X1}" y1="{y}" y2="{y}" stroke="#d0d0d0" stroke-width="1"/>')
        words = (rank_labels.get(rank) or str(rank)).split(" / ")
        lines = [" / ".join(words[:1]), " / ".join(words[1:])] if len(words) > 1 else words
        for i, line in enumerate(lines):
            suffix = " /" if i == 0 and len(lines) > 1 else ""
            dy = (i - (len(lines) - 1) / 2) * 15 + 4
            out.append(f'<text x="{LEFT - 10}" y="{y + dy:.1f}" text-anchor="end" fill="#111111">{escape(line + suffix)}</text>')
    # Time axis: a band per year, labelled at its middle.
    out.append(f'<line x1="{LEFT}" x2="{RIGHT_PLOT}" y1="{AXIS_Y}" y2="{AXIS_Y}" stroke="#555555" stroke-width="1"/>')
    band = (RIGHT_PLOT - LEFT) / span
    step = next((n for n in (1, 2, 5, 10, 25) if band * n >= 40), 50)  # labels ~30px wide
    for i in range(span + 1):
        x = LEFT + i * band
        out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" y2="{AXIS_Y + 4}" stroke="#eeeeee" stroke-width="1"/>')
        if i < span and (lo + i) % step == 0:
            out.append(f'<text x="{x + band / 2:.1f}" y="{AXIS_Y + 42}" text-anchor="middle" fill="#111111">{lo + i}</text>')
    out.append(f'<text x="{LEFT - 10}" y="{UNGRADED_Y + 4}" text-anchor="end" fill="#333333" font-size="12">no grade reported</text>')
    # The undated column.
    out.append(f'<rect x="{UNDATED_X0}" y="{TOP}" width="{UNDATED_X1 - UNDATED_X0}" height="{AXIS_Y - TOP}" '
               f'fill="#f4f4f4" stroke="#999999" stroke-dasharray="4 3"/>')
    out.append(f'<text x="{(UNDATED_X0 + UNDATED_X1) / 2}" y="{AXIS_Y + 42}" text-anchor="middle" fill="#111111">undated</text>')

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
        per_row = int((UNDATED_X1 - UNDATED_X0 - 10) // (MARK * 2 + 4))
        return UNDATED_X0 + 12 + (n % per_row) * (MARK * 2 + 4), y + (n // per_row) * 5

    for index, s in enumerate(series):
        colour, shape, dash = style_for(index)
        dated = []
        marks = []
        for p in s["points"]:
            y = _y(p["rank"])
            x = x_of(p["date"]) if p["date"] else None
            if x is None and p["date"]:
                continue  # outside the year range asked for
            extra = ""
            if x is None:
                extra = _period_bar(p.get("period"), y, colour, lo, hi, s["label"])
                x, y = undated_x(y)
            else:
                x, y = place(x, y)
                dated.append((x, y))
            marks.append(_linked(p["inspection_url"], point_title(s["label"], p), extra + _shape(shape, x, y, colour)))
        for p in s["ungraded"]:
            if p["date"]:
                x = x_of(p["date"])
                if x is None:
                    continue
                x, y = place(x, UNGRADED_Y)
            else:
                x, y = undated_x(UNGRADED_Y)
            marks.append(_linked(p["inspection_url"], point_title(s["label"], p), _shape(shape, x, y, colour, hollow=True)))
        if len(dated) > 1:
            pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in dated)
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            out.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2"{dash_attr}/>')
        out.append(f'<g class="series" data-series={_attr(s["label"])}>' + "".join(marks) + "</g>")
    if not any(s["points"] or s["ungraded"] for s in series):
        out.append(f'<text x="{(LEFT + RIGHT_PLOT) / 2}" y="{_y(2) + ROW / 2}" text-anchor="middle" fill="#333333">'
                   'No inspections match these filters.</text>')
    # Legend: swatch (shape, colour, dash) and name for every series.
    for index, s in enumerate(series):
        colour, shape, dash = style_for(index)
        x = 20 + (index % 3) * 265
        y = LEGEND_Y + (index // 3) * 22
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<line x1="{x}" x2="{x + 30}" y1="{y}" y2="{y}" stroke="{colour}" stroke-width="2"{dash_attr}/>')
        out.append(_shape(shape, x + 15, y, colour))
        out.append(f'<text x="{x + 40}" y="{y + 4}" fill="#111111">{escape(s["label"])}</text>')
    out.append(f'<text x="20" y="{height - 24}" font-size="11" fill="#333333">Filled marks: graded inspections. '
               f'Hollow marks below the time axis: inspections and visits with no {escape(judgement)} grade in the articles.</text>')
    out.append(f'<text x="20" y="{height - 10}" font-size="11" fill="#333333">Grades the articles do not date '
               'sit in the undated column, never at a guessed date; a dashed band spans the years their framework allows.</text>')
    out.append("</svg>")
    return "\n".join(out)


def markup(svg):
    """For embedding in the HTML page: the same markup, marked safe (it was escaped when built)."""
    return Markup(svg)


def standalone(svg):
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n"
