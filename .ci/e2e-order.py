#!/usr/bin/env python3
"""Delivery order through a receiver outage with a kill -9 in the middle (issue 14 §2).

The packaged agent watches one target this script serves; the webhook receiver, also served here,
answers 503 until the end. The target fails (FIRING), then fails differently (UPDATED); the agent
is killed with SIGKILL; a new agent starts on the same state directory; the target recovers
(RESOLVED). Then the receiver comes up. Asserts what arrives: FIRING then RESOLVED of the same
incident, sequence numbers 1 and 3, the stale UPDATED never, nothing twice, and the superseded
count in /metrics. Every address is 127.0.0.1.
"""

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def read_request(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    return head, (await reader.readexactly(length) if length else b"")


class Peer:
    """The target (status/body as set) and the webhook receiver (503 until up)."""

    def __init__(self):
        self.target = (200, b"ok")
        self.hook_up = False
        self.accepted, self.refused = [], 0

    async def serve_target(self, reader, writer):
        try:
            await read_request(reader)
            status, body = self.target
            writer.write(b"HTTP/1.1 %d X\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s"
                         % (status, len(body), body))
            await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def serve_hook(self, reader, writer):
        try:
            while True:
                _, body = await read_request(reader)
                if self.hook_up:
                    self.accepted.append(json.loads(body))
                    writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
                else:
                    self.refused += 1
                    writer.write(b"HTTP/1.1 503 Down\r\nContent-Length: 0\r\n\r\n")
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()


def outbox(state):
    d = os.path.join(state, "outbox")
    return sorted(f for f in os.listdir(d) if f.endswith(".json")) if os.path.isdir(d) else []


def fetch(port, path):
    import http.client
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        c.request("GET", path)
        body = c.getresponse().read().decode()
        c.close()
        return body
    except Exception:
        return ""


async def until(cond, limit, what):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if cond():
            return
        await asyncio.sleep(0.1)
    raise SystemExit(f"ORDER TEST FAILED: no {what} within {limit} s")


async def main():
    work = tempfile.mkdtemp(prefix="lookout-order-")
    state = os.path.join(work, "state")
    peer = Peer()
    tport, hport, aport = free_port(), free_port(), free_port()
    await asyncio.start_server(peer.serve_target, "127.0.0.1", tport)
    await asyncio.start_server(peer.serve_hook, "127.0.0.1", hport)
    config = os.path.join(work, "lookout.yaml")
    with open(config, "w") as f:
        f.write(f"""agent: {{listen: "127.0.0.1:{aport}", state_dir: "{state}"}}
defaults:
  interval: 500ms
  timeout: 1s
  alert: {{after: 1, resolve_after: 1, group_wait: 0s}}
notifiers:
  hook: {{type: webhook, url: "http://127.0.0.1:{hport}/hook", timeout: 2s}}
targets:
  - name: jobs-queue
    http: {{url: "http://127.0.0.1:{tport}/"}}
    expect: {{status: [200], body_contains: ok}}
""")
    log = open(os.path.join(work, "agent.log"), "a")

    def start():
        return subprocess.Popen(
            ["java", "-XX:TieredStopAtLevel=1", "-Xmx64m", "-jar",
             os.path.join(ROOT, "agent/target/lookout.jar"), "run", "-c", config],
            stdout=log, stderr=subprocess.STDOUT)

    agent = start()
    try:
        await until(lambda: '"healthy":true' in fetch(aport, "/api/status"), 60, "healthy target")
        peer.target = (503, b"ok")  # fails: status
        await until(lambda: len(outbox(state)) == 1 and peer.refused >= 1, 30, "stored FIRING")
        peer.target = (200, b"nope")  # fails differently: body
        await until(lambda: len(outbox(state)) == 2, 30, "stored UPDATED")
        agent.send_signal(signal.SIGKILL)
        agent.wait()
        print(f"  killed with SIGKILL holding {len(outbox(state))} undelivered notifications")

        agent = start()
        await until(lambda: "lookout_notifications_total" in fetch(aport, "/metrics"), 60,
                    "restarted agent")
        peer.target = (200, b"ok")  # recovers

        def superseded():
            for line in fetch(aport, "/metrics").splitlines():
                if line.startswith("lookout_notifications_total") and 'result="superseded"' in line:
                    return float(line.split()[-1]) >= 1
            return False
        await until(superseded, 30, "superseded update")
        await until(lambda: len(outbox(state)) == 2, 30, "FIRING and RESOLVED stored")
        peer.hook_up = True
        await until(lambda: len(outbox(state)) == 0, 60, "delivery of everything stored")
        await asyncio.sleep(2)  # anything sent twice or late would arrive now
    finally:
        if agent.poll() is None:
            agent.send_signal(signal.SIGTERM)
            agent.wait(timeout=20)
        log.close()

    got = [(a["status"], a["sequence"], a["incident"], n["id"])
           for n in peer.accepted for a in n["alerts"]]
    print("  delivered: " + ", ".join(f"{s} #{q}" for s, q, _, _ in got))
    problems = []
    if [(s, q) for s, q, _, _ in got] != [("firing", 1), ("resolved", 3)]:
        problems.append(f"expected firing #1 then resolved #3, got {[(s, q) for s, q, _, _ in got]}")
    if len({i for _, _, i, _ in got}) != 1:
        problems.append("the events name different incidents")
    if len({n for _, _, _, n in got}) != len(got):
        problems.append("a notification arrived twice")
    if problems:
        print("ORDER TEST FAILED:\n  " + "\n  ".join(problems))
        with open(os.path.join(work, "agent.log")) as f:
            print("".join(f.readlines()[-30:]))
        sys.exit(1)
    print("order test: firing then resolved, the stale update superseded, nothing twice")


if __name__ == "__main__":
    asyncio.run(main())
