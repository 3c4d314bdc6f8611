"""Each article's work runs on a process pool; the database must be the same
as a one-process build's, byte for byte, warnings included."""
import sqlite3
import sys
from pathlib import Path

from datasette_cafcass import schema
from datasette_cafcass.builder.pipeline import POOL_MIN_FILES, build

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from make_corpus import make_corpus  # noqa: E402


def dump(path):
    """Every table's rows (in the order stored) and the whole SQL dump."""
    conn = sqlite3.connect(path)
    out = {t.name: conn.execute(f"select * from [{t.name}]" + ("" if t.without_rowid else " order by rowid")).fetchall()
           for t in schema.TABLES}
    out["sql dump"] = list(conn.iterdump())
    conn.close()
    return out


def test_pool_build_equals_one_process_build(tmp_path):
    corpus = tmp_path / "corpus"
    make_corpus(POOL_MIN_FILES + 16, corpus, seed=7)
    # trouble the pool must report in order: an empty file and a copied article
    (corpus / "000003_empty.txt").write_text("")
    first = sorted(corpus.glob("*.txt"))[0]
    (corpus / "zz_copy.txt").write_bytes(first.read_bytes())
    one = build(corpus, tmp_path / "one.db", workers=1)
    two = build(corpus, tmp_path / "two.db", workers=2)
    assert one.cached == two.cached == 0  # both cold: each database has its own cache
    assert one.articles == two.articles == POOL_MIN_FILES + 16
    assert one.warnings == two.warnings
    assert any("empty file" in w for w in one.warnings)
    assert any("same text as" in w for w in one.warnings)
    assert dump(tmp_path / "one.db") == dump(tmp_path / "two.db")
    assert (tmp_path / "one.db").read_bytes() == (tmp_path / "two.db").read_bytes()
    assert dump(tmp_path / "one.db")["row_themes"], "the corpus mentions themes"
