#!/usr/bin/env python3
"""The server's activity page cache never serves a page older than the database.

`GET /api/v1/inventories/{id}/activity` answers are kept by the inventory's revision, which
triggers raise on every change to its records and sources (store migration 11, server/
page_cache.hpp). For SQLite, and for PostgreSQL when a URL is given (as in server_crash_test.py),
the test
  1. builds the demo database and starts the server;
  2. reads a page twice: the second answer is the same bytes, marked `X-Cache: hit`;
  3. changes a record's amount with plain SQL in another process (sqlite3 / psql), as an
     administrator or a second server would: the next read is a miss and shows the new amount
     (PostgreSQL: the first read after PostgreSQL's notification of the change reached the
     server, within 5 s; the delays are printed; server/inventory_watch.hpp);
  4. deletes that record with plain SQL: the total drops by one;
  5. renames a source with plain SQL: the page shows the new code;
  6. posts a record through the server: the total rises by one at once (on PostgreSQL too: the
     server forgets what its own writes change before it answers them);
  7. reads with a filter (another query): its own entry, and after a change, a fresh page;
  8. with `--page-cache-mb 0` every read is a miss (no X-Cache: hit).
Every expected value is the change the test itself made (an amount it chose, a count ±1).

    tests/integration/page_cache_test.py --bin build-dev/src/cli/carbonledger

The last line printed is always "N passed, M failed"; the exit status is 1 on any failure.
"""
import argparse
import json
import os
import pathlib
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import server_crash_test as crash  # noqa: E402  (request, api_token, psql, the PostgreSQL URL)
import run_api  # noqa: E402  (put on the path by server_crash_test)

REPO = crash.REPO
INVENTORY = crash.INVENTORY
PAGE = f"/api/v1/inventories/{INVENTORY}/activity?limit=5"


def read(port, auth, target=PAGE):
    status, headers, data = crash.request(port, "GET", target, auth)
    if status != 200:
        raise RuntimeError(f"GET {target}: {status} {data[:300]!r}")
    cache = dict((name.lower(), value) for name, value in headers).get("x-cache", "")
    return json.loads(data), data, cache


class Sql:
    """Statements in a process other than the server's: sqlite3, or psql for PostgreSQL."""

    def __init__(self, db_url):
        self.db_url = db_url

    def run(self, sql):
        if self.db_url.startswith("sqlite:"):
            with sqlite3.connect(self.db_url[len("sqlite:"):], timeout=30) as conn:
                conn.executescript(sql)
            return
        code, err = crash.psql(self.db_url, sql)
        if code != 0:
            raise RuntimeError(f"psql: {err[-500:]}")


def read_after_sql(port, auth, label, fresh, target=PAGE, delays=None):
    """The first read that `fresh` accepts after a change made with plain SQL. SQLite: the next
    read (every read reads the inventory's revision). PostgreSQL: reads until one is fresh, for
    up to 5 s, since the server keeps inventories' rows until PostgreSQL's notification of the
    change arrives (server/inventory_watch.hpp); the wait and the reads it took go to `delays`."""
    start = time.monotonic()
    reads = 0
    while True:
        page, data, cache = read(port, auth, target)
        reads += 1
        if fresh(page) or label == "sqlite" or time.monotonic() - start > 5:
            if delays is not None:
                delays.append(f"{(time.monotonic() - start) * 1000:.1f} ms ({reads} reads)")
            return page, data, cache
        time.sleep(0.002)


def watch_started(log_path):
    """Whether the access log says the server listens for changed inventories (waits 10 s)."""
    for _ in range(500):
        if log_path.exists():
            for line in log_path.read_text(errors="replace").splitlines():
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue  # a line being written
                if entry.get("event") == "inventory_watch" and \
                        entry.get("detail") == "listening for changed inventories":
                    return True
        time.sleep(0.02)
    return False


def stop(server):
    server.send_signal(signal.SIGTERM)
    try:
        return server.wait(timeout=10) == 0
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
        return False


def cache_round(results, label, binary, env, db_url, work):
    made = subprocess.run([binary, "demo", "setup", "--db", db_url], capture_output=True,
                          env=env, cwd=REPO, timeout=120)
    if not results.check(f"{label}: demo setup", made.returncode == 0,
                         made.stderr.decode(errors="replace")[-1500:]):
        return
    sql = Sql(db_url)
    log_path = work / f"{label}-access.log"
    server, port = run_api.start_server(binary, env, db_url, log_path)
    delays = []
    try:
        auth = {"Authorization": f"Bearer {crash.api_token(port)}"}
        if label == "postgresql":
            results.check(f"{label}: the server listens for changed inventories",
                          watch_started(log_path), "no inventory_watch event in the access log")
        first, first_bytes, cache = read(port, auth)
        results.check(f"{label}: the first read is a miss", cache == "miss", cache)
        again, again_bytes, cache = read(port, auth)
        results.check(f"{label}: the second read is a hit with the same bytes",
                      cache == "hit" and again_bytes == first_bytes, cache)
        total = first["total"]
        record = first["items"][0]

        sql.run(f"UPDATE activity_records SET amount = 4321.5 WHERE id = {record['id']}")
        page, _, cache = read_after_sql(port, auth, label,
                                        lambda page: page["items"][0]["amount"] == 4321.5,
                                        delays=delays)
        results.check(f"{label}: an amount changed by SQL is read (4321.5)",
                      cache == "miss" and page["items"][0]["amount"] == 4321.5,
                      f"{cache} {page['items'][0]}")

        sql.run(f"DELETE FROM activity_comments WHERE activity_id = {record['id']}; "
                f"DELETE FROM activity_records WHERE id = {record['id']}")
        page, _, cache = read_after_sql(port, auth, label,
                                        lambda page: page["total"] == total - 1, delays=delays)
        results.check(f"{label}: a record deleted by SQL leaves the total {total} - 1",
                      page["total"] == total - 1 and
                      all(item["id"] != record["id"] for item in page["items"]),
                      f"{cache} total {page['total']}")

        code = page["items"][0]["source"]
        source_id = page["items"][0]["source_id"]
        sql.run(f"UPDATE sources SET code = 'Z-{code}' WHERE id = {source_id}")
        page, _, cache = read_after_sql(
            port, auth, label, lambda page: all(item["source"] != code for item in page["items"]),
            delays=delays)
        renamed, _, _ = read(port, auth, f"{PAGE}&source={source_id}")
        results.check(f"{label}: a source renamed by SQL shows as Z-{code}",
                      cache == "miss" and all(item["source"] != code for item in page["items"])
                      and renamed["items"] and
                      all(item["source"] == f"Z-{code}" for item in renamed["items"]),
                      f"{cache} {[item['source'] for item in page['items']]}")

        status, _, data = crash.request(
            port, "POST", f"/api/v1/inventories/{INVENTORY}/activity",
            dict(auth, **{"Content-Type": "application/json"}),
            {"source_id": source_id, "period": "2024-05", "amount": 7.25, "unit": "L"})
        results.check(f"{label}: a record posted through the server", status == 201,
                      f"{status} {data[:200]!r}")
        page, _, cache = read(port, auth)
        results.check(f"{label}: the total after the post is {total} - 1 + 1",
                      cache == "miss" and page["total"] == total, f"{cache} {page['total']}")

        filtered = f"{PAGE}&period_from=2024-06&period_to=2024-06"
        june, _, cache = read(port, auth, filtered)
        results.check(f"{label}: a filtered read is its own entry (miss)", cache == "miss", cache)
        _, _, cache = read(port, auth, filtered)
        results.check(f"{label}: the filtered read again is a hit", cache == "hit", cache)
        sql.run(f"UPDATE activity_records SET amount = 99.75 WHERE id = {june['items'][0]['id']}")
        june_after, _, cache = read_after_sql(
            port, auth, label, lambda page: page["items"][0]["amount"] == 99.75, filtered,
            delays)
        results.check(f"{label}: the filtered page after an SQL change shows 99.75",
                      cache == "miss" and june_after["items"][0]["amount"] == 99.75,
                      f"{cache} {june_after['items'][0]}")
        if label == "postgresql":
            print(f"note: {label}: SQL changes were read after {', '.join(delays)}")
    except (RuntimeError, OSError, ValueError, KeyError, IndexError) as error:
        results.check(f"{label}: reads and changes", False, repr(error))
    finally:
        results.check(f"{label}: server stops cleanly", stop(server))

    server, port = run_api.start_server(binary, env, db_url, work / f"{label}-off.log",
                                        extra=("--page-cache-mb", "0"))
    try:
        auth = {"Authorization": f"Bearer {crash.api_token(port)}"}
        marks = [read(port, auth)[2] for _ in range(3)]
        results.check(f"{label}: --page-cache-mb 0 keeps nothing", marks == ["", "", ""],
                      str(marks))
    finally:
        stop(server)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    opts = parser.parse_args()
    binary = str(pathlib.Path(opts.bin).resolve())
    env = dict(os.environ, LC_ALL="C.UTF-8", CARBONLEDGER_DATA=str(REPO / "data"))
    results = crash.Results()
    work = pathlib.Path(tempfile.mkdtemp(prefix="cl-cache-test-"))
    if opts.only != "postgresql":
        cache_round(results, "sqlite", binary, env, f"sqlite:{work / 'cache.db'}", work)
    if opts.only != "sqlite":
        admin_url, note = crash.pg_url(results)
        if admin_url is None:
            print(f"note: PostgreSQL part skipped ({note})")
        else:
            name = f"cl_cache_{os.getpid()}_{int(time.time())}"
            code, err = crash.psql(admin_url, f"CREATE DATABASE {name}")
            if results.check("postgresql: create a fresh database", code == 0, err[-1000:]):
                try:
                    cache_round(results, "postgresql", binary, env,
                                crash.with_database(admin_url, name), work)
                finally:
                    crash.psql(admin_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    print(f"{results.passed} passed, {results.failed} failed")
    return 1 if results.failed else 0


if __name__ == "__main__":
    sys.exit(main())
