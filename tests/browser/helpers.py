"""What every browser test needs: rows read from the database a page is served
from (so a test expects what the data holds, never a number written in), and a
page load that fails the test when the server does not answer 200."""
import sqlite3

ROWS = "table.rows-and-columns tbody tr"  # a Datasette table page's rows


def db_rows(path, sql, *params):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


async def goto(page, url):
    response = await page.goto(url)
    assert response.ok, f"{url} answered {response.status}"
    return response
