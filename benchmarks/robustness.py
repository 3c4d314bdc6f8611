"""How the extraction holds when the development corpus is written differently.

    python benchmarks/robustness.py [--corpus ../shared/corpus/dev] [--gold ../shared/gold/dev.yml]
                                    [--variant NAME ...] [--workdir DIR]

Writes each variant of the corpus to a scratch folder (never into the
project: the articles are third-party texts), builds it, and scores it against
the gold file (rewritten alike where a variant changes what the gold names),
with ../shared/tools/score_extraction.py. A variant is a change a real article
could have and the facts do not depend on: straight quotes, Windows line ends,
paragraphs one to a line, hard-wrapped lines, dates written month first,
grades capitalised, other people's names, no sources file. A drop against
"as is" points at a rule that holds only for the way the corpus happens to be
written. Prints one line per variant: recall, precision and the per-kind line.
"""
import argparse
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import yaml

from datasette_cafcass import vocab

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scratch  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
BIN = Path(sys.executable).parent
# The shared scorer, or the project's copy of it where ../shared is absent
SCORER = next((p for p in (SHARED / "tools" / "score_extraction.py", ROOT / "tests" / "score_extraction.py")
               if p.exists()), None)
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
RATINGS = r"outstanding|good|satisfactory|adequate|inadequate|requires improvement"
# Made-up words that the names of the gold's people become, word by word, in order.
MADE_UP = ["Bartholomew", "Fenwick", "Rosalind", "Harcourt", "Thackeray", "Miriam", "Okonjo", "Philippa",
           "Abernethy", "Declan", "Mbeki", "Imogen", "Vasquez", "Lorimer", "Quennell", "Ottoline", "Pemberton",
           "Sorensen", "Adaeze", "Whitcombe", "Ingrid", "Castellano", "Tobias", "Marchetti"]


def name_swapper(gold):
    """A function that writes the gold's people's names (read from the gold file, every word of
    them) as made-up ones, in an article and in the gold alike; lower case too, for ids."""
    data = yaml.safe_load(gold.read_text(encoding="utf-8"))
    names = [str(p.get("name", "")) for p in data.get("people") or []]
    names += [str(n) for a in (data.get("articles") or {}).values() if isinstance(a, dict)
              for n in a.get("allowed_people") or []]  # other spellings the gold accepts
    titles = {r["word"] for r in vocab.read_csv("name_words.csv") if r["kind"] in ("honorific", "peerage")}
    words = sorted(dict.fromkeys(w for n in names for w in n.split() if len(w) > 2 and w.lower() not in titles
                                 and w[:1].isupper()), key=len)  # "Baroness Tyler of Enfield": Tyler, Enfield
    made, new = {}, iter(MADE_UP)
    for w in words:  # a spelling one letter longer stays one letter longer (the gold keeps both)
        made[w] = made[w[:-1]] + w[-1] if w[:-1] in made else next(new)
    pairs = sorted(made.items(), key=lambda p: -len(p[0]))  # a longer word before a word it starts with

    def swap(text):
        for a, b in pairs:
            for x, y in ((a, b), (a.upper(), b.upper()), (a.lower(), b.lower())):
                text = re.sub(rf"\b{re.escape(x)}\b", y, text)
        return text
    return swap


def month_first(text):
    """Dates and ranges written month first, as American outlets do: "22 January and 16 February
    2024" as "January 22 and February 16, 2024", "19 and 23 September 2022" as "September 19 and
    23, 2022", "7 December 2009" as "December 7, 2009"."""
    d, m, y, join = r"(\d{1,2})(?:st|nd|rd|th)?", f"({MONTHS})", r"(\d{4})", r"(\s*(?:and|to|until|-|–)\s*)"
    text = re.sub(rf"\b{d} {m}{join}{d} {m},? {y}\b", r"\2 \1\3\5 \4, \6", text)
    text = re.sub(rf"\b{d}{join}{d} {m},? {y}\b", r"\4 \1\2\3, \5", text)
    return re.sub(rf"\b{d} {m},? {y}\b", r"\2 \1, \3", text)


def wrap(text):
    return "\n".join(textwrap.fill(line, 72, break_on_hyphens=False) if line.strip() else line
                     for line in text.split("\n"))


# name: (what it does to an article's text, what it does to the gold's text, keep the sources file)
VARIANTS = {
    "as is": (None, None, True),
    "no sources file": (None, None, False),
    "straight quotes": (lambda t: re.sub("[“”]", '"', re.sub("[‘’]", "'", t)), None, True),
    "Windows line ends": (lambda t: t.replace("\n", "\r\n"), None, True),
    "paragraphs one to a line": (lambda t: re.sub(r"\n\s*\n", "\n", t), None, True),
    "hard-wrapped at 72": (wrap, None, True),
    "dates month first": (lambda t: month_first(t), None, True),
    "grades capitalised": (lambda t: re.sub(rf"\b({RATINGS})\b", lambda m: m.group(1).title(), t), None, True),
    "other names": ("names", "names", True),  # name_swapper() of the gold
}


def score(corpus, gold, out, change, change_gold, sources):
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for path in sorted(corpus.iterdir()):
        if path.name == "sources.csv":
            if sources:
                shutil.copy(path, out / path.name)
        elif path.suffix in (".txt", ".html", ".htm"):
            text = path.read_text(encoding="utf-8")
            (out / path.name).write_text(change(text) if change else text, encoding="utf-8", newline="")
    gold_path = out.parent / f"{out.name}-gold.yml"
    text = gold.read_text(encoding="utf-8")
    gold_path.write_text(change_gold(text) if change_gold else text, encoding="utf-8")
    db = out.parent / f"{out.name}.db"
    built = subprocess.run([BIN / "cafcass-build", "--seeds", out, "--db", db, "--no-progress", "--full"],
                           capture_output=True, text=True)
    if built.returncode:
        return f"build failed: {built.stderr.strip().splitlines()[-1:]}"
    result = subprocess.run([sys.executable, SCORER, db, gold_path],
                            capture_output=True, text=True)
    lines = [ln for ln in result.stdout.splitlines() if ln.startswith(("score:", "by kind:"))]
    return " | ".join(reversed(lines)) or result.stderr.strip()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "dev")
    parser.add_argument("--gold", type=Path, default=SHARED / "gold" / "dev.yml")
    parser.add_argument("--variant", action="append", choices=list(VARIANTS), help="(default: all)")
    parser.add_argument("--workdir", help="folder for the variants (default: a temporary folder)")
    args = parser.parse_args(argv)
    for path, what in ((args.corpus, "--corpus"), (args.gold, "--gold")):
        if not path.exists():
            parser.error(f"{what} {path}: not found (the development corpus is read from ../shared)")
    with scratch.workdir(args.workdir, "cafcass-robustness-") as folder:
        for k, name in enumerate(args.variant or VARIANTS):
            change, change_gold, sources = VARIANTS[name]
            if change == "names":
                change = change_gold = name_swapper(args.gold)
            print(f"{name}: {score(args.corpus, args.gold, folder / f'v{k}', change, change_gold, sources)}",
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
