"""Where a build's time goes: cProfile of one build, by function and by file.

    python benchmarks/profile_build.py [--n 1000] [--workdir DIR] [--warm] [--top 15]
    python benchmarks/profile_build.py --stages [--n 1000] [--workdir DIR]

Builds an N-article corpus (make_corpus.py, cached in WORKDIR/corpus-N-sS) in
this process under cProfile. Cold (the default): --full with one worker, so
the profile sees every article's work as well as the global step (on a real
build that work is spread over the cores); --warm: a rebuild after one
article changed, the cache warm. Prints the build's own phases (seconds),
then the functions with the most time of their own and each source file's
share of the total, counting the C functions it calls (the project's files by
their path in the package, the rest by library).

--stages: no profiler, but a clock around each stage of one file's own work
(pipeline.work(): reading, cleaning, passages, themes, each extractor,
encoding), every file of the corpus in turn in this process, after one file
to warm up: each stage with all it calls, and no profiler's cost per call
(which adds most to code of many small calls). Prints milliseconds per file
and the share of the whole.
"""
import argparse
import cProfile
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import scratch  # noqa: E402
from bench_build import ADDED  # noqa: E402
from scratch import corpus  # noqa: E402


def where(filename):
    """A short name for a profiled function's file."""
    if "datasette_cafcass/" in filename:
        return filename.split("datasette_cafcass/", 1)[1]
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1].split("/", 1)[0] + " (library)"
    if filename.startswith("~") or filename.startswith("<"):
        return "built-in (C)"
    path = Path(filename)
    return (f"{path.parent.name}/{path.name}" if path.name == "__init__.py" else path.name) + " (standard library)"


# (module, attribute, stage): what stages() puts a clock around. The
# extractors are timed where extract_article() calls them, so inside "extract"
# (and the steps of clean() inside "clean").
STAGES = (
    ("pipeline", "read_source", "read the file"),
    ("pipeline", "clean", "clean"),
    ("clean", "html_page", "clean: parse HTML (BeautifulSoup)"),
    ("clean", "text_blocks", "clean: split plain text"),
    ("clean", "tidy", "clean: furniture"),
    ("pipeline", "lay_out", "passages"),
    ("pipeline", "article_themes", "themes of the article's rows"),
    ("pipeline", "extract_article", "extract"),
    ("extract", "Reading", "extract: reading (sentences, quotations, spans)"),
    ("extract", "read_people", "extract: people and quotes"),
    ("extract", "Inspections", "extract: inspections"),
    ("extract", "Grades", "extract: grades"),
    ("extract", "Findings", "extract: findings"),
    ("extract", "figures", "extract: figures"),
    ("extract", "events", "extract: events"),
    ("extract", "person_mentions", "extract: mentions"),
    ("pipeline", "encode", "encode the result (JSON)"),
)


def _clocked(fn, clock, stage):
    """fn, its time added to stage by clock (the build's own pipeline.Clock); a
    class's instances have their read() timed too (Grades and Findings do their
    work there)."""
    if isinstance(fn, type) and hasattr(fn, "read"):
        class Clocked(fn):
            def __init__(self, *a, **k):
                with clock(stage):
                    super().__init__(*a, **k)

            def read(self, *a, **k):
                with clock(stage):
                    return super().read(*a, **k)
        return Clocked

    def clocked(*a, **k):
        with clock(stage):
            return fn(*a, **k)
    return clocked


def stages(folder):
    """(seconds in all, files, {stage: seconds}) of pipeline.work() on every file under folder."""
    from datasette_cafcass.builder import clean, extract, pipeline
    from datasette_cafcass.builder.sources import find_relative

    modules = {"pipeline": pipeline, "extract": extract, "clean": clean}
    totals = defaultdict(float)
    clock = pipeline.Clock(totals)
    saved = [(modules[m], name, getattr(modules[m], name)) for m, name, _ in STAGES]
    rels = find_relative(folder)
    pipeline.work(folder / rels[0], folder, None)  # imports, compiled patterns, caches
    try:
        for (m, name, stage), (_, _, fn) in zip(STAGES, saved):
            setattr(modules[m], name, _clocked(fn, clock, stage))
        start = time.perf_counter()
        for rel in rels:
            pipeline.work(folder / rel, folder, None)
        whole = time.perf_counter() - start
    finally:
        for module, name, fn in saved:
            setattr(module, name, fn)
    return whole, len(rels), totals


def print_stages(n, whole, files, totals):
    print(f"one file's own work (pipeline.work), {files:,} files of a {n:,}-article corpus in one process, "
          f"no profiler: {whole:.2f} s, {1000 * whole / files:.2f} ms a file\n")
    print("| stage | ms a file | share |\n|---|---:|---:|")
    named = sum(v for k, v in totals.items() if ": " not in k)
    rows = [(stage, totals[stage]) for _, _, stage in STAGES]
    for outer, rest, before in (("clean", "clean: the rest (headline, byline, footer)", "passages"),
                                ("extract", "extract: the rest (its results as rows)", "encode the result (JSON)")):
        inside = sum(v for k, v in totals.items() if k.startswith(outer + ": "))
        rows.insert([s for s, _ in rows].index(before), (rest, totals[outer] - inside))
    rows.append(("the rest of work() (building rows, hashing)", whole - named))
    for stage, seconds in rows:
        print(f"| {stage} | {1000 * seconds / files:.3f} | {100 * seconds / whole:.1f}% |")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="corpus size (default 1000)")
    parser.add_argument("--workdir", help="folder for the corpus and database (default: a temporary folder)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--warm", action="store_true", help="profile a rebuild after one article changed")
    parser.add_argument("--top", type=int, default=15, help="functions to list (default 15)")
    parser.add_argument("--stages", action="store_true",
                        help="time each stage of a file's own work, without a profiler")
    args = parser.parse_args(argv)
    if args.stages:
        with scratch.workdir(args.workdir, "cafcass-profile-") as workdir:
            print_stages(args.n, *stages(corpus(workdir, args.n, args.seed)))
        return 0
    from datasette_cafcass.builder.pipeline import build

    with scratch.workdir(args.workdir, "cafcass-profile-") as workdir:
        folder = corpus(workdir, args.n, args.seed)
        db = workdir / f"profile-{args.n}.db"
        changed = sorted(p for p in folder.iterdir() if p.suffix == ".txt")[args.n // 2 if args.n > 1 else 0]
        original = changed.read_bytes()
        if args.warm:
            build(folder, db)  # the cache filled
            changed.write_bytes(original + ADDED.encode())
        profile = cProfile.Profile()
        try:
            profile.enable()
            report = build(folder, db, full=not args.warm, workers=None if args.warm else 1)
            profile.disable()
        finally:
            changed.write_bytes(original)
        stats = pstats.Stats(profile)
        total = stats.total_tt
        print(f"{'rebuild after one change' if args.warm else 'full build, one process'} of {args.n:,} articles: "
              f"{total:.1f} s under cProfile ({report.cached} from the cache, {report.worked} worked out)\n")
        print("phases (s):", ", ".join(f"{k} {v:.2f}" for k, v in report.timings.items()), "\n")
        rows = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])
        print("| function | file | own s | share | calls |\n|---|---|---:|---:|---:|")
        for (filename, line, name), (cc, nc, tt, ct, callers) in rows[:args.top]:
            print(f"| `{name}` | {where(filename)}:{line} | {tt:.2f} | {100 * tt / total:.1f}% | {nc:,} |")
        # Time in C functions (regex, str methods, sqlite3, json) counts for the
        # file that called them: that is where it would be saved.
        by_file = {}
        for (filename, _, _), (_, _, tt, _, callers) in stats.stats.items():
            if where(filename) == "built-in (C)" and callers:
                for (caller_file, _, _), (_, _, ctt, _) in callers.items():
                    by_file[where(caller_file)] = by_file.get(where(caller_file), 0.0) + ctt
            else:
                by_file[where(filename)] = by_file.get(where(filename), 0.0) + tt
        print("\n| file (with the C functions it calls) | s | share |\n|---|---:|---:|")
        for name, tt in sorted(by_file.items(), key=lambda kv: -kv[1])[:args.top]:
            print(f"| {name} | {tt:.2f} | {100 * tt / total:.1f}% |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
