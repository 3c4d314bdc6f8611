"""Smoke tests of the benchmarks: each runs once on a 20-article corpus and
prints its table. No timings are asserted (those are for benchmarks/, not tests)."""
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
sys.path.insert(0, str(BENCH))
from make_corpus import make_corpus  # noqa: E402


def run(script, *args):
    proc = subprocess.run([sys.executable, str(BENCH / script), *map(str, args)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return proc.stdout


def test_corpus_is_deterministic_and_mixed(tmp_path):
    a = make_corpus(20, tmp_path / "a", seed=3)
    b = make_corpus(20, tmp_path / "b", seed=3)
    c = make_corpus(10, tmp_path / "c", seed=4)
    assert [p.name for p in a] == [p.name for p in b]
    assert all(x.read_bytes() == y.read_bytes() for x, y in zip(a, b))
    # article i does not depend on N, and another seed gives other articles
    prefix = make_corpus(10, tmp_path / "d", seed=3)
    assert [p.read_bytes() for p in prefix] == [p.read_bytes() for p in a[:10]]
    assert {p.name for p in c}.isdisjoint({p.name for p in a})
    suffixes = {p.suffix for p in a}
    assert suffixes == {".txt", ".html"}
    texts = [p.read_text(encoding="utf-8") for p in a]
    assert len(set(texts)) == 20
    html = [t for p, t in zip(a, texts) if p.suffix == ".html"]
    assert all("<nav>" in t and "<script" in t and "<footer>" in t for t in html)
    words = " ".join(texts)
    assert re.search(r"\b20(0[7-9]|1\d|2[0-5])\b", words)
    assert re.search(r"\b(outstanding|good|requires improvement|satisfactory|adequate|inadequate)\b", words)


def test_corpus_builds(tmp_path):
    from datasette_cafcass.builder.pipeline import build

    make_corpus(20, tmp_path / "corpus")
    report = build(tmp_path / "corpus", tmp_path / "cafcass.db")
    assert report.articles == 20
    assert report.passages > 20 * 5
    assert not report.warnings
    # the articles state grades of inspections: the extraction has work to do
    assert report.facts["inspections"] > 0 and report.facts["judgements"] > 0


def test_make_corpus_command_rejects_bad_n(tmp_path):
    proc = subprocess.run([sys.executable, str(BENCH / "make_corpus.py"), "0", str(tmp_path)],
                          capture_output=True, text=True)
    assert proc.returncode != 0
    assert "N must be at least 1" in proc.stderr


def test_bench_build_smoke(tmp_path):
    out = run("bench_build.py", "--n", 10, 20, "--repeat", 1, "--workdir", tmp_path)
    full, rebuild = out.split("Rebuild after one article changed")
    for table, width in ((full, 11), (rebuild, 10)):
        rows = [ln for ln in table.splitlines() if re.match(r"\| \d", ln)]
        assert [r.split("|")[1].strip() for r in rows] == ["10", "20"]
        for r in rows:
            cells = [c.strip() for c in r.strip("|").split("|")]
            assert len(cells) == width
            assert all(re.fullmatch(r"[\d.,]+x?", c) for c in cells), r
    assert re.search(r"growth 10 -> 20 articles: build [\d.]+x", out)
    assert re.search(r"ratio at 20 articles: [\d.]+x", out)
    assert re.search(r"rebuild ratio at 20 articles: [\d.]+x", out)
    assert re.search(r"build peak memory: \d+ MB", out)
    assert (tmp_path / "n20" / "cafcass.db").exists() and (tmp_path / "n20" / "baseline.db").exists()
    # the changed article was put back: the corpus is as make_corpus wrote it
    again = make_corpus(20, tmp_path / "again")
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in sorted((tmp_path / "corpus-20-s0").glob("0*"))]


def test_bench_serve_smoke(tmp_path):
    # both modes: in-process, then a real server on 127.0.0.1; each page served
    # with the plugin and by plain Datasette
    import yaml

    from datasette_cafcass import schema

    out = run("bench_serve.py", "--n", 20, "--repeat", 2, "--workdir", tmp_path, "--mode", "both")
    queries = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))["databases"]["cafcass"]["queries"]
    expected = ["database page", "_search passages", "rating facet / column facet", "trend (HTML)", "trend (JSON)",
                "reader", "search page", *(t.name for t in schema.TABLES), *schema.VIEWS,
                *(f"canned query {q}" for q in queries)]
    tables = out.split("HTTP (")
    assert len(tables) == 2
    for table in tables:
        rows = {r.split("|")[1].strip(): r for r in table.splitlines() if r.startswith("| ")}
        for name in expected:
            assert name in rows, name
        for name, r in rows.items():
            if name == "page":
                continue
            cells = [c.strip() for c in r.strip("|").split("|")]
            # a time on both sides and their ratio, or a page not there yet; never an error
            if cells[2].startswith("missing"):
                continue
            assert re.fullmatch(r"[\d.]+", cells[2]) and re.fullmatch(r"[\d.]+", cells[3]), r
            assert re.fullmatch(r"[\d.]+x", cells[4]), r
        assert "worst table or database page / plain" in table
        assert "_search median:" in table


def test_bench_article_smoke(tmp_path):
    out = run("bench_article.py", "--sizes", 1000, 3000, "--workdir", tmp_path)
    for form in ("text", "html", "lines"):
        assert f"form: {form}" in out
        assert re.search(rf"{form}, 3,000 characters: whole build [\d.]+ s \(target: under 1 s\) (met|MISSED)", out)
    rows = [ln for ln in out.splitlines() if re.match(r"\| \d", ln)]
    assert len(rows) == 6
    for r in rows:
        cells = [c.strip() for c in r.strip("|").split("|")]
        assert len(cells) == 12 and all(re.fullmatch(r"[\d.,]+x?", c) for c in cells), r
    assert out.count("growth 1,000 -> 3,000 characters (linear: 3x)") == 3
    assert re.search(r"^fixed cost: the whole build of a one-sentence article [\d.]+ s", out, re.M)


def test_profile_build_smoke(tmp_path):
    for extra in ([], ["--warm"]):
        out = run("profile_build.py", "--n", 8, "--top", 5, "--workdir", tmp_path, *extra)
        assert "phases (s):" in out and "| function | file | own s | share | calls |" in out
        assert "| file (with the C functions it calls) | s | share |" in out
        assert ("1 worked out" if extra else "8 worked out") in out


def test_profile_build_stages_smoke(tmp_path):
    out = run("profile_build.py", "--stages", "--n", 8, "--workdir", tmp_path)
    assert "8 files of a 8-article corpus in one process, no profiler" in out
    rows = dict(re.findall(r"^\| ([^|]+) \| ([\d.]+) \| [\d.]+% \|$", out, re.M))
    # every stage was timed: a clock left off (a renamed function) reads 0
    for stage in ("read the file", "clean", "extract", "extract: reading (sentences, quotations, spans)",
                  "extract: people and quotes", "extract: grades", "extract: findings", "encode the result (JSON)"):
        assert float(rows[stage]) > 0, stage
    assert float(rows["extract"]) > float(rows["extract: grades"])


def test_robustness_smoke(tmp_path):
    """On the seeds and their gold (the project's own copies): every variant builds and scores."""
    out = run("robustness.py", "--corpus", ROOT / "seeds", "--gold", ROOT / "tests" / "data" / "gold_seeds.yml",
              "--variant", "as is", "--variant", "straight quotes", "--variant", "other names", "--workdir", tmp_path)
    lines = out.splitlines()
    assert [ln.split(":")[0] for ln in lines] == ["as is", "straight quotes", "other names"]
    assert all(re.search(r"score: recall [\d.]+% precision [\d.]+% \(\d+/\d+, \d+ wrong\)", ln) for ln in lines), out
    assert "recall 100.0% precision 100.0%" in lines[0]  # the seeds as they are: every fact
