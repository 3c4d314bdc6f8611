"""cafcass-build: build the SQLite database from a folder of articles."""
import gc
import signal
import sys

import click

INTERRUPTED = 130  # what a shell reports for a command stopped by Ctrl-C


def progress(total):
    """The progress bar for `total` files, on stderr."""
    return click.progressbar(length=total, label="building", file=sys.stderr, show_pos=True)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="datasette-cafcass")
@click.option("--seeds", default="seeds", show_default=True, metavar="FOLDER",
              help="Folder of .txt, .html and .htm articles (and an optional sources.csv or sources.yml).")
@click.option("--db", default="cafcass.db", show_default=True, metavar="PATH", help="Database to write.")
@click.option("--strict", is_flag=True, help="Fail, writing nothing, when any file gets a warning.")
@click.option("--full", is_flag=True, help="Work every article out again, ignoring the build cache (it is refilled).")
@click.option("--workers", type=click.IntRange(min=1), default=None, metavar="N",
              help="Processes working on articles (default: one per core).")
@click.option("--no-progress", is_flag=True, help="No progress bar.")
@click.option("--timings", is_flag=True, help="Say how long each phase of the build took.")
@click.option("--corrections", metavar="PATH",
              help="Corrections file (default: corrections.yml in the seeds folder, if any).")
@click.pass_context
def cli(ctx, seeds, db, strict, full, workers, no_progress, timings, corrections):
    """Build the Cafcass inspections database from a folder of articles.

    Each article's own work (reading, cleaning, passages, facts) runs on all
    cores and is kept in a build cache beside the database (DB.cache), so a
    rebuild works out again only the files that changed. The database is
    written to a temporary file and renamed into place when the build has
    succeeded: a failed or interrupted build leaves the previous one as it was.

    Exit status: 0 built; 1 the build failed (the message says why); 2 bad
    options; 130 interrupted (Ctrl-C or SIGTERM).
    """
    # Imported here, not at the top: the builder and its patterns are most of
    # the start-up, and --help, --version and bad options need none of it.
    from .cache import cache_path
    from .pipeline import BuildError, build

    try:
        # a bar only on a terminal (in a log, click would print its label alone)
        bar = progress if sys.stderr.isatty() and not no_progress else None
        report = build(seeds, db, progress=bar, strict=strict,
                       workers=workers, full=full, corrections=corrections)
    except BuildError as e:
        for w in e.report.warnings if e.report else []:
            click.echo(f"warning: {w}", err=True)
        click.echo(f"cafcass-build: error: {e}; the previous database, if any, is unchanged", err=True)
        ctx.exit(1)
    for w in report.warnings + report.cache_warnings:
        click.echo(f"warning: {w}", err=True)
    facts = ", ".join(f"{n} {k}" for k, n in report.facts.items())
    click.echo(f"{db}: {report.files} files read, {report.articles} articles, {report.passages} passages, "
               f"{report.briefs} briefs; {facts}; {len(report.warnings)} warnings", err=True)
    where = f"refilled (--full) in {cache_path(db)}" if full else f"in {cache_path(db)}"
    click.echo(f"{db}: {report.cached} articles from the build cache, {report.worked} worked out; cache {where}",
               err=True)
    click.echo(f"{db}: {written(report)}", err=True)
    if timings:
        for phase, seconds in report.timings.items():
            click.echo(f"{db}: {seconds:8.2f} s  {phase}", err=True)


def written(report):
    """What the build did to the database file, in words (builder/patch.py)."""
    if report.written == "unchanged":
        return "nothing changed: the database file is as it was"
    if report.written == "patched" and report.facts_kept:
        return "patched the last build's database (its articles; the facts as they were, since the changed " \
               "articles give the same)"
    if report.written == "patched":
        return f"patched the last build's database ({report.rows_changed} fact rows changed)"
    return f"wrote every row ({report.why_all})" if report.why_all else "wrote every row"


def main(argv=None):
    """The console script: cli() with Ctrl-C and SIGTERM turned into exit 130
    and a message (the pipeline has removed its temporary file by then)."""
    # SIGTERM (kill, a CI timeout) unwinds like Ctrl-C, so the temporary file goes too.
    signal.signal(signal.SIGTERM, _terminate)
    # Nearly every object made from here on, the builder's modules' as the
    # build's, lives to the end (build() says the same of its own), so the
    # garbage collector's passes would find nothing: none, then, while the
    # builder is imported either.
    gc.disable()
    try:
        status = cli.main(args=argv, prog_name="cafcass-build", standalone_mode=False)
    except (KeyboardInterrupt, click.exceptions.Abort):  # Abort: click's own word for Ctrl-C
        click.echo("cafcass-build: interrupted; the previous database, if any, is unchanged", err=True)
        return INTERRUPTED
    except click.ClickException as e:  # a bad option: click's message, exit 2
        e.show()
        return e.exit_code
    finally:
        # The process ends now, and everything in it with it: without this the
        # collector's last pass on the way out (made even with it disabled)
        # walks every object the build and its modules made, which took longer
        # than building a small article. Everything the build opened is closed.
        gc.freeze()
    return status if isinstance(status, int) else 0


def _terminate(signum, frame):
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
