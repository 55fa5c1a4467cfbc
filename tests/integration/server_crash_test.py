#!/usr/bin/env python3
"""Crash safety of `carbonledger serve`: what it acknowledged survives a SIGKILL.

For SQLite, and for PostgreSQL when a URL is given, the test
  1. builds the demo database (`carbonledger demo setup`) and starts the server on it;
  2. streams activity records into inventory 1 (source S01, litres) from --clients threads with
     an API token, each on its own keep-alive connection, and notes every write answered
     201 (its id and amount; every amount is unique, so a record tells who sent it);
  3. sends SIGKILL to the server after --kill-after seconds, mid-stream;
  4. runs `carbonledger audit verify` on the crashed database (exit 0 expected);
  5. restarts the server on the same database and checks that every acknowledged record is
     there with its amount (GET /api/v1/activity/{id}), and that the only records not
     acknowledged are in-flight ones (sent, no answer before the kill): at most one a thread;
  6. stops the server with SIGTERM (clean exit) and runs `audit verify` again.

PostgreSQL: the URL comes from CL_TEST_PG_URL, or from the file named by CL_TEST_PG_URL_FILE (the
store_pg CTest fixture of tests/integration/store_tests writes it). The test makes a fresh
database in that cluster (CREATE DATABASE via psql) and drops it afterwards. With neither
variable set the PostgreSQL part is skipped with a note; with CL_TEST_PG_URL_FILE set but the
file missing it fails.

    tests/integration/server_crash_test.py --bin build-dev/src/cli/carbonledger

The last line printed is always "N passed, M failed"; the exit status is 1 on any failure.
"""
import argparse
import http.client
import json
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "api"))
import run_api  # noqa: E402  (tests/api/run_api.py: starting a server)

REPO = pathlib.Path(__file__).resolve().parents[2]
LOGIN = "factory@demo.test"
PASSWORD = "factory passphrase 1"
INVENTORY = 1


class Results:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print(f"ok   {name}")
        else:
            self.failed += 1
            print(f"FAIL {name}" + (f": {detail}" if detail else ""))
        sys.stdout.flush()
        return ok


def request(port, method, target, headers=None, body=None, timeout=30):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        data = json.dumps(body).encode() if body is not None else None
        all_headers = dict(headers or {})
        if data is not None:
            all_headers["Content-Type"] = "application/json"
        conn.request(method, target, body=data, headers=all_headers)
        response = conn.getresponse()
        payload = response.read()
        return response.status, response.getheaders(), payload
    finally:
        conn.close()


def start_server(binary, env, db_url, log_path):
    return run_api.start_server(binary, env, db_url, log_path, threads=8)


def api_token(port):
    status, headers, data = request(port, "POST", "/api/v1/auth/login",
                                    body={"login": LOGIN, "password": PASSWORD})
    if status != 200:
        raise RuntimeError(f"login failed: {status} {data[:300]!r}")
    cookie = "; ".join(value.split(";")[0] for name, value in headers
                       if name.lower() == "set-cookie")
    csrf = json.loads(data)["csrf_token"]
    status, _, data = request(port, "POST", "/api/v1/auth/tokens",
                              {"Cookie": cookie, "X-CSRF-Token": csrf},
                              {"name": "server crash test"})
    if status != 201:
        raise RuntimeError(f"token failed: {status} {data[:300]!r}")
    return json.loads(data)["token"]


def diesel_source(port, auth):
    status, _, data = request(port, "GET", f"/api/v1/inventories/{INVENTORY}/sources", auth)
    if status != 200:
        raise RuntimeError(f"sources: {status} {data[:300]!r}")
    for source in json.loads(data)["items"]:
        if source["code"] == "S01":
            return source["id"]
    raise RuntimeError("inventory 1 has no source S01")


def all_records(port, auth):
    """{id: amount} of inventory 1's activity records, read page by page."""
    records = {}
    offset = 0
    while True:
        status, _, data = request(
            port, "GET", f"/api/v1/inventories/{INVENTORY}/activity?limit=1000&offset={offset}", auth)
        if status != 200:
            raise RuntimeError(f"activity list: {status} {data[:300]!r}")
        page = json.loads(data)
        for item in page["items"]:
            records[item["id"]] = item["amount"]
        if page.get("next_offset") is None or not page["items"]:
            return records
        offset = page["next_offset"]


class Writer(threading.Thread):
    """Posts activity records until told to stop or the connection dies."""

    def __init__(self, number, port, auth, source_id, stop):
        super().__init__(daemon=True)
        self.number = number
        self.port = port
        self.auth = dict(auth, **{"Content-Type": "application/json"})
        self.source_id = source_id
        self.stop = stop
        self.acked = {}          # id -> amount
        self.in_flight = set()   # amounts sent without an answer (at most one)
        self.refused = []        # (status, body) of answers other than 201
        self.errors = []

    def amount(self, seq):
        # Unique a writer and a sequence number, exact in binary: n * 100000 + seq + 0.25.
        return (self.number + 1) * 100000 + seq + 0.25

    def run(self):
        conn = None
        seq = 0
        target = f"/api/v1/inventories/{INVENTORY}/activity"
        while not self.stop.is_set():
            seq += 1
            amount = self.amount(seq)
            body = json.dumps({"source_id": self.source_id, "period": "2024-05",
                               "amount": amount, "unit": "L",
                               "note": f"crash test writer {self.number}"}).encode()
            self.in_flight.add(amount)
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                conn.request("POST", target, body=body, headers=self.auth)
                response = conn.getresponse()
                data = response.read()
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException) as error:
                # The server died (or closed a kept-alive connection): the answer is unknown.
                if conn is not None:
                    conn.close()
                    conn = None
                if self.stop.is_set():
                    break
                # A closed keep-alive connection before the kill: retrying the same amount
                # could make a duplicate, so move on and keep this one as in flight only when
                # the server is gone (checked by the caller via `errors`).
                self.errors.append(repr(error))
                continue
            self.in_flight.discard(amount)
            if response.status == 201:
                self.acked[json.loads(data)["id"]] = amount
            else:
                self.refused.append((response.status, data[:300]))
        if conn is not None:
            conn.close()


def audit_verify(binary, env, db_url):
    done = subprocess.run([binary, "audit", "verify", "--db", db_url], capture_output=True,
                          env=env, cwd=REPO, timeout=120)
    return done.returncode, (done.stdout + done.stderr).decode(errors="replace")[-1500:]


def crash_round(results, label, binary, env, db_url, work, opts):
    made = subprocess.run([binary, "demo", "setup", "--db", db_url], capture_output=True,
                          env=env, cwd=REPO, timeout=120)
    if not results.check(f"{label}: demo setup", made.returncode == 0,
                         made.stderr.decode(errors="replace")[-1500:]):
        return
    log_path = work / f"{label}-access.log"
    try:
        server, port = start_server(binary, env, db_url, log_path)
    except RuntimeError as error:
        results.check(f"{label}: server starts", False, str(error))
        return
    try:
        token = api_token(port)
        auth = {"Authorization": "Bearer " + token}
        source_id = diesel_source(port, auth)
        before = all_records(port, auth)
    except (RuntimeError, OSError, ValueError) as error:
        server.kill()
        server.wait()
        results.check(f"{label}: setup through the API", False, str(error))
        return

    stop = threading.Event()
    writers = [Writer(n, port, auth, source_id, stop) for n in range(opts.clients)]
    for writer in writers:
        writer.start()
    time.sleep(opts.kill_after)
    server.send_signal(signal.SIGKILL)
    stop.set()
    server.wait()
    for writer in writers:
        writer.join(timeout=60)
    results.check(f"{label}: writers stop after the kill", not any(w.is_alive() for w in writers))

    acked = {}
    for writer in writers:
        acked.update(writer.acked)
    in_flight = set().union(*(writer.in_flight for writer in writers))
    refused = [item for writer in writers for item in writer.refused]
    errors = [item for writer in writers for item in writer.errors]
    print(f"     {label}: {len(acked)} writes acknowledged in {opts.kill_after} s, "
          f"{len(in_flight)} in flight at the kill, {len(refused)} refused, "
          f"{len(errors)} connection errors before the kill")
    results.check(f"{label}: the stream was running when killed (>= {opts.min_acked} acknowledged)",
                  len(acked) >= opts.min_acked, f"only {len(acked)}")
    results.check(f"{label}: no write refused before the kill", not refused,
                  "; ".join(f"{status} {body!r}" for status, body in refused[:5]))
    results.check(f"{label}: no connection error before the kill", not errors,
                  "; ".join(errors[:5]))

    code, output = audit_verify(binary, env, db_url)
    results.check(f"{label}: audit verify after the crash exits 0", code == 0,
                  f"exit {code}: {output}")

    try:
        server, port = start_server(binary, env, db_url, log_path)
    except RuntimeError as error:
        results.check(f"{label}: server restarts on the crashed database", False, str(error))
        return
    results.check(f"{label}: server restarts on the crashed database", True)
    try:
        missing = []
        wrong = []
        for record_id, amount in sorted(acked.items()):
            status, _, data = request(port, "GET", f"/api/v1/activity/{record_id}", auth)
            if status != 200:
                missing.append(f"{record_id} ({status})")
                continue
            record = json.loads(data)
            if record.get("amount") != amount or record.get("source_id") != source_id \
                    or record.get("period") != "2024-05":
                wrong.append(f"{record_id}: {record.get('amount')} != {amount}")
        results.check(f"{label}: all {len(acked)} acknowledged records survive", not missing,
                      f"{len(missing)} missing, e.g. {missing[:5]}")
        results.check(f"{label}: acknowledged records keep their amounts", not wrong,
                      "; ".join(wrong[:5]))

        after = all_records(port, auth)
        gone = sorted(set(before) - set(after))
        results.check(f"{label}: the demo's records are untouched", not gone,
                      f"missing {gone[:10]}")
        extra = {rid: amount for rid, amount in after.items()
                 if rid not in before and rid not in acked}
        strays = [rid for rid, amount in extra.items() if amount not in in_flight]
        results.check(f"{label}: unacknowledged records are in-flight ones only "
                      f"({len(extra)} <= {opts.clients})",
                      len(extra) <= opts.clients and not strays,
                      f"{len(extra)} unacknowledged, not in flight: "
                      f"{[(rid, extra[rid]) for rid in strays[:5]]}")
        amounts = [amount for rid, amount in after.items() if rid not in before]
        results.check(f"{label}: no record written twice", len(amounts) == len(set(amounts)),
                      f"{len(amounts) - len(set(amounts))} duplicates")
    except (RuntimeError, OSError, ValueError) as error:
        results.check(f"{label}: reading back after the restart", False, str(error))
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            code = server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            code = "timeout"
        results.check(f"{label}: restarted server stops cleanly on SIGTERM", code == 0,
                      f"exit {code}")
    code, output = audit_verify(binary, env, db_url)
    results.check(f"{label}: audit verify after the restart exits 0", code == 0,
                  f"exit {code}: {output}")


def pg_url(results):
    """(url, note): the PostgreSQL admin URL, or None and why not."""
    url = os.environ.get("CL_TEST_PG_URL", "").strip()
    if url:
        return url, None
    url_file = os.environ.get("CL_TEST_PG_URL_FILE", "").strip()
    if url_file:
        try:
            return pathlib.Path(url_file).read_text(encoding="utf-8").strip(), None
        except OSError as error:
            results.check("PostgreSQL URL file (store_pg fixture) is readable", False, str(error))
            return None, "fixture failed"
    return None, "neither CL_TEST_PG_URL nor CL_TEST_PG_URL_FILE set"


def with_database(url, name):
    """The libpq URL `url` pointing at database `name` (postgresql:///postgres?… form too)."""
    scheme_end = url.index("://") + 3
    slash = url.find("/", scheme_end)
    query = url.find("?")
    tail = url[query:] if query >= 0 else ""
    head = url[:slash] if slash >= 0 and (query < 0 or slash < query) else \
        (url[:query] if query >= 0 else url)
    return f"{head}/{name}{tail}"


def psql(url, sql):
    done = subprocess.run(["psql", url, "-qAt", "-v", "ON_ERROR_STOP=1", "-c", sql],
                          capture_output=True, timeout=60)
    return done.returncode, done.stderr.decode(errors="replace")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True)
    parser.add_argument("--clients", type=int, default=4, help="writer threads (default 4)")
    parser.add_argument("--kill-after", type=float, default=1.5,
                        help="seconds of writing before SIGKILL (default 1.5)")
    parser.add_argument("--min-acked", type=int, default=20,
                        help="fewest acknowledged writes that show the stream ran (default 20)")
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    opts = parser.parse_args()
    binary = str(pathlib.Path(opts.bin).resolve())
    env = dict(os.environ, LC_ALL="C.UTF-8", CARBONLEDGER_DATA=str(REPO / "data"))
    results = Results()
    work = pathlib.Path(tempfile.mkdtemp(prefix="cl-crash-test-"))
    try:
        if opts.only != "postgresql":
            crash_round(results, "sqlite", binary, env, f"sqlite:{work / 'crash.db'}", work, opts)
        if opts.only != "sqlite":
            admin_url, note = pg_url(results)
            if admin_url is None:
                print(f"note: PostgreSQL part skipped ({note})")
            else:
                name = f"cl_crash_{os.getpid()}_{int(time.time())}"
                code, err = psql(admin_url, f"CREATE DATABASE {name}")
                if results.check("postgresql: create a fresh database", code == 0, err[-1000:]):
                    try:
                        crash_round(results, "postgresql", binary, env,
                                    with_database(admin_url, name), work, opts)
                    finally:
                        psql(admin_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    finally:
        if results.failed == 0:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"note: kept {work}")
    print(f"{results.passed} passed, {results.failed} failed")
    return 0 if results.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
