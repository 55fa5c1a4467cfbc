#!/usr/bin/env python3
"""PACT request events answered across two hosts (issue 7): our server as both requester and
responder.

Two `carbonledger serve` instances on fresh demo databases, A (the requester) and B (the data
owner), each with --retry-seconds 1:

1. B's factory publishes the M8 fastener footprint (tests/fixtures/pact/fastener-m8.json) and
   makes an API client for A; A's factory makes an API client for B; B records A as a PACT
   partner with that client's credentials (POST /api/v1/orgs/2/pact-partners).
2. A request event (ProductFootprintRequest.Created.v1, source = A's base URL, data.productId =
   the fastener's product id) sent to B's /3/events with a token of B: B answers 200, and the
   Fulfilled event arrives at A's /3/events (B took a token from A's /auth/token): A lists a
   received Fulfilled event whose data.requestEventId is the request's id and whose data.pfs is
   exactly the published document; B lists its outgoing answer delivered after one attempt.
3. A request for a product B does not have: a Rejected event with error code NoSuchFootprint
   arrives at A.
4. A request whose source is a host B has no partner for (http://127.0.0.1:1): the delivery
   fails after 3 attempts (1 s, 2 s apart) with the error naming the missing partner; B's
   answer to the request (200) is unaffected.

The last line printed is "N passed, M failed".
"""
import argparse
import base64
import http.client
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "api"))
from run_api import REPO, Client, start_server  # noqa: E402

FASTENER = REPO / "tests/fixtures/pact/fastener-m8.json"
REQUEST_TYPE = "org.wbcsd.pathfinder.ProductFootprintRequest.Created.v1"


class Results:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, ok, label, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL {label}: {detail}"[:3000])


class Host:
    """A server and a logged-in session of its demo factory."""

    def __init__(self, port):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.client = Client(port)
        cookie, csrf = self.client.login("factory@demo.test")
        self.headers = [("Content-Type", "application/json"), ("Cookie", cookie),
                        ("X-CSRF-Token", csrf)]

    def call(self, method, target, body=None, raw=None):
        data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        status, _, answer = self.client.send(method, target, self.headers if data is not None
                                             else self.headers[1:], data)
        return status, json.loads(answer) if answer else None

    def events(self):
        return self.call("GET", "/api/v1/orgs/2/pact-events")[1]["items"]


def send_request(host, client_id, secret, source, data):
    """Sends a request event to `host`'s /3/events as a PACT client; (status, event id)."""
    conn = http.client.HTTPConnection("127.0.0.1", host.port, timeout=30)
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    conn.request("POST", "/auth/token", "grant_type=client_credentials",
                 {"Authorization": "Basic " + basic,
                  "Content-Type": "application/x-www-form-urlencoded"})
    token = json.loads(conn.getresponse().read())["access_token"]
    event_id = str(uuid.uuid4())
    event = {"specversion": "1.0", "id": event_id, "source": source, "type": REQUEST_TYPE,
             "time": "2026-01-01T00:00:00Z", "data": data}
    conn.request("POST", "/3/events", json.dumps(event),
                 {"Authorization": "Bearer " + token,
                  "Content-Type": "application/cloudevents+json; charset=UTF-8"})
    answer = conn.getresponse()
    answer.read()
    conn.close()
    return answer.status, event_id


def wait_for(predicate, seconds=20):
    end = time.time() + seconds
    while time.time() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.25)
    return predicate()


def answer_at(host, request_id):
    for item in host.events():
        if item["direction"] == "received" and \
                item["event"].get("data", {}).get("requestEventId") == request_id:
            return item
    return None


def delivery_of(host, request_id):
    for item in host.events():
        if item["direction"] == "outgoing" and \
                item["event"].get("data", {}).get("requestEventId") == request_id:
            return item.get("delivery")
    return None


def run(binary, env, scratch, results):
    template = scratch / "template.db"
    made = subprocess.run([binary, "demo", "setup", "--db", f"sqlite:{template}"],
                          capture_output=True, env=env, cwd=REPO)
    results.check(made.returncode == 0, "demo setup", made.stderr.decode()[-500:])
    servers = []
    try:
        hosts = {}
        for name in ("a", "b"):
            db = scratch / f"{name}.db"
            shutil.copy(template, db)
            server, port = start_server(binary, env, f"sqlite:{db}", scratch / f"{name}.log",
                                        extra=["--retry-seconds", "1"])
            servers.append(server)
            hosts[name] = Host(port)
        a, b = hosts["a"], hosts["b"]

        document = json.loads(FASTENER.read_bytes())
        status, _ = b.call("POST", "/api/v1/orgs/2/footprints", raw=FASTENER.read_bytes())
        results.check(status == 201, "B publishes the fastener", str(status))
        status, for_a = b.call("POST", "/api/v1/orgs/2/pact-clients", {"name": "customer A"})
        results.check(status == 201, "B's client for A", str(for_a))
        status, for_b = a.call("POST", "/api/v1/orgs/2/pact-clients", {"name": "supplier B"})
        results.check(status == 201, "A's client for B", str(for_b))
        status, partner = b.call("POST", "/api/v1/orgs/2/pact-partners",
                                 {"name": "customer A", "base_url": a.url + "/",
                                  "client_id": for_b["client_id"],
                                  "client_secret": for_b["client_secret"]})
        results.check(status == 201 and partner["base_url"] == a.url and
                      "client_secret" not in partner, "B records A as a partner", str(partner))

        # 2. Fulfilled.
        status, request_id = send_request(b, for_a["client_id"], for_a["client_secret"], a.url,
                                          {"productId": document["productIds"]})
        results.check(status == 200, "B takes the request", str(status))
        arrived = wait_for(lambda: answer_at(a, request_id))
        results.check(arrived is not None, "the answer arrives at A", str(a.events())[:800])
        if arrived:
            event = arrived["event"]
            results.check(event["type"] ==
                          "org.wbcsd.pathfinder.ProductFootprintRequest.Fulfilled.v1" and
                          event["data"]["pfs"] == [document],
                          "Fulfilled with the published footprint", json.dumps(event)[:800])
            results.check(arrived["client"] is not None, "received from A's client for B",
                          str(arrived))
        delivery = wait_for(lambda: (delivery_of(b, request_id) or {}).get("status") ==
                            "delivered" and delivery_of(b, request_id))
        results.check(delivery and delivery["attempts"] == 1 and delivery["target"] == a.url,
                      "B's answer delivered after one attempt", str(delivery))

        # 3. Rejected.
        status, request_id = send_request(
            b, for_a["client_id"], for_a["client_secret"], a.url,
            {"productId": ["urn:pact:product:customcode:vendor-assigned:NO-SUCH-PART"]})
        results.check(status == 200, "B takes the second request", str(status))
        arrived = wait_for(lambda: answer_at(a, request_id))
        results.check(arrived is not None and arrived["event"]["type"] ==
                      "org.wbcsd.pathfinder.ProductFootprintRequest.Rejected.v1" and
                      arrived["event"]["data"]["error"]["code"] == "NoSuchFootprint",
                      "Rejected with NoSuchFootprint at A", str(arrived)[:800])

        # 4. No partner for the source: failed after its attempts.
        status, request_id = send_request(b, for_a["client_id"], for_a["client_secret"],
                                          "http://127.0.0.1:1",
                                          {"productId": document["productIds"]})
        results.check(status == 200, "B takes the request of an unknown host", str(status))
        failed = wait_for(lambda: (delivery_of(b, request_id) or {}).get("status") == "failed",
                          seconds=30)
        delivery = delivery_of(b, request_id) or {}
        results.check(failed and delivery.get("attempts") == 3 and
                      "no PACT partner with base URL http://127.0.0.1:1" in
                      delivery.get("last_error", ""),
                      "undeliverable: failed after 3 attempts, the reason kept", str(delivery))
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    opts = parser.parse_args()
    binary = str(pathlib.Path(opts.bin).resolve())
    env = dict(os.environ, LC_ALL="C.UTF-8", CARBONLEDGER_DATA=str(REPO / "data"))
    results = Results()
    with tempfile.TemporaryDirectory(prefix="cl-pact-events-") as scratch_text:
        try:
            run(binary, env, pathlib.Path(scratch_text), results)
        except (RuntimeError, OSError, ValueError, KeyError, TypeError,
                subprocess.SubprocessError) as error:
            results.check(False, "run", repr(error))
    print(f"{results.passed} passed, {results.failed} failed")
    return 0 if results.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
