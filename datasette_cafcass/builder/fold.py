"""Lower-case text that case-sensitive patterns can search instead of the text.

re.IGNORECASE costs: a case-insensitive pattern tried at every character of a
passage is about three times as slow as the same pattern in lower case over
the text in lower case, and a plain substring test (is "today" in it at all?)
is a hundred times quicker still. folded() says when the lower-case text may
stand in for the text.
"""


def folded(text):
    """text.lower() when a lower-case ASCII pattern finds in it just what the
    same pattern with re.IGNORECASE finds in text, at the same offsets; else
    None. So it is unless lower() changes a length ("İ") or the text has one of
    the two letters that re.IGNORECASE alone takes for an ASCII one (dotless ı
    for i, long ſ for s). lower() leaves every character a word character, a
    digit or white space as it was, so \\b, \\w, \\d and \\s read the same in both;
    and without a capital sigma (whose lower case depends on what follows it)
    low[a:b] is text[a:b].lower() for any a and b."""
    low = text.lower()
    if len(low) != len(text) or "ı" in text or "ſ" in text or "Σ" in text:
        return None
    return low


def mentions_any(low, words):
    """Might the text whose folded() form is low contain one of words (lower-case
    literals)? True when low is None (the text could not be folded)."""
    return low is None or any(w in low for w in words)
