"""One long article: is every step of the build linear in its size?

    python benchmarks/bench_article.py [--sizes 25000 50000 100000 200000]
                                       [--form text html lines] [--workdir DIR] [--repeat 1]

For each form and size, writes one article whose body is a single paragraph
of that many characters (the seed articles' text, flattened and repeated, so
the extraction has grades, quotes, figures and dates to find):
- text:  a headline, a blank line, then the paragraph on one line;
- html:  the same as one <p> of an HTML page;
- lines: the paragraph hard-wrapped at 80 columns with no blank line (a PDF
         copied to text).
Then times, in this process, each step of the per-article work (read, clean,
lay out passages, extract_article, themes, the JSON round trip; the fastest of
5 runs, the extraction once) and the global step (combine, load); and, as subprocesses, the whole `cafcass-build --full`
of a folder holding just that article against the plain sqlite-utils load of
the same folder (insert-files --text, then enable-fts). Prints a table per
form, the growth of each step from the smallest size to the largest (linear
is the size ratio; a step growing more than 1.5 times that is flagged
SUPERLINEAR) and the target: the largest article built in under 1 s; then
the fixed cost, the whole build of a one-sentence article (starting Python,
the imports and their patterns, the database, the cache: what any build pays).
--no-extract times only the steps before the extraction (and themes, JSON), so
sizes far beyond what the extraction can do show whether they stay linear.
"""
import argparse
import json
import re
import shutil
import sys
import textwrap
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import scratch  # noqa: E402
from bench_build import BIN, measure  # noqa: E402

TARGET_S = 1.0
CHEAP_RUNS = 5  # runs of each step but the extraction, the fastest kept
STEPS = ("read", "clean", "lay out", "extract", "themes", "json", "combine + load")


def paragraph(size):
    """size characters of the seeds' sentences, flattened into one paragraph."""
    text = " ".join(re.sub(r"\s+", " ", p.read_text(encoding="utf-8")) for p in sorted((ROOT / "seeds").glob("*.txt")))
    out = (text + " ") * (size // len(text) + 1)
    return out[:size].rsplit(" ", 1)[0] + "."


def article(form, size):
    """(file name, contents) of the article."""
    body = paragraph(size)
    title = "Cafcass inspection: the whole report"
    if form == "text":
        return "long.txt", f"{title}\n\n{body}\n"
    if form == "lines":
        return "long.txt", f"{title}\n\n" + "\n".join(textwrap.wrap(body, 80)) + "\n"
    return "long.html", (f"<!doctype html><html><head><title>{title}</title></head><body><article>"
                         f"<h1>{title}</h1><p>{body}</p></article></body></html>")


def steps(folder, name, out, extract=True):
    """Seconds of each step of building folder (one article) into out, in this
    process; without extract, the extraction and the steps after it are left out."""
    from datasette_cafcass import vocab
    from datasette_cafcass.builder import pipeline
    from datasette_cafcass.builder.clean import about_cafcass, clean
    from datasette_cafcass.builder.corrections import apply_corrections
    from datasette_cafcass.builder.extract import combine, extract_article
    from datasette_cafcass.builder.passages import lay_out
    from datasette_cafcass.builder.sources import read_source

    took = {}

    def timed(step, fn, *args, times=CHEAP_RUNS):
        """fn(*args), timed: the fastest of `times` runs (steps of a few ms
        vary more than that from run to run; the extraction runs once)."""
        best = None
        for _ in range(times):
            start = time.perf_counter()
            value = fn(*args)
            elapsed = time.perf_counter() - start
            best = elapsed if best is None else min(best, elapsed)
        took[step] = best
        return value

    source = timed("read", read_source, folder / name, folder)
    art = timed("clean", clean, source)
    body, parts, _ = timed("lay out", lay_out, art.blocks)
    row = {"id": art.id, "source_file": art.source_file, "sha256": art.sha256, "title": art.title,
           "author": art.author, "published": art.published, "published_basis": art.published_basis,
           "outlet": art.outlet, "url": art.url, "body": body, "word_count": len(body.split()),
           "about_cafcass": about_cafcass(art.title, body)}
    passages = [{"id": f"{art.id}-{p['seq']}", "article_id": art.id, **p} for p in parts]
    timed("themes", pipeline.themes_of, "passages", passages)
    timed("json", lambda e: json.loads(json.dumps(e, ensure_ascii=False)), {"passages": passages})
    if not extract:
        return took, max(len(p["text"]) for p in passages)
    extracted = timed("extract", extract_article, row, passages, times=1)

    def combine_and_load():
        facts, _, _ = apply_corrections(combine([extracted]), {art.id: row}, {art.id: passages}, None)
        pipeline.write_database(out, {"articles": [row], "passages": passages, **facts,
                                      "rating_scale": vocab.read_csv("rating_scale.csv"),
                                      "eras": vocab.read_csv("eras.csv"), "themes": vocab.read_csv("themes.csv")})

    timed("combine + load", combine_and_load, times=1)
    return took, max(len(p["text"]) for p in passages)


def bench(form, size, workdir, repeat, extract=True):
    folder = Path(workdir) / f"{form}-{size}"
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "in").mkdir(parents=True)
    name, text = article(form, size)
    (folder / "in" / name).write_text(text, encoding="utf-8")
    took, longest = steps(folder / "in", name, folder / "steps.db", extract)
    if not extract:
        return {"form": form, "size": size, "longest": longest, **took}
    db, base = folder / "cafcass.db", folder / "baseline.db"
    builds, bases = [], []
    for _ in range(repeat):
        for p in (db, base):
            p.unlink(missing_ok=True)
        builds.append(measure([BIN / "cafcass-build", "--seeds", folder / "in", "--db", db, "--full"])[0])
        bases.append(measure([BIN / "sqlite-utils", "insert-files", base, "files", folder / "in", "--text", "--silent"])[0]
                     + measure([BIN / "sqlite-utils", "enable-fts", base, "files", "content", "--tokenize", "porter"])[0])
    return {"form": form, "size": size, "longest": longest, **took, "build": min(builds), "base": min(bases)}


def fixed_cost(workdir, repeat):
    """Seconds of the whole build of a folder holding one article of one
    sentence (the fastest of repeat): what a build costs besides its articles."""
    folder = Path(workdir) / "fixed"
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "in").mkdir(parents=True)
    (folder / "in" / "short.txt").write_text("Cafcass inspection\n\nOfsted rated Cafcass good in 2019.\n",
                                             encoding="utf-8")
    db = folder / "cafcass.db"
    builds = []
    for _ in range(repeat):
        db.unlink(missing_ok=True)
        builds.append(measure([BIN / "cafcass-build", "--seeds", folder / "in", "--db", db, "--full"])[0])
    return min(builds)


def report(rows):
    steps_ = [s for s in STEPS if s in rows[0]]
    whole = "build" in rows[0]
    lines = []
    forms = sorted({r["form"] for r in rows}, key=["text", "html", "lines"].index)
    verdicts = []
    for form in forms:
        mine = sorted((r for r in rows if r["form"] == form), key=lambda r: r["size"])
        lines += [f"form: {form}", "",
                  "| characters | longest passage | " + " | ".join(f"{s} s" for s in steps_)
                  + (" | whole build s | baseline s | ratio |" if whole else " |"),
                  "|" + "---:|" * (len(steps_) + (5 if whole else 2))]
        for r in mine:
            lines.append(f"| {r['size']:,} | {r['longest']:,} | " + " | ".join(f"{r[s]:.3f}" for s in steps_)
                         + (f" | {r['build']:.2f} | {r['base']:.2f} | {r['build'] / r['base']:.2f}x |"
                            if whole else " |"))
        lines.append("")
        if len(mine) > 1:
            first, last = mine[0], mine[-1]
            linear = last["size"] / first["size"]
            grow = []
            for s in tuple(steps_) + (("build",) if whole else ()):
                g = last[s] / first[s] if first[s] > 0.0005 else None
                flag = " SUPERLINEAR" if g and g > 1.5 * linear and last[s] > 0.05 else ""
                grow.append(f"{s} {g:.1f}x{flag}" if g else f"{s} -")
            lines.append(f"growth {first['size']:,} -> {last['size']:,} characters (linear: {linear:.0f}x): "
                         + ", ".join(grow))
        last = mine[-1]
        if whole:
            verdicts.append(f"{form}, {last['size']:,} characters: whole build {last['build']:.2f} s "
                            f"(target: under {TARGET_S:g} s) {'met' if last['build'] < TARGET_S else 'MISSED'}")
        lines.append("")
    return "\n".join(lines + verdicts)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25000, 50000, 100000, 200000],
                        help="paragraph lengths in characters (default 25000 50000 100000 200000)")
    parser.add_argument("--form", nargs="+", choices=["text", "html", "lines"], default=["text", "html", "lines"])
    parser.add_argument("--workdir", help="folder for the articles and databases (default: a temporary folder)")
    parser.add_argument("--repeat", type=int, default=1, help="whole builds of each, the fastest kept (default 1)")
    parser.add_argument("--no-extract", action="store_true",
                        help="leave out the extraction and what follows it (to try sizes the extraction "
                             "would take hours over)")
    args = parser.parse_args(argv)
    if any(s < 1000 for s in args.sizes) or args.repeat < 1:
        parser.error("--sizes must be at least 1000 and --repeat at least 1")
    with scratch.workdir(args.workdir, "cafcass-article-") as folder:
        rows = []
        for form in args.form:
            for size in sorted(args.sizes):
                print(f"bench_article: {form}, {size:,} characters ...", file=sys.stderr)
                rows.append(bench(form, size, folder, args.repeat, extract=not args.no_extract))
        print(report(rows))
        if not args.no_extract:
            print(f"fixed cost: the whole build of a one-sentence article {fixed_cost(folder, args.repeat):.2f} s "
                  f"(Python, imports and their patterns, the database, the cache)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
