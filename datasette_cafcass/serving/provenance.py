"""Provenance: how a fact came to be in the database, said on every page that shows one.

A fact is the machine's reading (its `rule`, the construction of the extraction
that found it, here in words people can read) or a person's (`rule` "by hand",
a fact corrections.yml added). Any row a corrections.yml entry made or changed
names it in `correction_id`: pages show "corrected by hand: <reason>" with the
entry's source. A judgement or inspection whose readings disagree is `disputed`:
pages show "disputed: <shown_because>" with every reading one click away.

Everything a page needs is read in one query per kind (corrections by id,
judgements by id), never one per fact. The notes' HTML is made here, escaped
by markupsafe, rather than by a template included once per fact: Datasette's
templates render asynchronously, and an include per fact was most of a long
list's time.
"""
from urllib.parse import urlencode

from markupsafe import Markup, escape

from .. import vocab
from .pages import _PLAIN, can_view, row_url, safe_link, table_path

BY_HAND = "by hand"  # the rule of a fact a person added (builder/corrections.py)

# The extraction's rules (README: "How facts are extracted") as a reader would
# say them, from vocab/rules.csv; a rule not listed there is shown by its name alone.
RULE_WORDS = {r["rule"]: r["words"] for r in vocab.read_csv("rules.csv")}
DATED = "dated "  # events and inspection dates: "dated inspection", "dated report", ...


def rule_words(rule):
    """The rule in words, or None when there is nothing to say beyond its name."""
    if not rule:
        return None
    if rule in RULE_WORDS:
        return RULE_WORDS[rule]
    if rule.startswith(DATED) and rule[len(DATED):].strip():
        kind = rule[len(DATED):].strip()
        return f"a date in a sentence about {'an' if kind[0] in 'aeiou' else 'a'} {kind}"
    return None


def found_by(rule):
    """Who read a fact, in a few words: a person, or which rule of the extraction."""
    if rule == BY_HAND:
        return "added by hand"
    if not rule:
        return "read by the extraction (no rule recorded)"
    return f"found by the rule “{rule}”"


async def corrections(datasette, request, db, ids):
    """{correction id: {id, reason, source, source_href}} for the ids given, in one
    query; None when the actor may not see the corrections table (pages then say
    "corrected by hand" without the entry)."""
    ids = sorted({i for i in ids if i})
    if not ids:
        return {}
    if not await db.table_exists("corrections") or not await can_view(datasette, request, "corrections"):
        return None
    params = {f"c{n}": i for n, i in enumerate(ids)}
    found = await db.execute(
        f"select id, reason, source from corrections where id in ({', '.join(':' + k for k in params)})", params)
    return {r["id"]: {"id": r["id"], "reason": r["reason"], "source": r["source"],
                      "source_href": safe_link(r["source"])} for r in found.rows}


def correction(datasette, row, known):
    """The correction of a row ({id, reason, source, source_href, href}), or None
    when it has none. known: what corrections() returned."""
    cid = row.get("correction_id")
    if not cid:
        return None
    if known is None:  # the corrections table is not visible to this actor
        return {"id": cid, "reason": None, "source": None, "source_href": None, "href": None}
    c = dict(known.get(cid) or {"id": cid, "reason": None, "source": None, "source_href": None})
    c["href"] = row_url(datasette, "corrections", cid)
    return c


def note(datasette, row, known, fact=True):
    """What a page says of a row's provenance: {rule, by_hand, found_by, words, corrected}.
    fact: the row has a rule (a fact table's); else only its correction is said."""
    rule = row.get("rule") if fact else None
    n = {
        "rule": rule,
        "by_hand": rule == BY_HAND,
        "found_by": found_by(rule) if fact else None,
        "words": rule_words(rule) if fact else None,
        "corrected": correction(datasette, row, known),
    }
    n["html"], n["html_full"] = note_html(n), note_html(n, full=True)
    return n


def note_html(n, full=False):
    """The note as HTML: the rule (its words as the title, or after it when full)
    and "corrected by hand: reason (source: ...)"; the source a link only when it
    is a web address. Every value is escaped (escape() and f-strings: a page may
    carry hundreds of these, and Markup.format is several times slower)."""
    parts = []
    if n.get("found_by"):
        css = "cafcass-rule cafcass-by-hand" if n.get("by_hand") else "cafcass-rule"
        found, words = escape(n["found_by"]), escape(n.get("words") or "")
        if words and full:
            parts.append(f'<span class="{css}">{found}: {words}</span>')
        elif words:
            parts.append(f'<span class="{css}" title="{words}">{found}</span>')
        else:
            parts.append(f'<span class="{css}">{found}</span>')
    c = n.get("corrected")
    if c:
        label = f'<a href="{escape(c["href"])}">corrected by hand</a>' if c.get("href") else "corrected by hand"
        reason = f": {escape(c['reason'])}" if c.get("reason") else ""
        if c.get("source_href"):
            source = f' (source: <a href="{escape(c["source_href"])}" rel="nofollow noopener">{escape(c["source"])}</a>)'
        elif c.get("source"):
            source = f" (source: {escape(c['source'])})"
        else:
            source = ""
        parts.append(f'<span class="cafcass-corrected"><strong>{label}</strong>{reason}{source}</span>')
    return Markup(" · ".join(parts))


def title(n):
    """The note as plain text, for a title attribute (escaped where it is used)."""
    parts = []
    if n.get("found_by"):
        parts.append(n["found_by"] + (f": {n['words']}" if n.get("words") else ""))
    if n.get("corrected"):
        parts.append(corrected_text(n["corrected"]))
    return "; ".join(parts)


def corrected_text(c):
    text = "corrected by hand" + (f": {c['reason']}" if c.get("reason") else "")
    return text + (f" (source: {c['source']})" if c.get("source") else "")


def readings_url(datasette, table, key):
    """Every reading of a disputed row: its judgement's sentences or its inspection's dates."""
    column = {"judgement_evidence": "judgement_id", "inspection_dates": "inspection_id"}[table]
    key = str(key)  # the build's ids need no encoding (urlencode() is slow Python, and a page asks per row)
    return f"{table_path(datasette, table)}?{column}={key}" if _PLAIN(key) else \
        f"{table_path(datasette, table)}?{urlencode({column: key})}"


def dispute(datasette, row, kind):
    """{because, readings, href} for a disputed judgement (kind "judgement") or
    inspection ("inspection"); None when the row is not disputed."""
    if not row.get("disputed"):
        return None
    if kind == "judgement":
        d = {"because": row.get("shown_because"), "readings": row.get("ratings_seen"),
             "href": readings_url(datasette, "judgement_evidence", row["id"]), "what": "grade"}
    else:
        d = {"because": row.get("shown_because"), "readings": row.get("dates_seen"),
             "href": readings_url(datasette, "inspection_dates", row["id"]), "what": "dates"}
    d["html"] = dispute_html(d)
    return d


def dispute_html(d, what=False):
    """"disputed: <which reading is shown and why> · every reading (...)", the last a link.
    what: name what is disputed (grade, dates)."""
    named = f" ({escape(d['what'])})" if what else ""
    readings = f" ({escape(d['readings'])})" if d.get("readings") else ""
    return Markup(f'<span class="cafcass-disputed"><strong>disputed</strong>{named}: '
                  f'{escape(d.get("because") or "the articles disagree")} · '
                  f'<a href="{escape(d["href"])}">every reading{readings}</a></span>')


def dispute_text(d):
    return "disputed: " + (d.get("because") or f"the articles disagree ({d.get('readings')})")
