"""The cleaned body and its passages, with character offsets into the body."""
import re

from .blocks import squash

INSPECTORATES = (
    ("HM Inspectorate of Prisons", r"\b(hm inspectorate of prisons|prisons inspectorate|hmip)\b"),
    ("HM Inspectorate of Probation", r"\b(hm inspectorate of probation|probation inspectorate)\b"),
    ("Care Quality Commission", r"\b(care quality commission|cqc)\b"),
    ("Ofsted", r"\bofsted\b"),
    ("Care Inspectorate Wales", r"\bcare inspectorate wales\b"),
    ("HM Inspectorate of Constabulary", r"\b(hmicfrs|hmic|inspectorate of constabulary)\b"),
)


def inspectorate(text):
    """The first inspectorate a text names, by its official name."""
    hits = [(m.start(), name) for name, pattern in INSPECTORATES
            for m in [re.search(pattern, text, re.I)] if m]
    return min(hits)[1] if hits else None


def lay_out(blocks):
    """(body, passages, briefs) from cleaned blocks; passages and briefs are
    dicts without ids, in order, briefs pointing at their passage by seq."""
    parts, passages, briefs = [], [], []
    offset = 0
    for b in blocks:
        text = squash(b.text)
        if not text:
            continue
        if parts:
            offset += 2  # the blank line between passages
        seq = len(passages) + 1
        passages.append({"seq": seq, "kind": b.kind, "text": text,
                         "char_start": offset, "char_end": offset + len(text)})
        if b.kind == "brief":
            briefs.append({"seq": len(briefs) + 1, "sector": b.sector, "text": text,
                           "inspectorate": inspectorate(text), "passage_seq": seq})
        parts.append(text)
        offset += len(text)
    return "\n\n".join(parts), passages, briefs
