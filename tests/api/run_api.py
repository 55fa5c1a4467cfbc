#!/usr/bin/env python3
"""API golden tests: start `carbonledger serve` on a free port and replay tests/api/cases/*.test.

A case file:

    # what this case shows (and any hand check of a number)
    request: POST /api/v1/inventory/compute?format=json
    as: factory@demo.test            # optional: log in (once, cached) and send cookie + CSRF
    as: factory@demo.test fresh      #   or with a session of its own
    auth: token                      # optional, with `as:`: an API token instead of the cookie
    csrf: omit | wrong               # optional: leave out / falsify X-CSRF-Token
    header: Content-Type: application/json         (repeatable)
    basic: ${client_id}:${secret}    # optional: Authorization: Basic (RFC 6749 §2.3.1 encoding)
    save: token = access_token       # optional, repeatable: keep a value of the JSON answer
    body-file: tests/fixtures/inventories/small.json   (path from the repository root)
    body-size: 11534336              # a JSON body of this many bytes (oversize cases)
    repeat-before: 5                 # send the same request this many times first
    capture: code = invite_code      # keep a value of the JSON answer (a random invitation code)
                                     #   for later cases of the folder, which write it {{code}}
    status: 200
    expect-header: Content-Type: application/json  (exact; `Name ~ text` for "contains")
    --- body
    the request body, verbatim (instead of body-file)
    --- json
    the whole expected JSON answer (compared as JSON; `--update` rewrites this section)
    --- keys
    code = "parse.syntax"            # JSON path = expected JSON value, one per line
    items# = 3                       # a trailing # compares the length of a list
    where.field = "body"
    goods[0].see_direct ~ 1.057858      # a number within 5e-7 (a hand result to 6 decimals)
    --- contains
    text the (non-JSON) answer must contain, one item per line

`${name}` in the request line, headers, `basic:` and the body is replaced by a value an earlier
case of the folder saved (a secret the server shows once, a token). Error answers of the PACT
API (paths outside /api/) are PACT's {code, message} or RFC 6749's {error, error_description},
not {code, message, where}.

Sections are optional; at least `request:` and `status:`. Before the cases, the runner reads the
route table with `carbonledger serve --routes`; it fails when a route has no case answered with
a 2xx status (the meta-check of tests/golden/run_golden.py).

Each folder of cases gets its own server on a fresh copy of the demo database
(`carbonledger demo setup`, data/demo/workspace.json: its ids are listed in tests/api/README.md),
so a folder's cases may rely on the demo's ids and see each other's writes in file-name order.
After a folder's cases the runner checks that server's access log (one JSON line per request with
time, method, path, status, bytes, ms, id, user, ip, and no secret in it), stops it with SIGTERM
and expects a clean exit within 10 s.
The last line printed is always "N passed, M failed".
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
import threading
import time

REPO = pathlib.Path(__file__).resolve().parents[2]
WORKSPACE = REPO / "data/demo/workspace.json"
USERS = {user["login"]: user["password"]
         for user in json.loads(WORKSPACE.read_text(encoding="utf-8"))["users"]}


def parse_case(path):
    text = path.read_text(encoding="utf-8")
    parts = re.split(r"^--- (body|json|keys|contains)\n", text, flags=re.M)
    header, sections = parts[0], dict(zip(parts[1::2], parts[2::2]))
    case = {"headers": [], "expect_headers": [], "saves": [], "sections": sections,
            "header_text": header}
    for line in header.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, _, value = line.partition(":")
        value = value.strip()
        if key == "header":
            name, _, content = value.partition(":")
            case["headers"].append((name.strip(), content.strip()))
        elif key == "expect-header":
            case["expect_headers"].append(value)
        elif key == "capture":
            name, _, json_at = value.partition("=")
            case.setdefault("captures", []).append((name.strip(), json_at.strip()))
        elif key == "save":
            name, _, path_text = value.partition(" = ")
            case["saves"].append((name.strip(), path_text.strip()))
        elif key in ("request", "as", "auth", "csrf", "body-file", "body-size", "repeat-before",
                     "status", "basic"):
            case[key] = value
        else:
            raise ValueError(f"{path}: unknown line '{line}'")
    if "request" not in case or "status" not in case:
        raise ValueError(f"{path}: needs 'request:' and 'status:'")
    case["method"], _, case["target"] = case["request"].partition(" ")
    return case


class Client:
    def __init__(self, port):
        self.port = port
        self.sessions = {}
        self.tokens = {}
        self.saved = {}  # `save:` values of earlier cases, for `${name}`
        self.sent = 0
        self.captured = {}  # capture: name → value, written {{name}} in later cases

    def fill(self, text):
        """`{{name}}` from `capture:` and `${name}` from `save:` of earlier cases."""
        for name, value in self.captured.items():
            text = text.replace("{{" + name + "}}", str(value))

        def value(match):
            if match.group(1) not in self.saved:
                raise ValueError(f"${{{match.group(1)}}} was not saved by an earlier case")
            return str(self.saved[match.group(1)])
        return re.sub(r"\$\{([a-z_]+)\}", value, text)

    def send(self, method, target, headers, body):
        self.sent += 1
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.putrequest(method, target, skip_accept_encoding=True)
            for name, value in headers:
                conn.putheader(name, value)
            if body is not None:
                conn.putheader("Content-Length", str(len(body)))
            elif method in ("POST", "PUT", "PATCH"):
                conn.putheader("Content-Length", "0")
            conn.endheaders()
            if body is not None:
                try:
                    conn.send(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the server answered (413) before taking the whole body
            response = conn.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            conn.close()

    def login(self, user, fresh=False):
        if user in self.sessions and not fresh:
            return self.sessions[user]
        body = json.dumps({"login": user, "password": USERS[user]}).encode()
        status, headers, data = self.send("POST", "/api/v1/auth/login",
                                          [("Content-Type", "application/json")], body)
        if status != 200:
            raise RuntimeError(f"login of {user} failed: {status} {data[:300]!r}")
        cookies = [value.split(";")[0] for name, value in headers if name.lower() == "set-cookie"]
        session = ("; ".join(cookies), json.loads(data)["csrf_token"])
        if not fresh:
            self.sessions[user] = session
        return session

    def token(self, user):
        if user not in self.tokens:
            cookie, csrf = self.login(user)
            status, _, data = self.send(
                "POST", "/api/v1/auth/tokens",
                [("Content-Type", "application/json"), ("Cookie", cookie), ("X-CSRF-Token", csrf)],
                json.dumps({"name": "api test runner"}).encode())
            if status != 201:
                raise RuntimeError(f"token for {user} failed: {status} {data[:300]!r}")
            self.tokens[user] = json.loads(data)["token"]
        return self.tokens[user]


def case_request(client, case):
    headers = [(name, client.fill(value)) for name, value in case["headers"]]
    if "basic" in case:
        import base64
        import urllib.parse
        user, _, secret = client.fill(case["basic"]).partition(":")
        pair = urllib.parse.quote_plus(user) + ":" + urllib.parse.quote_plus(secret)
        headers.append(("Authorization", "Basic " + base64.b64encode(pair.encode()).decode()))
    if "as" in case:
        user, _, mode = case["as"].partition(" ")
        if case.get("auth") == "token":
            headers.append(("Authorization", "Bearer " + client.token(user)))
        else:
            cookie, csrf = client.login(user, fresh=(mode == "fresh"))
            headers.append(("Cookie", cookie))
            if case.get("csrf") == "wrong":
                headers.append(("X-CSRF-Token", "clc_" + "A" * 43))
            elif case.get("csrf") != "omit":
                headers.append(("X-CSRF-Token", csrf))
    body = None
    if "body-file" in case:
        body = (REPO / case["body-file"]).read_bytes()
    elif "body-size" in case:
        size = int(case["body-size"])
        body = b'{"a":"' + b"x" * (size - 8) + b'"}'
    elif "body" in case["sections"]:
        body = client.fill(case["sections"]["body"]).encode()
        if body.endswith(b"\n"):
            body = body[:-1]
    return headers, body


def json_path(value, path):
    """`a.b[2].c`; a trailing `#` gives the length of the list or object (`items# = 3`)."""
    if path.endswith("#"):
        return len(json_path(value, path[:-1]))
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        if part.startswith("["):
            value = value[int(part[1:-1])]
        else:
            value = value[part]
    return value


def check(case, status, headers, data, update, path):
    problems = []
    if status != int(case["status"]):
        problems.append(f"status {status}, expected {case['status']}")
    lower = {}
    for name, value in headers:
        lower.setdefault(name.lower(), []).append(value)
    for expect in case["expect_headers"]:
        if " ~ " in expect:
            name, text = expect.split(" ~ ", 1)
            if not any(text in value for value in lower.get(name.strip().lower(), [])):
                problems.append(f"header {name.strip()} lacks '{text}': {lower.get(name.lower())}")
        else:
            name, _, text = expect.partition(":")
            if text.strip() not in lower.get(name.strip().lower(), []):
                problems.append(f"header {name.strip()} is {lower.get(name.strip().lower())}, "
                                f"expected '{text.strip()}'")
    content_type = ";".join(lower.get("content-type", []))
    if not lower.get("x-request-id"):
        problems.append("answer has no X-Request-Id")
    body = None
    if "application/json" in content_type and case["method"] != "HEAD":
        try:
            body = json.loads(data)
        except ValueError as error:
            problems.append(f"answer is not JSON: {error}")
    elif status >= 400:
        problems.append(f"error answer is not JSON ({content_type})")
    pact = not case["target"].startswith("/api/")
    if body is not None and status >= 400 and pact:
        keys = ("error", "error_description") if "error" in body else ("code", "message")
        for key in keys:
            if key not in body:
                problems.append(f"PACT error answer lacks '{key}'")
    elif body is not None and status >= 400:
        for key in ("code", "message", "where"):
            if key not in body:
                problems.append(f"error answer lacks '{key}'")
    sections = case["sections"]
    if "json" in sections:
        if update:
            text = path.read_text(encoding="utf-8")
            head, _, _ = text.partition("--- json\n")
            rest = re.split(r"^(--- (?:keys|contains)\n)", text.partition("--- json\n")[2],
                            maxsplit=1, flags=re.M)
            tail = "".join(rest[1:]) if len(rest) > 1 else ""
            rendered = json.dumps(body, indent=2, ensure_ascii=False) + "\n"
            path.write_text(head + "--- json\n" + rendered + tail, encoding="utf-8")
        elif body != json.loads(sections["json"]):
            problems.append("JSON differs:\n" + json.dumps(body, indent=2, ensure_ascii=False)[:3000])
    for line in sections.get("keys", "").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        is_near = " ~ " in line and " = " not in line
        key, _, expected = line.partition(" ~ " if is_near else " = ")
        try:
            actual = json_path(body, key.strip())
        except (KeyError, IndexError, TypeError):
            problems.append(f"no '{key.strip()}' in the answer")
            continue
        if is_near:
            # A hand-computed number given to 6 decimals: equal within half a unit of the last one.
            if not isinstance(actual, (int, float)) or abs(actual - json.loads(expected)) > 5e-7:
                problems.append(f"{key.strip()} is {json.dumps(actual)}, expected ~{expected}")
        elif actual != json.loads(expected):
            problems.append(f"{key.strip()} is {json.dumps(actual, ensure_ascii=False)}, "
                            f"expected {expected}")
    text = data.decode("utf-8", errors="replace")
    for line in sections.get("contains", "").splitlines():
        if line and line not in text:
            problems.append(f"answer lacks '{line}'")
    return problems


def route_table(binary, env):
    out = subprocess.run([binary, "serve", "--routes"], capture_output=True, env=env, check=True,
                         cwd=REPO).stdout.decode()
    routes = []
    for line in out.splitlines():
        method, pattern = line.split()[:2]
        routes.append((method, pattern))
    return routes


def openapi_problems(routes):
    """Every route is documented in docs/api/openapi.yaml with its method, and nothing else is."""
    import yaml  # python3-yaml, a dependency of Debian's python3 packages used here
    document = yaml.safe_load((REPO / "docs/api/openapi.yaml").read_text(encoding="utf-8"))
    documented = {(method.upper(), path) for path, item in document["paths"].items()
                  for method in item if method in ("get", "post", "put", "patch", "delete")}
    listed = set(routes)
    problems = [f"route {m} {p} is not in docs/api/openapi.yaml" for m, p in sorted(listed - documented)]
    problems += [f"docs/api/openapi.yaml documents {m} {p}, which is no route"
                 for m, p in sorted(documented - listed)]
    return problems


def route_of(routes, method, target):
    path = target.split("?")[0]
    for route_method, pattern in routes:
        regex = "^" + re.sub(r"\\\{[a-z_]+\\\}", "[^/]+", re.escape(pattern)) + "$"
        if route_method == method and re.match(regex, path):
            return (route_method, pattern)
    return None


def check_access_log(log_path, sent):
    problems = []
    lines = log_path.read_text(encoding="utf-8").splitlines()
    requests = []
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            problems.append(f"access log line is not JSON: {line[:200]}")
            continue
        if "event" in entry:
            continue
        missing = {"time", "method", "path", "status", "bytes", "ms", "id", "user", "ip"} - set(entry)
        if missing:
            problems.append(f"access log line lacks {sorted(missing)}: {line[:200]}")
        requests.append(entry)
    if len(requests) != sent:
        problems.append(f"access log has {len(requests)} request lines for {sent} requests")
    text = "\n".join(lines)
    for secret in list(USERS.values()) + ["cls_", "clt_", "clc_", "cps_", "cpt_"]:
        if secret in text:
            problems.append(f"access log contains a secret ('{secret[:6]}…')")
    return problems


def log_names_users(log_path):
    """True when some request line of the access log names its user."""
    for line in log_path.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if "event" not in entry and entry.get("user"):
            return True
    return False


def with_database(url, name):
    """The libpq URL `url` (postgresql:///db?host=…) naming database `name` instead."""
    head, _, query = url.partition("?")
    base = head.rsplit("/", 1)[0]
    return f"{base}/{name}" + (f"?{query}" if query else "")


def psql(url, sql):
    subprocess.run(["psql", "-v", "ON_ERROR_STOP=1", "-q", "-d", url, "-c", sql], check=True,
                   capture_output=True)


def start_server(binary, env, db_url, log_path, threads=4, extra=()):
    """Starts `serve` on a free port; (process, port). Used by the other server tests too."""
    server = subprocess.Popen(
        [binary, "serve", "--port", "0", "--threads", str(threads), "--db", db_url,
         "--access-log", str(log_path), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=REPO)
    line = server.stdout.readline().decode()
    match = re.search(r"http://127\.0\.0\.1:(\d+)", line)
    if not match:
        server.kill()
        server.wait()
        raise RuntimeError("server did not start: " + line + server.stderr.read().decode()[-2000:])
    # Drain stderr so that a chatty server never blocks on a full pipe.
    threading.Thread(target=server.stderr.read, daemon=True).start()
    return server, int(match.group(1))


def stop_server(server, log_path, sent):
    server.send_signal(signal.SIGTERM)
    try:
        code = server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        code = "timeout"
    problems = []
    if code != 0:
        problems.append(f"server did not stop cleanly on SIGTERM (exit {code})")
    problems += check_access_log(log_path, sent)
    events = [json.loads(line) for line in log_path.read_text(encoding="utf-8").splitlines()
              if '"event"' in line]
    if not any(event.get("event") == "stop" and event.get("detail") == "SIGTERM"
               for event in events):
        problems.append("access log has no stop event")
    return problems


def run_case(client, path, update, routes, covered):
    try:
        case = parse_case(path)
        case["target"] = client.fill(case["target"])
        headers, body = case_request(client, case)
        for _ in range(int(case.get("repeat-before", "0"))):
            client.send(case["method"], case["target"], headers, body)
        status, answer_headers, data = client.send(case["method"], case["target"], headers, body)
        problems = check(case, status, answer_headers, data, update, path)
        for name, json_at in case.get("captures", []):
            try:
                client.captured[name] = json_path(json.loads(data), json_at)
            except (ValueError, KeyError, IndexError, TypeError):
                problems.append(f"capture {name}: the answer has no {json_at}")
        for name, path_text in case["saves"]:
            try:
                client.saved[name] = json_path(json.loads(data), path_text)
            except (ValueError, KeyError, IndexError, TypeError):
                problems.append(f"save: no '{path_text}' in the answer")
        route = route_of(routes, case["method"], case["target"])
        if route and 200 <= status < 300:
            covered.add(route)
        return problems
    except (ValueError, RuntimeError, OSError) as error:
        return [str(error)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--cases", default=str(REPO / "tests/api/cases"))
    parser.add_argument("--update", action="store_true")
    parser.add_argument("--pg-url-file",
                        help="run on PostgreSQL: a file holding the libpq URL of a test cluster "
                             "(scripts/pg_test_cluster.sh); each folder gets a database copied "
                             "from a demo template database")
    opts = parser.parse_args()
    binary = str(pathlib.Path(opts.bin).resolve())
    env = dict(os.environ, LC_ALL="C.UTF-8", CARBONLEDGER_DATA=str(REPO / "data"))
    routes = route_table(binary, env)
    scratch = pathlib.Path(tempfile.mkdtemp(prefix="cl-api-test-"))
    template = scratch / "demo.db"
    pg_url = None
    template_url = f"sqlite:{template}"
    if opts.pg_url_file:
        pg_url = pathlib.Path(opts.pg_url_file).read_text().strip()
        prefix = f"cl_api_{os.getpid()}"
        template_url = with_database(pg_url, f"{prefix}_template")
        psql(pg_url, f"CREATE DATABASE {prefix}_template")
    made = subprocess.run([binary, "demo", "setup", "--db", template_url],
                          capture_output=True, env=env, cwd=REPO)
    if made.returncode != 0:
        print("FAIL demo setup: " + made.stderr.decode()[-2000:])
        print("0 passed, 1 failed")
        return 1
    failed = 0
    covered = set()
    extra = []
    cases = sorted(pathlib.Path(opts.cases).resolve().rglob("*.test"))
    folders = sorted({path.parent for path in cases})
    for number, folder in enumerate(folders):
        if pg_url:
            db_url = with_database(pg_url, f"{prefix}_{number}")
            psql(pg_url, f"CREATE DATABASE {prefix}_{number} TEMPLATE {prefix}_template")
        else:
            db_path = scratch / f"case-{number}.db"
            shutil.copyfile(template, db_path)
            db_url = f"sqlite:{db_path}"
        log_path = scratch / f"access-{number}.log"
        try:
            server, port = start_server(binary, env, db_url, log_path)
        except RuntimeError as error:
            extra.append(f"{folder.relative_to(REPO)}: {error}")
            continue
        client = Client(port)
        for path in sorted(p for p in cases if p.parent == folder):
            problems = run_case(client, path, opts.update, routes, covered)
            if problems:
                failed += 1
                print(f"FAIL {path.relative_to(REPO)}: " + "\n  ".join(problems))
        extra += [f"{folder.relative_to(REPO)}: {problem}"
                  for problem in stop_server(server, log_path, client.sent)]
    if not any(log_names_users(scratch / f"access-{n}.log") for n in range(len(folders))
               if (scratch / f"access-{n}.log").exists()):
        extra.append("no access log line names its user")
    extra += openapi_problems(routes)
    for route in routes:
        if route not in covered:
            extra.append(f"MISSING a 2xx case for route {route[0]} {route[1]}")
    for item in extra:
        print("FAIL " + item)
    total = len(cases)
    print(f"{total - failed} passed, {failed + len(extra)} failed")
    return 0 if failed == 0 and not extra else 1


if __name__ == "__main__":
    sys.exit(main())
