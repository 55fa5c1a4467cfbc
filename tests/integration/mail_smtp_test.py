#!/usr/bin/env python3
"""Supplier invitations and reminders by e-mail, end to end (issue 7).

A tiny SMTP sink (a socket server written here: it greets, takes EHLO, MAIL, RCPT and DATA and
keeps each message; it refuses RCPT for addresses starting with "refuse" with 550) and
`carbonledger serve --smtp smtp://127.0.0.1:PORT` on a fresh demo database:

1. The demo factory creates its M8 study and invites supplier S1 (contact sales@liansteel.test):
   the sink receives one message To that address whose Subject, decoded from its RFC 2047
   encoded words, is the invitation's; the body (base64, UTF-8) has the join link with the
   invitation code the API answered, in Chinese and English; the chain shows the mail sent after
   one attempt.
2. A reminder with due date 2099-01-31: the subject names the date, the Chinese text gives it
   with the ROC year (2099 - 1911 = 188).
3. S2 with a contact the sink refuses: the mail is failed after 3 attempts (--retry-seconds
   1: retried after 1 s and 2 s), the last error names the server's 550; the invitation itself
   exists, status invited.
4. Every line of the messages is at most 78 characters (RFC 5322 §2.1.1) and ends in CRLF.

The last line printed is "N passed, M failed".
"""
import argparse
import email
import email.header
import email.policy
import json
import os
import pathlib
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "api"))
from run_api import REPO, Client, start_server  # noqa: E402

STUDY = REPO / "data/examples/footprint/chain/central-m8.json"


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


class Sink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), SmtpHandler)
        self.messages = []  # (envelope recipients, raw bytes)
        self.lock = threading.Lock()


class SmtpHandler(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self):
        self.reply("220 sink.test ESMTP test sink")
        recipients = []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            command = line.decode("ascii", "replace").strip()
            verb = command[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250-sink.test")
                self.reply("250 8BITMIME")
            elif verb == "MAIL":
                recipients = []
                self.reply("250 2.1.0 ok")
            elif verb == "RCPT":
                address = command.partition(":")[2].strip().strip("<>")
                if address.startswith("refuse"):
                    self.reply("550 5.1.1 <%s>: mailbox unavailable" % address)
                else:
                    recipients.append(address)
                    self.reply("250 2.1.5 ok")
            elif verb == "DATA":
                self.reply("354 end with <CRLF>.<CRLF>")
                data = b""
                while not data.endswith(b"\r\n.\r\n"):
                    chunk = self.rfile.readline()
                    if not chunk:
                        return
                    data += chunk
                with self.server.lock:
                    self.server.messages.append((recipients, data[:-3]))
                self.reply("250 2.0.0 queued")
            elif verb == "QUIT":
                self.reply("221 2.0.0 bye")
                return
            elif verb == "RSET" or verb == "NOOP":
                self.reply("250 2.0.0 ok")
            else:
                self.reply("502 5.5.2 command not implemented")


def wait_for(predicate, seconds=20):
    end = time.time() + seconds
    while time.time() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    return predicate()


def decoded_subject(message):
    return str(email.header.make_header(email.header.decode_header(message["Subject"])))


def line_problems(raw):
    problems = []
    for number, line in enumerate(raw.split(b"\r\n"), 1):
        if len(line) > 78:
            problems.append(f"line {number} has {len(line)} characters")
        if b"\n" in line:
            problems.append(f"line {number} has a bare LF")
    return problems


def run(binary, env, scratch, results):
    db = scratch / "demo.db"
    made = subprocess.run([binary, "demo", "setup", "--db", f"sqlite:{db}"], capture_output=True,
                          env=env, cwd=REPO)
    results.check(made.returncode == 0, "demo setup", made.stderr.decode()[-500:])
    sink = Sink()
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    smtp = f"smtp://127.0.0.1:{sink.server_address[1]}"
    server, port = start_server(binary, env, f"sqlite:{db}", scratch / "access.log",
                                extra=["--smtp", smtp, "--smtp-from",
                                       "碳帳本 CarbonLedger <noreply@carbon.test>",
                                       "--retry-seconds", "1",
                                       "--public-url", "http://carbon.test/"])
    try:
        client = Client(port)
        cookie, csrf = client.login("factory@demo.test")
        headers = [("Content-Type", "application/json"), ("Cookie", cookie), ("X-CSRF-Token", csrf)]

        def call(method, target, body=None):
            data = None if body is None else json.dumps(body).encode()
            status, _, answer = client.send(method, target, headers if data is not None
                                            else headers[1:], data)
            return status, json.loads(answer) if answer else None

        status, _, data = client.send("POST", "/api/v1/orgs/2/footprint-studies", headers,
                                      STUDY.read_bytes())
        results.check(status == 201, "study", f"{status} {data[:300]!r}")
        study = json.loads(data)["id"]

        # 1. The invitation.
        status, s1 = call("POST", f"/api/v1/footprint-studies/{study}/chain",
                          {"supplier_key": "S1", "supplier_name": "聯鋼線材股份有限公司",
                           "part": "SWCH10A wire rod 8.5 mm", "contact": "sales@liansteel.test"})
        results.check(status == 201, "invite S1", f"{status} {s1}")
        code = s1["invite_code"]
        got = wait_for(lambda: len(sink.messages) >= 1)
        results.check(got, "the sink received the invitation", str(sink.messages))
        if got:
            recipients, raw = sink.messages[0]
            results.check(recipients == ["sales@liansteel.test"], "envelope recipient",
                          str(recipients))
            message = email.message_from_bytes(raw, policy=email.policy.compat32)
            results.check(message["To"] == "sales@liansteel.test", "To", message["To"])
            subject = decoded_subject(message)
            results.check(subject == "碳足跡資料邀請 Footprint data request: 永進精密螺絲股份有限公司 – "
                          "SWCH10A wire rod 8.5 mm", "Subject decoded", subject)
            results.check(message["Subject"].startswith("=?UTF-8?B?"), "Subject encoded word",
                          message["Subject"])
            from_name = str(email.header.make_header(email.header.decode_header(message["From"])))
            results.check(from_name == "碳帳本 CarbonLedger <noreply@carbon.test>", "From",
                          from_name)
            results.check(message["Content-Type"] == "text/plain; charset=UTF-8" and
                          message["MIME-Version"] == "1.0" and message["Date"] and
                          message["Message-ID"].endswith("@carbon.test>"), "MIME headers",
                          str(message.items()))
            body = message.get_payload(decode=True).decode("utf-8")
            link = f"http://carbon.test/#/supply/join/{code}"
            results.check(link in body and f"邀請碼：{code}" in body and
                          f"Invitation code: {code}" in body and "聯鋼線材股份有限公司 您好" in body,
                          "body: link and code in both languages", body)
            results.check(line_problems(raw) == [], "line lengths", str(line_problems(raw)))
        sent = wait_for(lambda: (call("GET", f"/api/v1/supply-requests/{s1['id']}")[1] or {})
                        .get("mail", {}).get("status") == "sent")
        status, again = call("GET", f"/api/v1/supply-requests/{s1['id']}")
        results.check(sent and again["mail"]["attempts"] == 1 and again["mail"]["kind"] ==
                      "invitation" and again["mail"]["sent_at"], "mail sent after one attempt",
                      str(again.get("mail")))
        status, chain = call("GET", f"/api/v1/footprint-studies/{study}/chain")
        results.check(chain.get("mail_server") is True and
                      chain["items"][0]["mail"]["status"] == "sent", "chain shows the mail",
                      str(chain)[:500])

        # 2. A reminder with its due date.
        status, reminded = call("POST", f"/api/v1/supply-requests/{s1['id']}/remind",
                                {"due_date": "2099-01-31"})
        results.check(status == 200 and reminded["reminder_count"] == 1 and
                      reminded["mail"]["kind"] == "reminder", "remind", f"{status} {reminded}")
        got = wait_for(lambda: len(sink.messages) >= 2)
        results.check(got, "the sink received the reminder", str(len(sink.messages)))
        if got:
            message = email.message_from_bytes(sink.messages[1][1],
                                               policy=email.policy.compat32)
            subject = decoded_subject(message)
            results.check("2099-01-31" in subject and "碳足跡資料提醒" in subject,
                          "reminder subject", subject)
            body = message.get_payload(decode=True).decode("utf-8")
            results.check("2099年1月31日（民國188年）" in body and "due by 2099-01-31" in body and
                          f"http://carbon.test/#/supply/join/{code}" in body,
                          "reminder body: due date (ROC year) and link", body)

        # 3. A refused mail: failed after 3 attempts, the invitation stays.
        status, s2 = call("POST", f"/api/v1/footprint-studies/{study}/chain",
                          {"supplier_key": "S2", "supplier_name": "Refusing Co.",
                           "part": "zinc", "contact": "refuse@nowhere.test"})
        results.check(status == 201 and s2["status"] == "invited", "invite S2 (refused mail)",
                      f"{status} {s2}")
        failed = wait_for(lambda: (call("GET", f"/api/v1/supply-requests/{s2['id']}")[1] or {})
                          .get("mail", {}).get("status") == "failed", seconds=30)
        status, after = call("GET", f"/api/v1/supply-requests/{s2['id']}")
        mail = after.get("mail") or {}
        results.check(failed and mail.get("attempts") == 3 and "550" in mail.get("last_error", "")
                      and "refuse@nowhere.test" in mail.get("last_error", ""),
                      "refused: failed, 3 attempts, the error", str(mail))
        results.check(status == 200 and after["status"] == "invited", "the invitation exists",
                      f"{status} {after.get('status')}")
        results.check(len(sink.messages) == 2, "nothing delivered for the refused address",
                      str(len(sink.messages)))
    finally:
        server.terminate()
        server.wait(timeout=10)
        sink.shutdown()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    opts = parser.parse_args()
    binary = str(pathlib.Path(opts.bin).resolve())
    env = dict(os.environ, LC_ALL="C.UTF-8", CARBONLEDGER_DATA=str(REPO / "data"))
    results = Results()
    with tempfile.TemporaryDirectory(prefix="cl-mail-") as scratch_text:
        try:
            run(binary, env, pathlib.Path(scratch_text), results)
        except (RuntimeError, OSError, ValueError, KeyError, TypeError,
                subprocess.SubprocessError) as error:
            results.check(False, "run", repr(error))
    print(f"{results.passed} passed, {results.failed} failed")
    return 0 if results.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
