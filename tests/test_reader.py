"""The evidence reader (/-/cafcass/articles/<id>) and the links into it, on
the built seed database; hostile and oddly named articles on small
databases built in tmp_path."""
import sqlite3
from collections import Counter
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from datasette import hookimpl

from datasette_cafcass.builder.pipeline import build
from tests.conftest import make_datasette
from .conftest import rows

from datasette_cafcass import schema
from datasette_cafcass.serving.reader import SHOW

# The row each table's highlight links to: the fact's own, or the one it names.
LINKS = {t: (SHOW[t].link if t in SHOW and SHOW[t].link else (t, "id")) for t in schema.FACT_TABLES}


def squash(text):
    return " ".join(text.split())


def article_ids(db_path):
    return [r["id"] for r in rows(db_path, "select id from articles order by id")]


async def reader(ds, article_id):
    response = await ds.client.get(f"/-/cafcass/articles/{quote(article_id, safe='/')}")
    assert response.status_code == 200, response.text[:500]
    return BeautifulSoup(response.text, "html.parser")


async def test_reader_shows_every_passage_with_its_anchor(ds, seed_db):
    for article_id in article_ids(seed_db):
        soup = await reader(ds, article_id)
        passages = rows(seed_db, "select id, text from passages where article_id = ? order by seq", (article_id,))
        shown = soup.select("article div.passage")
        assert [div["id"] for div in shown] == [f"p{p['id']}" for p in passages]
        for div, p in zip(shown, passages):
            for added in div.select("a.also, a.pilcrow"):  # ours, not the article's
                added.decompose()
            assert squash(div.get_text()) == squash(p["text"])
        title = rows(seed_db, "select title from articles where id = ?", (article_id,))[0]["title"]
        assert soup.h1.get_text() == title


def fact_rows(db_path, table, article_id):
    return rows(db_path, f"select * from [{table}] where article_id = ?", (article_id,))


def shown_text(div):
    """[(character, inside a highlight)] of a passage as shown, leaving out what
    the reader adds (the ¶ link, the small links to other facts at the same words)."""
    out = []
    for piece in div.find_all(string=True):
        if piece.find_parent("a", class_=["also", "pilcrow"]):
            continue
        marked = piece.find_parent("mark") is not None
        out += [(c, marked) for c in str(piece)]
    return out


async def test_reader_marks_exactly_the_stored_spans(ds, seed_db):
    """Each passage's marked characters are the union of its facts' stored spans:
    nothing placed by guesswork, nothing left out."""
    checked = 0
    for article_id in article_ids(seed_db):
        soup = await reader(ds, article_id)
        facts = [f for t in schema.FACT_TABLES for f in fact_rows(seed_db, t, article_id)]
        for p in rows(seed_db, "select id, text from passages where article_id = ? order by seq", (article_id,)):
            shown = shown_text(soup.find(id=f"p{p['id']}"))
            assert "".join(c for c, _ in shown) == p["text"]
            want = [False] * len(p["text"])
            for f in facts:
                if f["passage_id"] == p["id"]:
                    want[f["char_start"]:f["char_end"]] = [True] * (f["char_end"] - f["char_start"])
                    checked += 1
            assert [m for _, m in shown] == want, p["id"]
    assert checked == sum(rows(seed_db, f"select count(*) n from [{t}]")[0]["n"] for t in schema.FACT_TABLES) > 0


async def test_reader_links_every_fact_from_its_words(ds, seed_db):
    checked = {t: 0 for t in schema.FACT_TABLES}
    for article_id in article_ids(seed_db):
        soup = await reader(ds, article_id)
        for table in schema.FACT_TABLES:
            target, column = LINKS[table]
            for fact in fact_rows(seed_db, table, article_id):
                href = f"/cafcass/{target}/{fact[column]}"
                passage = soup.find(id=f"p{fact['passage_id']}")
                links = [a for a in passage.select("mark a") if a["href"] == href]
                assert links, f"{table} {fact['id']} has no link in passage {fact['passage_id']}"
                words = fact[schema.BY_NAME[table].words]
                for a in links:
                    if "also" not in a.get("class", []):
                        assert a.get_text() in words, (table, fact["id"], a.get_text())
                checked[table] += 1
    assert checked["judgement_evidence"] == rows(seed_db, "select count(*) n from judgement_evidence")[0]["n"] > 0


async def test_reader_lists_the_articles_facts_and_inspections(ds, seed_db):
    for article_id in article_ids(seed_db):
        soup = await reader(ds, article_id)
        aside = soup.find("aside")
        for table in schema.FACT_TABLES:
            target, column = LINKS[table]
            listed = {a["href"] for a in aside.select(f'ul[data-table="{table}"] a.cafcass-fact')}
            expected = {f"/cafcass/{target}/{r[column]}" for r in fact_rows(seed_db, table, article_id)}
            assert listed == expected
        inspections = {a["href"] for a in aside.select("ul.cafcass-inspections a.cafcass-inspection")}
        expected = {f"/cafcass/inspections/{r['inspection_id']}" for r in rows(
            seed_db, "select inspection_id from inspection_articles where article_id = ?", (article_id,))}
        assert inspections == expected
    assert rows(seed_db, "select count(*) n from inspection_articles")[0]["n"] > 0


async def test_reader_legend_names_each_kind_of_highlight(ds, seed_db):
    soup = await reader(ds, article_ids(seed_db)[0])
    legend = {c for m in soup.select(".cafcass-legend mark") for c in m["class"]}
    assert {"f-grade", "f-quote", "f-person", "f-figure", "f-date"} <= legend


async def test_unknown_article_is_a_404_page(ds):
    response = await ds.client.get("/-/cafcass/articles/no-such-article")
    assert response.status_code == 404
    assert "no-such-article" in response.text


async def test_fact_row_pages_and_cells_link_to_their_passage_in_the_reader(ds, seed_db):
    judgements = rows(seed_db, "select id, article_id, passage_id from judgements where passage_id is not null")
    briefs = rows(seed_db, "select id, article_id, passage_id from briefs")
    assert judgements and briefs
    for table, facts in (("judgements", judgements), ("briefs", briefs)):
        for fact in facts:
            response = await ds.client.get(f"/cafcass/{table}/{fact['id']}")
            soup = BeautifulSoup(response.text, "html.parser")
            cell = soup.select_one("td.col-passage_id")
            hrefs = {a["href"] for a in cell.find_all("a")}
            assert hrefs == {f"/-/cafcass/articles/{fact['article_id']}#p{fact['passage_id']}",
                             f"/cafcass/passages/{fact['passage_id']}"}
        soup = BeautifulSoup((await ds.client.get(f"/cafcass/{table}?_size=max")).text, "html.parser")
        links = {a["href"] for a in soup.select("td.col-passage_id a.cafcass-read")}
        assert links == {f"/-/cafcass/articles/{f['article_id']}#p{f['passage_id']}" for f in facts}


async def test_article_rows_link_to_their_reader_page(ds, seed_db):
    for article_id in article_ids(seed_db):
        soup = BeautifulSoup((await ds.client.get(f"/cafcass/articles/{article_id}")).text, "html.parser")
        assert soup.select_one("a.cafcass-read")["href"] == f"/-/cafcass/articles/{article_id}"
    soup = BeautifulSoup((await ds.client.get("/cafcass/articles")).text, "html.parser")
    assert {a["href"] for a in soup.select("a.cafcass-read")} == {f"/-/cafcass/articles/{a}" for a in article_ids(seed_db)}


async def test_reader_respects_base_url(seed_db, metadata):
    ds = make_datasette(seed_db, metadata, base_url="/prefix/")
    article_id = article_ids(seed_db)[0]
    response = await ds.client.get(f"/-/cafcass/articles/{article_id}")
    assert response.status_code == 200
    soup = BeautifulSoup(response.text, "html.parser")
    hrefs = [a["href"] for a in soup.select("article a, aside a, p a") if not a["href"].startswith(("#", "http"))]
    assert hrefs and all(h.startswith("/prefix/") for h in hrefs)


async def test_reader_is_forbidden_when_the_table_is_not_visible(seed_db, metadata):
    locked = {**metadata, "databases": {"cafcass": {"tables": {"articles": {"allow": {"id": "admin"}}}}}}
    ds = make_datasette(seed_db, locked)
    response = await ds.client.get(f"/-/cafcass/articles/{article_ids(seed_db)[0]}")
    assert response.status_code == 403


HOSTILE = """---
title: "<script>alert(1)</script> Cafcass rated inadequate"
author: "<img src=x onerror=alert(1)>"
outlet: "<b>Bold</b> News"
url: "javascript:alert(1)"
---
Ofsted rated Cafcass <script>alert(1)</script> inadequate in its inspection of 2012.

Cafcass chief executive Jane Doe said: "We will fix this <img src=x onerror=alert(1)> quickly."

Read more at <a href="javascript:alert(1)">this link</a> or [here](javascript:alert(2)), costing £3.3m.
"""

HOSTILE_HTML = """<html><head><title>&lt;script&gt;alert(3)&lt;/script&gt; Cafcass</title>
<meta property="og:url" content="javascript:alert(4)"></head>
<body><article><h1>&lt;script&gt;alert(3)&lt;/script&gt; Cafcass</h1>
<p>Cafcass was rated &lt;b onmouseover=alert(5)&gt;good&lt;/b&gt; by Ofsted.</p>
<p>Text with <script>alert(6)</script> a real script tag and <a href="javascript:alert(7)">a js link</a>.</p>
</article></body></html>
"""


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    """A database built from hostile and oddly named articles, plus facts
    written by hand onto the hostile passage so highlights meet markup."""
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (folder / "hostile page.html").write_text(HOSTILE_HTML, encoding="utf-8")
    (folder / "sub dir").mkdir()
    (folder / "sub dir" / "Ünïcode #1 %20 article?.txt").write_text(
        "Cafcass in Yorkshire\n\nOfsted judged the Cafcass service area good in 2011.\n", encoding="utf-8")
    path = tmp_path_factory.mktemp("hostile-db") / "cafcass.db"
    build(folder, path)
    conn = sqlite3.connect(path)
    with conn:
        pid, text = conn.execute("select id, text from passages where article_id = 'hostile' and text like '%said%'").fetchone()
        words = "We will fix this <img src=x onerror=alert(1)> quickly."
        start = text.index(words)
        conn.execute("insert or ignore into people (id, name) values ('jane-doe', '<i>Jane</i> Doe')")
        conn.execute("insert into quotes (id, person_id, article_id, passage_id, char_start, char_end, text, rule) "
                     "values ('hand-quote', 'jane-doe', 'hostile', ?, ?, ?, ?, 'by hand')",
                     (pid, start, start + len(words), words))
        pid, text = conn.execute("select id, text from passages where article_id = 'hostile' and text like '%£3.3m%'").fetchone()
        start = text.index("£3.3m")
        conn.execute("insert into figures (id, article_id, passage_id, char_start, char_end, text, value, unit, label, rule) "
                     "values ('hand-figure', 'hostile', ?, ?, ?, '£3.3m', 3300000, 'GBP', '<script>x</script>', 'by hand')",
                     (pid, start, start + 5))
    conn.close()
    return path


@pytest.fixture(scope="module")
def hostile_ds(hostile_db, metadata):
    return make_datasette(hostile_db, metadata)


def assert_inert(html):
    """No markup from an article survives: no injected script, handler or js: link."""
    soup = BeautifulSoup(html, "html.parser")
    for script in soup.find_all("script"):
        assert "alert" not in script.get_text()
    for tag in soup.find_all(True):
        assert not any(attr.lower().startswith("on") for attr in tag.attrs), tag
        for attr in ("href", "src"):
            assert not str(tag.get(attr, "")).strip().lower().startswith("javascript"), tag
    assert soup.find("img") is None and soup.find("b") is None and soup.find("i") is None
    return soup


async def test_hostile_article_renders_escaped_in_the_reader(hostile_ds, hostile_db):
    for article_id in article_ids(hostile_db):
        response = await hostile_ds.client.get(f"/-/cafcass/articles/{quote(article_id, safe='/')}")
        assert response.status_code == 200
        assert_inert(response.text)
    response = await hostile_ds.client.get("/-/cafcass/articles/hostile")
    soup = assert_inert(response.text)
    assert "<script>alert(1)</script>" in soup.h1.get_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert soup.select_one("a.source-link") is None
    assert soup.select_one(".source-url").get_text() == "javascript:alert(1)"
    assert "<img src=x onerror=alert(1)>" in soup.select_one(".cafcass-byline").get_text()
    def mark_of(href):  # the extraction may find the same words: marks can be shared
        return next(m for m in soup.select("article mark") if m.find("a", href=href))
    assert "<img src=x onerror=alert(1)>" in mark_of("/cafcass/quotes/hand-quote").a.get_text()
    assert mark_of("/cafcass/figures/hand-figure").a.get_text() == "£3.3m"


async def test_oddly_named_article_ids_round_trip(hostile_ds, hostile_db):
    odd = [a for a in article_ids(hostile_db) if a.startswith("sub dir/")]
    assert odd == ["sub dir/Ünïcode #1 %20 article?"]
    soup = await reader(hostile_ds, odd[0])
    assert soup.h1.get_text() == "Cafcass in Yorkshire"
    # the articles table links to the same quoted address
    page = BeautifulSoup((await hostile_ds.client.get("/cafcass/articles")).text, "html.parser")
    assert f"/-/cafcass/articles/{quote(odd[0], safe='/')}" in {a["href"] for a in page.select("a.cafcass-read")}


async def test_reader_and_search_pages_have_the_metadata_footer(ds, seed_db, metadata):
    for path in (f"/-/cafcass/articles/{article_ids(seed_db)[0]}", "/-/cafcass/search?q=cafcass"):
        footer = BeautifulSoup((await ds.client.get(path)).text, "html.parser").select_one("footer")
        assert "Data license" in footer.get_text() and metadata["source"] in footer.get_text()


class AskedPermissions:
    """A permission_allowed plugin with no opinion that notes what it is asked."""

    __name__ = "asked-permissions"  # what Datasette lists a plugin by

    def __init__(self):
        self.asked = []

    @hookimpl
    def permission_allowed(self, actor, action, resource):
        self.asked.append((action, resource, (actor or {}).get("id")))
        return None


async def test_reader_asks_each_permission_once_and_shows_only_what_the_actor_may_see(seed_db, metadata):
    """pages.can_view() asks Datasette's three questions of a table once per
    request each (the reader asks of every fact table); a fact table only an
    admin may see is left out for anyone else, and shown to the admin."""
    from datasette.plugins import pm

    locked = {**metadata, "databases": {"cafcass": {"tables": {"quotes": {"allow": {"id": "admin"}}}}}}
    ds = make_datasette(seed_db, locked)
    article = rows(seed_db, "select article_id from quotes group by article_id order by count(*) desc limit 1")[0]
    said = [r["text"] for r in rows(seed_db, "select text from quotes where article_id = ?", article["article_id"])]
    counter = AskedPermissions()
    pm.register(counter, name="asked-permissions")
    try:
        anonymous = await reader(ds, article["article_id"])
        asked = list(counter.asked)
        counter.asked.clear()
        cookie = {"ds_actor": ds.sign({"a": {"id": "admin"}}, "actor")}
        response = await ds.client.get(f"/-/cafcass/articles/{quote(article['article_id'], safe='/')}", cookies=cookie)
        admin = BeautifulSoup(response.text, "html.parser")
    finally:
        pm.unregister(name="asked-permissions")
    assert said and anonymous.select("ul.cafcass-facts[data-table=findings] li")
    assert not anonymous.select("ul.cafcass-facts[data-table=quotes]")
    assert len(admin.select("ul.cafcass-facts[data-table=quotes] li")) == len(said)
    # each fact table once (Datasette's own breadcrumbs ask of articles again)
    tables = Counter(r[1] for a, r, _ in asked if a == "view-table")
    assert {t: tables[t] for t in schema.FACT_TABLES} == {t: 1 for t in schema.FACT_TABLES}
