"""Ofsted's grade words and the other ways articles write them, read from the
vocabulary the build matches with (vocab/rating_words.csv), so the words the
build stores and the words the rating facet counts agree.

The rating facet folds a column's values with fold_sql() before counting them
against the rating_scale table.
"""
from ... import vocab

# Other spellings of a grade -> the word rating_scale uses (lower case).
SYNONYMS = {row["written"]: row["rating"] for row in vocab.read_csv("rating_words.csv")
            if row["written"] != row["rating"]}


def fold(word):
    """The grade word for word: lower case, outer spaces trimmed, synonyms folded.
    None stays None; a word that is no grade comes back trimmed and lower case."""
    if word is None:
        return None
    tidy = str(word).strip(" ").lower()
    return SYNONYMS.get(tidy, tidy)


def fold_sql(column_sql, prefix):
    """SQL doing what fold() does to column_sql (an already-quoted column), and its
    parameters, named prefix + number, so no word is pasted into the SQL."""
    params, whens = {}, []
    for i, (variant, word) in enumerate(sorted(SYNONYMS.items())):
        params[f"{prefix}v{i}"], params[f"{prefix}w{i}"] = variant, word
        whens.append(f"when :{prefix}v{i} then :{prefix}w{i}")
    tidy = f"lower(trim({column_sql}, ' '))"
    return f"(case {tidy} {' '.join(whens)} else {tidy} end)", params
