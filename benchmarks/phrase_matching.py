"""spaCy's rule-based matching against our own phrase matcher, on the same
passages and the same vocabulary (README: "Why not spaCy").

    python benchmarks/make_corpus.py 300 /tmp/c300
    python -m venv /tmp/spacyenv && /tmp/spacyenv/bin/pip install spacy pyyaml sqlite-utils beautifulsoup4
    /tmp/spacyenv/bin/python benchmarks/phrase_matching.py /tmp/c300

spaCy is not a dependency of this project: run this in a throwaway environment.
"""
import glob
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import spacy  # noqa: E402
from spacy.matcher import PhraseMatcher  # noqa: E402

from datasette_cafcass import vocab  # noqa: E402
from datasette_cafcass.builder.extract.reading import LEXICONS  # noqa: E402
from datasette_cafcass.builder.extract.vocabulary import Words, plain, scan  # noqa: E402

folder = sys.argv[1] if len(sys.argv) > 1 else "/tmp/c300"
texts = []
for f in sorted(glob.glob(f"{folder}/*.txt")):
    for para in open(f, encoding="utf-8").read().split("\n\n"):
        if para.strip():
            texts.append(plain(para.strip()))
nwords = sum(len(t.split()) for t in texts)

nlp = spacy.blank("en")
matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
cols = {"ratings": ("rating_words.csv", "written"), "judgements": ("judgements.csv", "phrase"),
        "areas": ("areas.csv", "alias"), "orgs": ("organisations.csv", "alias"), "grade_verbs": ("grade_words.csv", "word"),
        "inspections": ("inspection_words.csv", "phrase"), "cues": ("cues.csv", "cue"),
        "finding_cues": ("finding_cues.csv", "cue"), "speech_verbs": ("speech_verbs.csv", "verb"),
        "graded_bodies": ("graded_bodies.csv", "word")}
for label, (name, col) in cols.items():
    phrases = [r[col] for r in vocab.read_csv(name)]
    matcher.add(label, [nlp.make_doc(p) for p in phrases])

def best(f, n=3):
    times = []
    for _ in range(n):
        t0 = time.process_time(); f(); times.append(time.process_time() - t0)
    return min(times)

t_tok = best(lambda: [nlp.make_doc(t) for t in texts])
t_spacy = best(lambda: [matcher(nlp.make_doc(t)) for t in texts])
t_ours = best(lambda: [scan(Words(t), LEXICONS) for t in texts])
print(f"{len(texts)} passages, {nwords} words")
print(f"spaCy blank tokenizer only: {t_tok:.3f} s ({nwords / t_tok:,.0f} words/s)")
print(f"spaCy tokenizer + PhraseMatcher: {t_spacy:.3f} s")
print(f"our Words + one-pass scan: {t_ours:.3f} s ({t_spacy / t_ours:.1f}x faster)")
