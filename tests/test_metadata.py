"""metadata.yml: the documented database, its canned queries, and the JSON,
CSV and SQL-over-HTTP ways in, all on the built seed database.

Expected rows are worked out here in Python from the tables themselves (or,
for full-text search, from a plain MATCH on the FTS table), never copied from
the queries' own output.
"""
import csv
import hashlib
import io
import sqlite3
import subprocess
import sys
from urllib.parse import quote, urlencode, urljoin

import datasette
import pytest
import yaml
from bs4 import BeautifulSoup

from datasette_cafcass import metadata as generator
from datasette_cafcass import schema

from .conftest import ROOT, make_datasette, rows as sql_rows

PUBLIC = [t for t in schema.TABLES if t.public]



def table(db_path, name):
    return sql_rows(db_path, f"select * from [{name}]")


def link(article_id, passage_id):
    return None if passage_id is None else f"/-/cafcass/articles/{article_id}#p{passage_id}"


def href(path):
    """The link the page shows for a reader path: the article id URL-encoded."""
    article, passage = path[len("/-/cafcass/articles/"):].rsplit("#p", 1)
    return f"/-/cafcass/articles/{quote(article, safe='/')}#p{passage}"


def nulls_first(value):
    """SQLite's ascending order: null before everything."""
    return (value is not None, value if value is not None else "")


def csv_text(value):
    return "" if value is None else str(value)


@pytest.fixture(scope="session")
def facts_loaded(seed_db):
    """True once the extraction fills the fact tables (until then they are empty)."""
    return any(sql_rows(seed_db, f"select 1 from {t} limit 1") for t in schema.FACT_TABLES)


def queries(metadata):
    return metadata["databases"]["cafcass"]["queries"]


# ---------------------------------------------------------------- metadata.yml


async def test_metadata_loads_on_the_pinned_datasette(ds, metadata):
    assert datasette.__version__.startswith("0.65.")
    served = (await ds.client.get("/-/metadata.json")).json()
    assert served["databases"]["cafcass"]["queries"].keys() == queries(metadata).keys()
    db = (await ds.client.get("/cafcass.json")).json()
    assert {q["name"] for q in db["queries"]} == set(queries(metadata))
    page = await ds.client.get("/cafcass")
    assert page.status_code == 200
    for key in ("title", "description_html", "license", "source"):
        assert metadata[key]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").lstrip().startswith("Apache License")


def test_canned_queries_are_documented_and_read_only(metadata):
    qs = queries(metadata)
    assert len(qs) >= 8
    public = {t.name for t in PUBLIC}
    for name, q in qs.items():
        assert q.get("title") and q.get("description"), name
        assert not q.get("write"), name
        first = q["sql"].lstrip().split(None, 1)[0].lower()
        assert first in ("select", "with"), name
        # They read the public schema only, never the FTS shadow tables.
        for word in ("_fts_data", "_fts_idx", "_fts_docsize", "_fts_config"):
            assert word not in q["sql"], name
        assert any(f" {t}" in q["sql"] for t in public), name


def test_metadata_in_sync_with_schema(metadata):
    """The owned keys of every table are exactly what schema.py says."""
    assert generator.owned_view(metadata) == generator.owned_view(generator.updated(metadata))
    tables = metadata["databases"]["cafcass"]["tables"]
    for t in schema.TABLES:
        entry = tables[t.name]
        assert entry["description"] == t.description
        assert entry["columns"] == {c.name: c.description for c in t.columns}
        assert all(isinstance(d, str) and d for d in entry["columns"].values())
        if t.label:
            assert entry["label_column"] == t.label
        if t.fts:
            assert entry["fts_table"] == f"{t.name}_fts"
    for v in schema.VIEWS.values():
        assert tables[v.name]["description"] == v.description
    # Hand-written per-table keys name real columns.
    for name, entry in tables.items():
        if name in schema.BY_NAME:
            columns = set(schema.BY_NAME[name].column_names)
            for key in ("sort", "sort_desc", "label_column"):
                if key in entry:
                    assert entry[key] in columns, (name, key)
            assert set(entry.get("sortable_columns", [])) <= columns, name


def test_generator_is_idempotent_and_keeps_hand_written_keys(tmp_path, metadata):
    stale = yaml.safe_load(yaml.safe_dump(metadata))
    tables = stale["databases"]["cafcass"]["tables"]
    tables["inspections"]["columns"]["year"] = "out of date"
    del tables["passages"]["columns"]
    tables["findings"]["facets"] = ["kind"]
    tables["no_longer_in_schema"] = {"description": "gone", "facets": ["x"]}
    path = tmp_path / "metadata.yml"
    path.write_text(yaml.safe_dump(stale), encoding="utf-8")
    cli = [sys.executable, "-m", "datasette_cafcass.metadata"]

    check = subprocess.run(cli + ["--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 1 and "out of date" in check.stderr and str(path) in check.stderr

    assert subprocess.run(cli + [str(path)], capture_output=True, text=True).returncode == 0
    first = path.read_text(encoding="utf-8")
    written = yaml.safe_load(first)
    assert generator.owned_view(written) == generator.owned_view(metadata)
    db = written["databases"]["cafcass"]
    assert db["queries"] == metadata["databases"]["cafcass"]["queries"]
    assert db["description_html"] == metadata["databases"]["cafcass"]["description_html"]
    assert db["tables"]["findings"]["facets"] == ["kind"]
    assert db["tables"]["no_longer_in_schema"] == {"facets": ["x"]}
    assert subprocess.run(cli + ["--check", str(path)]).returncode == 0
    subprocess.run(cli + [str(path)], check=True)
    assert path.read_text(encoding="utf-8") == first  # a second run changes nothing


def test_generator_names_a_bad_file(tmp_path):
    path = tmp_path / "metadata.yml"
    path.write_text("title: [unclosed\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "datasette_cafcass.metadata", str(path)],
                         capture_output=True, text=True)
    assert run.returncode == 2 and str(path) in run.stderr and "not valid YAML" in run.stderr
    assert "Traceback" not in run.stderr


def test_every_public_column_is_documented(seed_db, metadata):
    tables = metadata["databases"]["cafcass"]["tables"]
    conn = sqlite3.connect(seed_db)
    for t in PUBLIC:
        built = [r[1] for r in conn.execute(f"pragma table_info([{t.name}])")]
        assert built == list(tables[t.name]["columns"]), t.name
    conn.close()


async def test_fts_internals_hidden_and_public_tables_shown(ds, seed_db):
    names = [r["name"] for r in sql_rows(seed_db, "select name from sqlite_master where type = 'table'")]
    fts = {n for n in names if "_fts" in n}
    assert {"findings_fts", "findings_fts_data", "findings_fts_idx", "findings_fts_docsize",
            "findings_fts_config"} <= fts
    shown = {t["name"]: t["hidden"] for t in (await ds.client.get("/cafcass.json")).json()["tables"]}
    assert all(shown[n] for n in fts)
    assert not any(shown[t.name] for t in PUBLIC)


async def test_table_pages_render_the_descriptions(ds):
    for t in PUBLIC:
        response = await ds.client.get(f"/cafcass/{t.name}")
        assert response.status_code == 200, t.name
        soup = BeautifulSoup(response.text, "html.parser")
        assert t.description in " ".join(soup.get_text().split()), t.name
        dl = soup.select_one("dl.column-descriptions")
        shown = {dt.get_text(): dd.get_text() for dt, dd in zip(dl.find_all("dt"), dl.find_all("dd"))}
        assert shown == {c.name: c.description for c in t.columns}, t.name
    for v in schema.VIEWS.values():
        response = await ds.client.get(f"/cafcass/{v.name}")
        assert response.status_code == 200, v.name
        assert v.description in " ".join(BeautifulSoup(response.text, "html.parser").get_text().split())


async def test_search_box_on_each_searchable_table(ds, seed_db):
    for t in PUBLIC:
        if not t.fts:
            continue
        rows = sql_rows(seed_db, f"select rowid, * from [{t.name}] order by rowid limit 1")
        if not rows:  # an empty fact table: searching still works and finds nothing
            response = await ds.client.get(f"/cafcass/{t.name}.json?_search=cafcass&_shape=array")
            assert response.status_code == 200 and response.json() == []
            continue
        words = [w for w in rows[0][t.fts[-1]].split() if w.isalpha() and len(w) > 4]
        response = await ds.client.get(f"/cafcass/{t.name}.json?" + urlencode(
            {"_search": words[0], "_shape": "array", "_size": "max"}))
        assert response.status_code == 200
        key = "rowid" if t.pk == "rowid" else t.pk
        assert rows[0][key] in [r[key] for r in response.json()], t.name


# ------------------------------------------------------- tables as JSON and CSV


def _key(t):
    pk = t.pk if isinstance(t.pk, tuple) else (t.pk,)
    return lambda r: tuple(str(r[c]) for c in pk)


async def test_each_public_table_as_json_and_csv(ds, seed_db):
    for t in PUBLIC:
        expected = sorted(table(seed_db, t.name), key=_key(t))
        response = await ds.client.get(f"/cafcass/{t.name}.json?_shape=array&_size=max")
        assert response.status_code == 200
        got = response.json()
        assert [list(r) for r in got] == [t.column_names] * len(got), t.name
        assert sorted(got, key=_key(t)) == expected, t.name

        response = await ds.client.get(f"/cafcass/{t.name}.csv?_stream=on")
        assert response.status_code == 200
        reader = csv.DictReader(io.StringIO(response.text))
        assert reader.fieldnames == t.column_names, t.name
        assert sorted(reader, key=_key(t)) == [
            {c: csv_text(r[c]) for c in t.column_names} for r in expected], t.name


async def test_sql_over_http_reads(ds, seed_db):
    sql = "select kind, count(*) as n from passages group by kind order by kind"
    response = await ds.client.get("/cafcass.json?" + urlencode({"sql": sql, "_shape": "array"}))
    assert response.status_code == 200
    assert response.json() == sql_rows(seed_db, sql)
    response = await ds.client.get("/cafcass.csv?" + urlencode({"sql": sql}))
    assert list(csv.DictReader(io.StringIO(response.text))) == [
        {"kind": r["kind"], "n": str(r["n"])} for r in sql_rows(seed_db, sql)]


@pytest.mark.parametrize("sql", [
    "insert into eras (id, name) values (99, 'invented')",
    "drop table eras",
    "update rating_scale set rank = 1",
    "select 1; drop table eras",
])
async def test_sql_over_http_refuses_writes(ds, seed_db, sql):
    before = hashlib.sha256(seed_db.read_bytes()).hexdigest()
    eras = table(seed_db, "eras")
    response = await ds.client.get("/cafcass.json?" + urlencode({"sql": sql}))
    assert response.status_code == 400
    assert response.json()["ok"] is False and response.json()["error"]
    assert hashlib.sha256(seed_db.read_bytes()).hexdigest() == before
    assert table(seed_db, "eras") == eras


# ------------------------------------------------------------- canned queries
# Each case: query name, parameters, and a function of the database path that
# returns the rows the query must give, worked out here in Python.


def whole(value, *candidates):
    """A parameter matches a whole value: the same words, ignoring case and outer spaces."""
    value = value.strip().lower()
    return any(c is not None and str(c).lower() == value for c in candidates)


def words_in(value, text):
    """value's words appear, whole and in order, in text (ignoring case)."""
    return f" {value.strip().lower()} " in f" {(text or '').lower()} "


def source(a):
    return {"outlet": a.get("outlet"), "published": a.get("published")}


def reasons(db):
    """{correction id: reason}: what a query's corrected_by_hand column gives."""
    return {c["id"]: c["reason"] for c in table(db, "corrections")}


def expect_rating_history(db, subject):
    inspections = table(db, "inspections")
    judgements = table(db, "judgements")
    why = reasons(db)
    out = []
    for i in inspections:
        if subject and not whole(subject, i["subject"], i["area"]):
            continue
        others = sorted(((j["judgement"], j["rating"], j["rating_rank"]) for j in judgements
                         if j["inspection_id"] == i["id"] and j["judgement"] != "overall effectiveness"),
                        key=lambda j: (nulls_first(j[2]), j[0]))
        out.append({
            "subject": i["subject"], "inspection": i["id"], "year": i["year"], "era": i["framework"],
            "kind": i["kind"], "fieldwork_start": i["fieldwork_start"], "fieldwork_end": i["fieldwork_end"],
            "overall_rating": i["overall_rating"], "overall_rank": i["overall_rank"],
            # group_concat skips a null, as judgement || ': ' || null is null
            "other_judgements": "; ".join(f"{j[0]}: {j[1]}" for j in others if None not in j[:2]) or None,
            "articles": len(sql_rows(db, "select 1 from inspection_articles where inspection_id = ?", [i["id"]])),
            "corrected_by_hand": why.get(i["correction_id"]),
            # the inspection's dates, then each disputed judgement by name (a null says nothing)
            "shown_because": " | ".join(x for x in (
                [i["shown_because"] if i["disputed"] == 1 else None] +
                [j["judgement"] + ": " + j["shown_because"] if j["shown_because"] is not None else None
                 for j in sorted(judgements, key=lambda j: j["judgement"])
                 if j["inspection_id"] == i["id"] and j["disputed"] == 1]) if x is not None) or None,
        })
    return sorted(out, key=lambda r: (r["subject"], r["year"] is None, nulls_first(r["year"]),
                                      nulls_first(r["fieldwork_start"]), r["inspection"]))


def _area_inspection(db, area):
    rows = sql_rows(db, "select id from inspections where area = ? order by id", [area])
    return rows[0]["id"] if rows else "greater-london"


def _seq(db):
    return {p["id"]: p["seq"] for p in table(db, "passages")}


def expect_inspection_judgements(db, inspection):
    inspections = {i["id"]: i for i in table(db, "inspections")}
    articles = {a["id"]: a for a in table(db, "articles")}
    seq = _seq(db)
    evidence = {}
    why = reasons(db)
    for e in table(db, "judgement_evidence"):
        evidence.setdefault(e["judgement_id"], []).append(e)
    out = []
    for j in table(db, "judgements"):
        if inspection and j["inspection_id"] != inspection.strip():
            continue
        i = inspections[j["inspection_id"]]
        for e in evidence.get(j["id"]) or [{}]:
            a = articles.get(e.get("article_id")) or {}
            out.append({"inspection": j["inspection_id"], "subject": i["subject"], "year": i["year"],
                        "judgement": j["judgement"], "rating": j["rating"], "rating_rank": j["rating_rank"],
                        "evidence_count": j["evidence_count"], "conflict": j["conflict"],
                        "disputed": j["disputed"], "shown_because": j["shown_because"],
                        "as_written": e.get("written"), "evidence": e.get("evidence"),
                        "shown": e.get("shown"), "rule": e.get("rule"),
                        "corrected_by_hand": why.get(e.get("correction_id") or j["correction_id"]),
                        "article": a.get("title"), **source(a), "url": a.get("url"),
                        "passage_link": link(e.get("article_id"), e.get("passage_id")),
                        "_key": (a.get("published") is None, nulls_first(a.get("published")),
                                 nulls_first(e.get("article_id")), nulls_first(seq.get(e.get("passage_id"))),
                                 nulls_first(e.get("char_start")))})
    out.sort(key=lambda r: (r["subject"], r["year"] is None, nulls_first(r["year"]), r["inspection"],
                            nulls_first(r["rating_rank"]), r["judgement"], r["_key"]))
    return [{k: v for k, v in r.items() if k != "_key"} for r in out]


def expect_who_said_what(db, subject):
    chosen = {i["id"]: i for i in table(db, "inspections")
              if not subject or whole(subject, i["subject"], i["area"])}
    people = {p["id"]: p for p in table(db, "people")}
    articles = {a["id"]: a for a in table(db, "articles")}
    seq = _seq(db)
    why = reasons(db)
    rules = {}
    for e in table(db, "judgement_evidence"):
        if e["rule"] is not None:
            rules.setdefault(e["judgement_id"], set()).add(e["rule"])
    said = []
    for j in table(db, "judgements"):
        if j["inspection_id"] in chosen:
            said.append((chosen[j["inspection_id"]], 1, "Ofsted", None,
                         f"judgement: {j['judgement']} {j['rating']}", j["evidence"],
                         {**j, "char_start": 0, "rule": "; ".join(sorted(rules.get(j["id"], ()))) or None}))
    for f in table(db, "findings"):
        if f["inspection_id"] in chosen:
            said.append((chosen[f["inspection_id"]], 2, "Ofsted", None, f["kind"], f["text"], f))
    for q in table(db, "quotes"):  # filed under the inspection they are about, never by article
        if q["inspection_id"] in chosen:
            p = people[q["person_id"]]
            role = "" if p["role"] is None else f" ({p['role']}" + (
                "" if p["organisation"] is None else f", {p['organisation']}") + ")"
            said.append((chosen[q["inspection_id"]], 3, p["name"], p["id"], "quote" + role, q["text"], q))
    said.sort(key=lambda s: (s[0]["subject"], s[0]["year"] is None, nulls_first(s[0]["year"]),
                             s[0]["id"], s[1], s[2], nulls_first(s[6]["article_id"]),
                             nulls_first(seq.get(s[6]["passage_id"])), s[6]["char_start"], s[4]))
    return [{"subject": i["subject"], "year": i["year"], "inspection": i["id"], "who": who,
             "person_id": person, "what": what, "said": text,
             "rule": row["rule"], "corrected_by_hand": why.get(row["correction_id"]),
             "shown_because": row.get("shown_because"),
             "article": (articles.get(row["article_id"]) or {}).get("title"),
             **source(articles.get(row["article_id"]) or {}),
             "passage_link": link(row["article_id"], row["passage_id"])}
            for i, _, who, person, what, text, row in said]


def expect_person_quotes(db, name):
    people = {p["id"]: p for p in table(db, "people")}
    articles = {a["id"]: a for a in table(db, "articles")}
    seq = _seq(db)
    why = reasons(db)
    out = []
    for q in table(db, "quotes"):
        p = people[q["person_id"]]
        if name and not words_in(name, p["name"]):
            continue
        a = articles.get(q["article_id"]) or {}
        out.append({"name": p["name"], "person_id": p["id"], "role": p["role"], "organisation": p["organisation"],
                    "said": q["text"], "rule": q["rule"], "corrected_by_hand": why.get(q["correction_id"]),
                    "inspection": q["inspection_id"], "article": a.get("title"),
                    **source(a), "url": a.get("url"),
                    "passage_link": link(q["article_id"], q["passage_id"]),
                    "_key": (p["name"], a.get("published") is None, nulls_first(a.get("published")),
                             q["article_id"], nulls_first(seq.get(q["passage_id"])), q["char_start"])})
    out.sort(key=lambda r: r["_key"])
    return [{k: v for k, v in r.items() if k != "_key"} for r in out]


def expect_improvement_journey(db):
    graded = [i for i in table(db, "inspections") if i["overall_rank"] is not None]
    out = []
    for subject in sorted({i["subject"] for i in graded}):
        mine = [i for i in graded if i["subject"] == subject]
        dated = sorted((i for i in mine if i["year"] is not None),
                       key=lambda i: (i["year"], nulls_first(i["fieldwork_start"]), i["id"]))
        first, last = (dated[0], dated[-1]) if dated else ({}, {})
        out.append({
            "subject": subject, "dated_graded_inspections": len(dated),
            "undated_graded_inspections": len(mine) - len(dated),
            "first_year": first.get("year"), "first_rating": first.get("overall_rating"),
            "last_year": last.get("year"), "last_rating": last.get("overall_rating"),
            "improvement": first["overall_rank"] - last["overall_rank"] if dated else None,
        })
    return sorted(out, key=lambda r: (r["improvement"] is None, -(r["improvement"] or 0), r["subject"]))


def expect_inspections_by_era(db, era):
    eras = {e["name"]: e for e in table(db, "eras")}
    out = []
    for i in table(db, "inspections"):
        e = eras.get(i["framework"]) or {}
        if era and not (str(e.get("id")) == era.strip() or whole(era, e.get("name"))):
            continue
        out.append({"era_id": e.get("id"), "era": e.get("name"), "subject": i["subject"],
                    "year": i["year"], "fieldwork_start": i["fieldwork_start"], "kind": i["kind"],
                    "overall_rating": i["overall_rating"], "inspection": i["id"]})
    return sorted(out, key=lambda r: (r["era_id"] is None, nulls_first(r["era_id"]), r["year"] is None,
                                      nulls_first(r["year"]), nulls_first(r["fieldwork_start"]),
                                      r["subject"], r["inspection"]))


def expect_figures_by_label(db, label, unit):
    passages = {p["id"]: p["text"] for p in table(db, "passages")}
    articles = {a["id"]: a for a in table(db, "articles")}
    why = reasons(db)
    out = [{"label": f["label"], "as_written": f["text"], "qualifier": f["qualifier"], "value": f["value"],
            "unit": f["unit"], "year": f["year"], "rule": f["rule"], "corrected_by_hand": why.get(f["correction_id"]),
            "passage": passages.get(f["passage_id"]),
            "article": (articles.get(f["article_id"]) or {}).get("title"),
            **source(articles.get(f["article_id"]) or {}),
            "passage_link": link(f["article_id"], f["passage_id"]), "_id": f["id"]}
           for f in table(db, "figures")
           if (not label or words_in(label, f["label"])) and (not unit or whole(unit, f["unit"]))]
    out.sort(key=lambda r: (nulls_first(r["label"]), nulls_first(r["value"]), r["_id"]))
    return [{k: v for k, v in r.items() if k != "_id"} for r in out]


def expect_events_between(db, from_year, to_year):
    articles = {a["id"]: a for a in table(db, "articles")}
    why = reasons(db)
    out = []
    for e in table(db, "events"):
        year = int(e["date"][:4]) if e["date"] else None
        if from_year and (year is None or year < int(from_year)):
            continue
        if to_year and (year is None or year > int(to_year)):
            continue
        a = articles.get(e["article_id"]) or {}
        out.append({"date": e["date"], "date_end": e["date_end"], "precision": e["precision"],
                    "kind": e["kind"], "description": e["description"],
                    "rule": e["rule"], "corrected_by_hand": why.get(e["correction_id"]),
                    "article": a.get("title"), "outlet": a.get("outlet"),
                    "passage_link": link(e["article_id"], e["passage_id"]), "_id": e["id"]})
    out.sort(key=lambda r: (r["date"] is None, nulls_first(r["date"]), r["_id"]))
    return [{k: v for k, v in r.items() if k != "_id"} for r in out]


def expect_inspections_feed(db):
    """Dated inspections, newest first, each an Atom entry (datasette-atom's columns)."""
    judgements = table(db, "judgements")
    articles = {a["id"]: a for a in table(db, "articles")}
    out = []
    for i in table(db, "inspections"):
        placed = i["published"] or i["fieldwork_start"] or (str(i["year"]) if i["year"] is not None else None)
        if placed is None:
            continue
        grades = sorted((j for j in judgements if j["inspection_id"] == i["id"]),
                        key=lambda j: (nulls_first(j["rating_rank"]), j["judgement"]))
        reported = [articles[ia["article_id"]] for ia in table(db, "inspection_articles")
                    if ia["inspection_id"] == i["id"]]
        content = ((i["kind"] + ". ") if i["kind"] else "") + "Grades: " + (
            "; ".join(f"{j['judgement']} {j['rating']}" for j in grades) or "none reported") + ". Reported in: " + (
            "; ".join((a["outlet"] + ", " if a["outlet"] else "") + (a["title"] or a["id"]) for a in reported)
            or "no article") + "."
        day = (placed + "-01-01")[:10]
        out.append({"atom_id": f"tag:datasette-cafcass,2024:inspection/{i['id']}",
                    "atom_title": f"{i['subject']}, {placed}: " + (i["overall_rating"] or "no overall grade in the articles"),
                    "atom_updated": f"{day}T00:00:00Z", "atom_content": content,
                    "atom_link": f"inspection_evidence?inspection={i['id']}", "inspection": i["id"], "dated": placed})
    # newest first, the id breaking ties upwards
    out.sort(key=lambda r: r["inspection"])
    out.sort(key=lambda r: r["atom_updated"], reverse=True)
    return out


def expect_corrections(db):
    titles = {a["id"]: a["title"] for a in table(db, "articles")}
    out = [{"id": c["id"], "action": c["action"], "target": c["target"], "article_id": c["article_id"],
            "article": titles.get(c["article_id"]), "words": c["words"], "changes": c["changes"],
            "reason": c["reason"], "source": c["source"], "matched": c["matched"], "note": c["note"],
            "row_count": c["row_count"], "rows": c["rows"], "line": c["line"]} for c in table(db, "corrections")]
    return sorted(out, key=lambda r: (r["line"], r["id"]))


def expect_disputed(db):
    inspections = {i["id"]: i for i in table(db, "inspections")}
    out = []
    for j in table(db, "judgements"):
        if j["disputed"] == 1:
            i = inspections[j["inspection_id"]]
            out.append({"disputed": "grade", "inspection": i["id"], "judgement_id": j["id"],
                        "subject": i["subject"], "year": i["year"],
                        "what": j["judgement"], "shows": j["rating"], "readings": j["ratings_seen"],
                        "shown_by": j["shown_by"], "shown_because": j["shown_because"], "sentences": j["evidence_count"]})
    for i in inspections.values():
        if i["disputed"] == 1:
            shows = (i["fieldwork_start"] or "") + (f" to {i['fieldwork_end']}" if i["fieldwork_end"] else "") + \
                (f"; published {i['published']}" if i["published"] else "")
            out.append({"disputed": "dates", "inspection": i["id"], "judgement_id": None,
                        "subject": i["subject"], "year": i["year"],
                        "what": "dates", "shows": shows.strip("; "), "readings": i["dates_seen"],
                        "shown_by": i["shown_by"], "shown_because": i["shown_because"],
                        "sentences": len(sql_rows(db, "select 1 from inspection_dates where inspection_id = ?", [i["id"]]))})
    return sorted(out, key=lambda r: (r["subject"], r["year"] is None, r["year"] or 0, r["inspection"], r["what"]))

def _fts_ranks(db, fts, words):
    """{rowid: rank} of the rows matching every word, by a plain MATCH (not the query's SQL)."""
    match = " ".join(f'"{w}"' for w in words.split())
    return {r["rowid"]: r["rank"] for r in sql_rows(db, f"select rowid, rank from {fts} where {fts} match ?", [match])}


def expect_search_findings(db, q, kind):
    findings = {f["rowid"]: f for f in sql_rows(db, "select rowid, * from findings")}
    inspections = {i["id"]: i for i in table(db, "inspections")}
    articles = {a["id"]: a for a in table(db, "articles")}
    why = reasons(db)
    out = []
    ranks = _fts_ranks(db, "findings_fts", q)
    for rowid in sorted(ranks, key=lambda r: (ranks[r], findings[r]["id"])):
        f = findings[rowid]
        if kind and not whole(kind, f["kind"]):
            continue
        i = inspections.get(f["inspection_id"]) or {}
        a = articles.get(f["article_id"]) or {}
        out.append({"id": f["id"], "subject": i.get("subject"), "year": i.get("year"),
                    "inspection": f["inspection_id"], "kind": f["kind"],
                    "snippet": f["text"], "rule": f["rule"], "corrected_by_hand": why.get(f["correction_id"]),
                    "article": a.get("title"), **source(a),
                    "passage_link": link(f["article_id"], f["passage_id"])})
    return out


def expect_articles_mentioning(db, term):
    passages = {p["rowid"]: p for p in sql_rows(db, "select rowid, * from passages")}
    articles = {a["id"]: a for a in table(db, "articles")}
    ranks = _fts_ranks(db, "passages_fts", term)
    hits = [passages[rowid] for rowid in ranks]
    best = {}
    for p in hits:
        best[p["article_id"]] = min(best.get(p["article_id"], float("inf")), ranks[p["rowid"]])
    hits.sort(key=lambda p: (best[p["article_id"]], p["article_id"], p["seq"]))
    return [{"article_id": p["article_id"], "article": articles[p["article_id"]]["title"],
             **source(articles[p["article_id"]]), "passage_number": p["seq"],
             "snippet": p["text"], "passage_link": link(p["article_id"], p["id"])} for p in hits]


def unmark(text):
    return text.replace("⟦", "").replace("⟧", "")


CASES = [
    ("rating_history", {"subject": "Greater London"}, lambda db: expect_rating_history(db, "Greater London")),
    ("rating_history", {"subject": "cafcass"}, lambda db: expect_rating_history(db, "cafcass")),
    ("rating_history", {"subject": " cafcass greater london "},
     lambda db: expect_rating_history(db, "cafcass greater london")),
    ("rating_history", {}, lambda db: expect_rating_history(db, "")),
    ("inspection_evidence", lambda db: {"inspection": _area_inspection(db, "Greater London")},
     lambda db: expect_inspection_judgements(db, _area_inspection(db, "Greater London"))),
    ("inspection_evidence", {}, lambda db: expect_inspection_judgements(db, "")),
    ("who_said_what", {"subject": "Greater London"}, lambda db: expect_who_said_what(db, "Greater London")),
    ("who_said_what", {"subject": "Cafcass"}, lambda db: expect_who_said_what(db, "Cafcass")),
    ("search_findings", {"q": "management information"},
     lambda db: expect_search_findings(db, "management information", "")),
    ("search_findings", {"q": "children", "kind": "strength"},
     lambda db: expect_search_findings(db, "children", "strength")),
    ("search_findings", {"q": ""}, lambda db: []),
    # FTS syntax in the words is escaped: an unbalanced quote, NOT, ) and * are no
    # error, and the punctuation is dropped by the tokenizer, leaving the word "not".
    ("search_findings", {"q": '" NOT ) *'}, lambda db: expect_search_findings(db, "not", "")),
    ("person_quotes", {"name": "tiotto"}, lambda db: expect_person_quotes(db, "tiotto")),
    ("person_quotes", {"name": "Jacky Tiotto"}, lambda db: expect_person_quotes(db, "Jacky Tiotto")),
    ("person_quotes", {}, lambda db: expect_person_quotes(db, "")),
    ("improvement_journey", {}, expect_improvement_journey),
    ("inspections_by_era", {}, lambda db: expect_inspections_by_era(db, "")),
    ("inspections_by_era", {"era": "2"}, lambda db: expect_inspections_by_era(db, "2")),
    ("inspections_by_era", {"era": "Service-Area Inspections"},
     lambda db: expect_inspections_by_era(db, "Service-Area Inspections")),
    ("figures_by_label", {"label": "children"}, lambda db: expect_figures_by_label(db, "children", "")),
    ("figures_by_label", {"unit": "percent"}, lambda db: expect_figures_by_label(db, "", "percent")),
    ("articles_mentioning", {"term": "inspectorate"}, lambda db: expect_articles_mentioning(db, "inspectorate")),
    ("articles_mentioning", {"term": "Greater London"}, lambda db: expect_articles_mentioning(db, "Greater London")),
    ("events_between", {"from_year": "2010", "to_year": "2014"},
     lambda db: expect_events_between(db, "2010", "2014")),
    ("events_between", {"from_year": "2020"}, lambda db: expect_events_between(db, "2020", "")),
    ("inspections_feed", {}, expect_inspections_feed),
    ("corrections_by_hand", {}, expect_corrections),
    ("disputed", {}, expect_disputed),
]


def _compare(query, got, expected):
    """Query rows against expected rows; snippets compare once their marks are gone."""
    assert len(got) == len(expected), query
    for g, e in zip(got, expected):
        if "snippet" in e:
            assert "⟦" in g["snippet"] and "⟧" in g["snippet"], query
            plain = unmark(g["snippet"])
            assert plain.strip("…") in e["snippet"], query
            g = {**g, "snippet": None}
            e = {**e, "snippet": None}
        assert g == e, query


@pytest.mark.parametrize("query,params,expect", CASES,
                         ids=[f"{c[0]}-{'-'.join(map(str, c[1].values())) if isinstance(c[1], dict) else 'db'}"
                              for c in CASES])
async def test_canned_query(ds, seed_db, metadata, query, params, expect):
    assert query in queries(metadata)
    params = params(seed_db) if callable(params) else params
    expected = expect(seed_db)
    qs = urlencode(params)

    response = await ds.client.get(f"/cafcass/{query}.json?_shape=array&{qs}")
    assert response.status_code == 200, response.text
    got = response.json()
    _compare(query, got, expected)

    response = await ds.client.get(f"/cafcass/{query}.csv?{qs}")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.text)))
    _compare(query, rows, [{k: csv_text(v) for k, v in e.items()} for e in expected])
    if not got:
        # Even with no rows the CSV names the query's columns.
        assert response.text.strip(), query

    response = await ds.client.get(f"/cafcass/{query}?{qs}")
    assert response.status_code == 200
    soup = BeautifulSoup(response.text, "html.parser")
    assert queries(metadata)[query]["title"] in soup.get_text()
    body_rows = soup.select("table.rows-and-columns tbody tr")
    assert len(body_rows) == len(expected), query
    links = [a["href"] for a in soup.select("td.col-passage_link a")]
    assert links == [href(e["passage_link"]) for e in expected if e.get("passage_link")], query
    marks = soup.select("td.col-snippet mark")
    assert bool(marks) == any("snippet" in e for e in expected), query


@pytest.mark.parametrize("query,params,expect", CASES,
                         ids=[f"{c[0]}-{'-'.join(map(str, c[1].values())) if isinstance(c[1], dict) else 'db'}"
                              for c in CASES])
async def test_canned_query_with_corrections_and_disputes(corrected_db, metadata, query, params, expect):
    """The same on a database with facts corrected and added by hand and readings that disagree."""
    ds = make_datasette(corrected_db, metadata)
    params = params(corrected_db) if callable(params) else params
    response = await ds.client.get(f"/cafcass/{query}.json?_shape=array&{urlencode(params)}")
    assert response.status_code == 200, response.text
    _compare(query, response.json(), expect(corrected_db))


def test_every_canned_query_has_a_case(metadata):
    assert set(queries(metadata)) == {c[0] for c in CASES}


async def test_marked_snippets_and_links_are_safe(ds):
    sql = ("select '⟦<script>alert(1)</script>⟧ & more' as snippet, "
           "'/-/cafcass/articles/x\"><script>#p1' as passage_link, "
           "'/-/cafcass/articles/001#p2' as ok_link")
    response = await ds.client.get("/cafcass?" + urlencode({"sql": sql}))
    assert response.status_code == 200
    assert "<script>alert" not in response.text
    soup = BeautifulSoup(response.text, "html.parser")
    mark = soup.select_one("td.col-snippet mark")
    assert mark.get_text() == "<script>alert(1)</script>"
    # A reader path links with its article id encoded, whatever the id holds.
    assert soup.select_one("td.col-passage_link a")["href"] == "/-/cafcass/articles/x%22%3E%3Cscript%3E#p1"
    assert soup.select_one("td.col-ok_link a")["href"] == "/-/cafcass/articles/001#p2"


# ------------------------------------------------------------------ done when


async def test_greater_london_answered_from_the_database_page(ds, seed_db, gold, facts_loaded):
    """How was Greater London rated, and who said what about it? Follow the
    database page's own links."""
    soup = BeautifulSoup((await ds.client.get("/cafcass")).text, "html.parser")
    # Relative links, so they also work under a base_url prefix.
    hrefs = [urljoin("/cafcass", a["href"]) for a in soup.select("a") if "Greater+London" in a.get("href", "")]
    assert any("/cafcass/rating_history?" in h for h in hrefs)
    assert any("/cafcass/who_said_what?" in h for h in hrefs)
    assert facts_loaded, "the seed build has no facts"
    london = next(i for i in gold["inspections"] if i["area"] == "Greater London")

    rating = next(h for h in hrefs if "rating_history" in h)
    page = BeautifulSoup((await ds.client.get(rating)).text, "html.parser")
    cells = [td.get_text(strip=True) for td in page.select("td.col-overall_rating")]
    assert london["required"]["overall effectiveness"] in cells

    said = next(h for h in hrefs if "who_said_what" in h)
    page = BeautifulSoup((await ds.client.get(said)).text, "html.parser")
    what = " ".join(td.get_text(" ", strip=True) for td in page.select("td.col-what"))
    assert f"overall effectiveness {london['required']['overall effectiveness']}" in what
    links = [a["href"] for a in page.select("td.col-passage_link a")]
    assert links and all(h.startswith("/-/cafcass/articles/") for h in links)
    # Each link points at a passage of an article that reports Greater London.
    for h in links:
        article_id, passage_id = h.rsplit("/", 1)[1].split("#p")
        assert article_id in london["sources"]
        assert sql_rows(seed_db, "select 1 from passages where id = ? and article_id = ?",
                        [passage_id, article_id])
