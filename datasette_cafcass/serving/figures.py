"""How a figure reads on a page: the number formatted, its unit in words, its
qualifier kept ("more than 300"), what it counts and the year it refers to.
The stored values stay as they are (JSON and CSV give the plain number)."""

UNITS = {
    "count": "",
    "gbp": "pounds",
    "percent": "per cent",
    "days": "days",
    "weeks": "weeks",
    "months": "months",
    "years": "years",
}


def number(value):
    """140000.0 -> '140,000'; 3.5 -> '3.5'; None -> ''."""
    if value is None:
        return ""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


def unit_words(unit):
    """GBP -> 'pounds', percent -> 'per cent'; an unknown unit as it is."""
    if unit is None:
        return ""
    return UNITS.get(str(unit).lower(), str(unit)) or "a count"


def amount(fig):
    """The figure as the article gives it, else built from its parts: 'more than 300',
    '£3.3m', 'about 54 per cent'."""
    text = (fig.get("text") or "").strip()
    qualifier = (fig.get("qualifier") or "").strip()
    if not text:
        unit = unit_words(fig.get("unit"))
        unit = "" if unit == "a count" else unit
        text = " ".join(x for x in (number(fig.get("value")), unit) if x)
    if qualifier and not text.lower().startswith(qualifier.lower()):
        text = f"{qualifier} {text}"
    return text


def describe(fig):
    """'£3.3m: cost of sickness (2009/10)': the amount, what is counted, the year."""
    out = amount(fig)
    if fig.get("label"):
        out += f": {fig['label']}"
    if fig.get("year"):
        out += f" ({fig['year']})"
    return out
