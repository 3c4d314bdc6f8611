"""Where a build's time goes: cProfile of one build, by function and by file.

    python benchmarks/profile_build.py [--n 1000] [--workdir DIR] [--warm] [--top 15]

Builds an N-article corpus (make_corpus.py, cached in WORKDIR/corpus-N-sS) in
this process under cProfile. Cold (the default): --full with one worker, so
the profile sees every article's work as well as the global step (on a real
build that work is spread over the cores); --warm: a rebuild after one
article changed, the cache warm. Prints the build's own phases (seconds),
then the functions with the most time of their own and each source file's
share of the total, counting the C functions it calls (the project's files by
their path in the package, the rest by library).
"""
import argparse
import cProfile
import pstats
import sys
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


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="corpus size (default 1000)")
    parser.add_argument("--workdir", help="folder for the corpus and database (default: a temporary folder)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--warm", action="store_true", help="profile a rebuild after one article changed")
    parser.add_argument("--top", type=int, default=15, help="functions to list (default 15)")
    args = parser.parse_args(argv)
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
