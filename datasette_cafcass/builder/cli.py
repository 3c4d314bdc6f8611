"""cafcass-build: build the SQLite database from a folder of articles."""
import argparse
import signal
import sys

from .pipeline import BuildError, build


def progress_bar(items):
    """Yield items, drawing a bar on stderr when it is a terminal."""
    total = len(items)
    if not sys.stderr.isatty() or not total:
        yield from items
        return
    for i, item in enumerate(items, 1):
        done = int(30 * i / total)
        sys.stderr.write(f"\rreading [{'#' * done}{'.' * (30 - done)}] {i}/{total}")
        sys.stderr.flush()
        yield item
    sys.stderr.write("\n")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="cafcass-build", description=__doc__)
    parser.add_argument("--seeds", default="seeds", help="folder of .txt/.html/.htm articles (default: seeds)")
    parser.add_argument("--db", default="cafcass.db", help="database to write (default: cafcass.db)")
    parser.add_argument("--strict", action="store_true", help="exit non-zero when any file gets a warning")
    parser.add_argument("--corrections", metavar="PATH", help="corrections file (default: corrections.yml in the seeds folder, if any)")
    args = parser.parse_args(argv)
    # SIGTERM (kill, a CI timeout) unwinds like Ctrl-C, so the temporary file goes too.
    signal.signal(signal.SIGTERM, _terminate)
    try:
        report = build(args.seeds, args.db, progress=progress_bar, strict=args.strict,
                       corrections=args.corrections)
    except BuildError as e:
        for w in e.report.warnings if e.report else []:
            print(f"warning: {w}", file=sys.stderr)
        print(f"cafcass-build: error: {e}; the previous database, if any, is unchanged", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("cafcass-build: interrupted; the previous database, if any, is unchanged", file=sys.stderr)
        return 130
    for w in report.warnings:
        print(f"warning: {w}", file=sys.stderr)
    facts = ", ".join(f"{n} {k}" for k, n in report.facts.items())
    print(f"{args.db}: {report.files} files read, {report.articles} articles, {report.passages} passages, "
          f"{report.briefs} briefs; {facts}; {len(report.warnings)} warnings", file=sys.stderr)
    return 0


def _terminate(signum, frame):
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
