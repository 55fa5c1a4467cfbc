#!/usr/bin/env python3
"""Server benchmark: wrk against `carbonledger serve` on SQLite and PostgreSQL (bench/server/README.md).

    bench/server/run.py --bin build-dev/src/cli/carbonledger [--db sqlite|postgresql|both]
                        [--threads 8] [--factories 100] [--duration 10s] [--connections 32]

For each database: `demo setup`, then `workspace load data/demo/fastener-2024.yaml` until there are
--factories inventories; start `serve` (its access log in the work folder), take an administrator's
API token, run wrk with reads.lua (GET …/activity?limit=50 rotating over every inventory) and
writes.lua (POST one activity record, rotating), and check the answers:
  * wrk saw no non-2xx answer and no socket error;
  * after the write run, the records in the database = before + the 201s of the access log, and
    that is between wrk's request count and that count + --connections (wrk does not count the
    requests still in flight when its clock stops);
  * `audit verify` exits 0 after the run.
PostgreSQL runs in a throw-away cluster made here with initdb (fsync and synchronous_commit ON,
unlike scripts/pg_test_cluster.sh, so that a 201 is a durable write).
Prints a table; --json FILE writes the figures. Exit 1 when a check fails (not when a goal is missed).
"""
import argparse
import http.client
import json
import os
import pathlib
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parents[2]
HERE = pathlib.Path(__file__).resolve().parent
ADMIN = ("admin@demo.test", "admin passphrase 1")
GOALS = {"reads_per_s": 10000, "writes_per_s": 1000, "p99_ms": 50}


def request(port, method, target, headers=None, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        data = json.dumps(body).encode() if body is not None else None
        headers = dict(headers or {})
        if data is not None:
            headers["Content-Type"] = "application/json"
        conn.request(method, target, body=data, headers=headers)
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        conn.close()


def run(cmd, env, **kw):
    done = subprocess.run(cmd, capture_output=True, env=env, cwd=REPO, **kw)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))}: exit {done.returncode}\n"
                           + (done.stdout + done.stderr).decode(errors="replace")[-2000:])
    return done.stdout.decode(errors="replace")


def build_database(binary, env, db_url, factories):
    started = time.monotonic()
    run([binary, "demo", "setup", "--db", db_url], env)
    # The demo has 2 inventories (demo-factory, other-factory); each load adds an organization
    # with one more inventory of the same demo size (57 records, 9 sources).
    for _ in range(factories - 2):
        run([binary, "workspace", "load", "data/demo/fastener-2024.yaml", "--db", db_url], env)
    return time.monotonic() - started


class Server:
    def __init__(self, binary, env, db_url, threads, log_path, page_cache_mb, write_concurrency):
        self.log_path = log_path
        self.proc = subprocess.Popen(
            [binary, "serve", "--port", "0", "--threads", str(threads), "--db", db_url,
             "--access-log", str(log_path), "--page-cache-mb", str(page_cache_mb),
             "--write-concurrency", str(write_concurrency)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=REPO)
        line = self.proc.stdout.readline().decode()
        match = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
        if not match:
            self.proc.kill()
            raise RuntimeError("server did not start: " + line)
        self.port = int(match.group(1))

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return "timeout"


def admin_token(port):
    status, headers, data = request(port, "POST", "/api/v1/auth/login",
                                    body={"login": ADMIN[0], "password": ADMIN[1]})
    if status != 200:
        raise RuntimeError(f"login: {status} {data[:300]!r}")
    cookie = "; ".join(v.split(";")[0] for k, v in headers if k.lower() == "set-cookie")
    csrf = json.loads(data)["csrf_token"]
    status, _, data = request(port, "POST", "/api/v1/auth/tokens",
                              {"Cookie": cookie, "X-CSRF-Token": csrf}, {"name": "bench"})
    if status != 201:
        raise RuntimeError(f"token: {status} {data[:300]!r}")
    return json.loads(data)["token"]


def inventories_and_sources(port, auth, factories):
    """[(inventory id, id of its source S01)] for inventories 1..factories."""
    pairs = []
    for inventory in range(1, factories + 1):
        status, _, data = request(port, "GET", f"/api/v1/inventories/{inventory}/sources", auth)
        if status != 200:
            raise RuntimeError(f"inventory {inventory} sources: {status} {data[:200]!r}")
        s01 = [s["id"] for s in json.loads(data)["items"] if s["code"] == "S01"]
        pairs.append((inventory, s01[0]))
    return pairs


def record_count(port, auth, inventories):
    total = 0
    for inventory in inventories:
        status, _, data = request(port, "GET", f"/api/v1/inventories/{inventory}/activity?limit=1",
                                  auth)
        if status != 200:
            raise RuntimeError(f"inventory {inventory} activity: {status} {data[:200]!r}")
        total += json.loads(data)["total"]
    return total


def access_log(log_path):
    entries = []
    for line in log_path.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if "event" not in entry:
            entries.append(entry)
    return entries


def wrk(script, port, data_file, opts):
    cmd = ["wrk", f"-t{opts.wrk_threads}", f"-c{opts.connections}", f"-d{opts.duration}",
           "--timeout", "10s", "-s", str(HERE / script), f"http://127.0.0.1:{port}"]
    env = dict(os.environ, CL_BENCH_DATA=str(data_file))
    out = subprocess.run(cmd, capture_output=True, env=env, check=True).stdout.decode()
    match = re.search(r"^CL_BENCH (\{.*\})$", out, flags=re.M)
    if not match:
        raise RuntimeError("wrk printed no CL_BENCH line:\n" + out)
    figures = json.loads(match.group(1))
    figures["per_s"] = figures["requests"] / (figures["duration_us"] / 1e6)
    figures["command"] = " ".join(cmd)
    figures["wrk_output"] = out
    return figures


def percentile(values, fraction):
    values = sorted(values)
    return values[min(len(values) - 1, int(fraction * len(values)))] if values else 0.0


def bench_database(label, db_url, binary, env, work, opts, problems):
    result = {"database": label}
    result["build_s"] = build_database(binary, env, db_url, opts.factories)
    log_path = work / f"{label}-access.log"
    server = Server(binary, env, db_url, opts.threads, log_path, opts.page_cache_mb,
                    opts.write_concurrency)
    try:
        token = admin_token(server.port)
        auth = {"Authorization": "Bearer " + token}
        pairs = inventories_and_sources(server.port, auth, opts.factories)
        inventories = [inventory for inventory, _ in pairs]
        data_file = work / f"{label}-data.lua"
        data_file.write_text(
            "return { token = %s, inventories = { %s }, sources = { %s } }\n" % (
                json.dumps(token), ", ".join(str(i) for i, _ in pairs),
                ", ".join(str(s) for _, s in pairs)), encoding="utf-8")
        before_log = len(access_log(log_path))

        # Warm-up (page cache, prepared statements), not measured.
        subprocess.run(["wrk", "-t1", "-c4", "-d2s", "-s", str(HERE / "reads.lua"),
                        f"http://127.0.0.1:{server.port}"], capture_output=True,
                       env=dict(os.environ, CL_BENCH_DATA=str(data_file)), check=True)

        reads = wrk("reads.lua", server.port, data_file, opts)
        result["reads"] = reads
        for key in ("non2xx", "connect", "read", "write", "timeout"):
            if reads[key]:
                problems.append(f"{label} reads: wrk counted {reads[key]} {key} errors")

        before = record_count(server.port, auth, inventories)
        mark = len(access_log(log_path))
        writes = wrk("writes.lua", server.port, data_file, opts)
        time.sleep(1)  # let the requests in flight when wrk stopped finish
        result["writes"] = writes
        for key in ("non2xx", "connect", "read", "write", "timeout"):
            if writes[key]:
                problems.append(f"{label} writes: wrk counted {writes[key]} {key} errors")
        after = record_count(server.port, auth, inventories)
        posted = [e for e in access_log(log_path)[mark:] if e["method"] == "POST"]
        created = sum(1 for e in posted if e["status"] == 201)
        result["records_before"], result["records_after"] = before, after
        result["log_201"] = created
        if after - before != created:
            problems.append(f"{label} writes: {after - before} new records, access log has "
                            f"{created} answers 201")
        if not writes["requests"] <= created <= writes["requests"] + opts.connections:
            problems.append(f"{label} writes: access log has {created} answers 201, wrk counted "
                            f"{writes['requests']} requests")
        if len(posted) != created:
            problems.append(f"{label} writes: {len(posted) - created} POSTs not answered 201")

        # Where the time goes: the server's own time (access log ms) against wrk's latency.
        entries = access_log(log_path)
        read_ms = [e["ms"] for e in entries[before_log:mark] if e["method"] == "GET"
                   and e["path"].endswith("/activity")]
        write_ms = [e["ms"] for e in posted]
        result["server_ms"] = {
            "read_p50": percentile(read_ms, 0.5), "read_p99": percentile(read_ms, 0.99),
            "write_p50": percentile(write_ms, 0.5), "write_p99": percentile(write_ms, 0.99)}
    finally:
        code = server.stop()
        if code != 0:
            problems.append(f"{label}: server did not stop cleanly on SIGTERM (exit {code})")
    try:
        run([binary, "audit", "verify", "--db", db_url], env, timeout=300)
    except RuntimeError as error:
        problems.append(f"{label}: audit verify failed: {error}")
    return result


def pg_cluster(work):
    """A throw-away PostgreSQL cluster with default durability; returns (url, stop)."""
    bins = sorted(pathlib.Path("/usr/lib/postgresql").glob("*/bin"),
                  key=lambda p: [int(x) for x in re.findall(r"\d+", p.parent.name)])
    if not bins:
        raise RuntimeError("no PostgreSQL server binaries under /usr/lib/postgresql")
    bindir = bins[-1]
    root = os.getuid() == 0
    prefix = ["runuser", "-u", "postgres", "--"] if root else []
    pgdir = work / "pg"
    pgdir.mkdir()
    if root:
        shutil.chown(work, "postgres", "postgres")
        shutil.chown(pgdir, "postgres", "postgres")
    subprocess.run(prefix + [str(bindir / "initdb"), "-D", str(pgdir / "data"), "-U", "postgres",
                             "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"],
                   check=True, capture_output=True)
    port = 20000 + os.getpid() % 30000
    subprocess.run(prefix + [str(bindir / "pg_ctl"), "-D", str(pgdir / "data"), "-l",
                             str(pgdir / "server.log"), "-w", "-t", "60", "-o",
                             f"-c listen_addresses='' -k {pgdir} -p {port} -c max_connections=200",
                             "start"], check=True, capture_output=True)

    def stop():
        subprocess.run(prefix + [str(bindir / "pg_ctl"), "-D", str(pgdir / "data"), "-m", "fast",
                                 "-w", "stop"], capture_output=True)
    url = f"postgresql:///postgres?host={pgdir}&port={port}&user=postgres"
    subprocess.run(["psql", url, "-qAt", "-c", "CREATE DATABASE clbench"], check=True,
                   capture_output=True)
    return f"postgresql:///clbench?host={pgdir}&port={port}&user=postgres", stop


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--threads", type=int, default=32, help="serve --threads (default 32)")
    parser.add_argument("--write-concurrency", type=int, default=8,
                        help="serve --write-concurrency (default 8, as serve)")
    parser.add_argument("--page-cache-mb", type=int, default=64,
                        help="serve --page-cache-mb (default 64; 0: every read queries the "
                             "database)")
    parser.add_argument("--factories", type=int, default=100)
    parser.add_argument("--duration", default="10s")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    opts = parser.parse_args()
    if shutil.which("wrk") is None:
        print("error: wrk not found (Debian package wrk; scripts/setup.sh installs it)")
        return 1
    binary = str(pathlib.Path(opts.bin).resolve())
    env = dict(os.environ, LC_ALL="C.UTF-8", CARBONLEDGER_DATA=str(REPO / "data"))
    work = pathlib.Path(tempfile.mkdtemp(prefix="cl-server-bench-"))
    os.chmod(work, 0o755)
    problems = []
    results = []
    try:
        if opts.db in ("sqlite", "both"):
            results.append(bench_database("sqlite", f"sqlite:{work / 'bench.db'}", binary, env,
                                          work, opts, problems))
        if opts.db in ("postgresql", "both"):
            url, stop = pg_cluster(work)
            try:
                results.append(bench_database("postgresql", url, binary, env, work, opts,
                                              problems))
            finally:
                stop()
    finally:
        if not opts.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"work folder: {work}")
    print(f"serve --threads {opts.threads} --write-concurrency {opts.write_concurrency} "
          f"--page-cache-mb {opts.page_cache_mb}; "
          f"wrk -t{opts.wrk_threads} -c{opts.connections} -d{opts.duration}; "
          f"{opts.factories} inventories; {os.cpu_count()} CPUs")
    print(f"{'database':<11} {'reads/s':>9} {'p50 ms':>7} {'p99 ms':>7} {'writes/s':>9} "
          f"{'p50 ms':>7} {'p99 ms':>7}  server ms (read p50/p99, write p50/p99)")
    for r in results:
        rd, wr, sm = r["reads"], r["writes"], r["server_ms"]
        print(f"{r['database']:<11} {rd['per_s']:>9.0f} {rd['p50_us'] / 1000:>7.2f} "
              f"{rd['p99_us'] / 1000:>7.2f} {wr['per_s']:>9.0f} {wr['p50_us'] / 1000:>7.2f} "
              f"{wr['p99_us'] / 1000:>7.2f}  {sm['read_p50']:.2f}/{sm['read_p99']:.2f}, "
              f"{sm['write_p50']:.2f}/{sm['write_p99']:.2f}  (db built in {r['build_s']:.0f} s; "
              f"records {r['records_before']} -> {r['records_after']})")
        goals = {
            f"reads >= {GOALS['reads_per_s']}/s": rd["per_s"] >= GOALS["reads_per_s"],
            f"writes >= {GOALS['writes_per_s']}/s": wr["per_s"] >= GOALS["writes_per_s"],
            f"p99 < {GOALS['p99_ms']} ms": max(rd["p99_us"], wr["p99_us"]) / 1000 < GOALS["p99_ms"],
        }
        print("    goals: " + ", ".join(f"{k}: {'met' if v else 'MISSED'}" for k, v in goals.items()))
    if opts.json:
        for r in results:
            for kind in ("reads", "writes"):
                r[kind].pop("wrk_output", None)
        pathlib.Path(opts.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    for problem in problems:
        print("CHECK FAILED: " + problem)
    print("checks: " + ("all passed" if not problems else f"{len(problems)} failed"))
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
