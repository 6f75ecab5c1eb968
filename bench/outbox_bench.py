#!/usr/bin/python3
"""Outbox benchmark (issue 10): 1,000 signed `ping` events through Ratatoskr's durable webhook outbox to a local
receiver, on a real Orthanc 1.10.1 with DICOMweb and the Ratatoskr plugin (through IntegrationTests/harness).

The receiver is a minimal threaded HTTP server in this script: it checks every event's Standard Webhooks
signature with the standard library (HMAC-SHA-256 over "{webhook-id}.{webhook-timestamp}.{body}", base64, "v1,"),
counts valid, invalid and repeated ids, notes each arrival's time and answers 200.

Two measures, each with --events events (default 1,000), both through the outbox (every event is written to the
plugin's SQLite store before any attempt, claimed by the "webhooks" worker, signed, POSTed, its outcome written):
  enqueue+send  POST /ratatoskr/webhooks/bench/test --events times, from --clients parallel clients (default 4):
                events/s from the first request sent to the last event's arrival (target >= 200 events/s);
                the time at which the last enqueue was answered is printed too
  drain         the webhook is first disabled (the receiver answers one ping with 410 Gone), --events pings are
                enqueued while it is disabled (held, not sent), then POST /ratatoskr/webhooks/bench/enable
                releases them all at once: events/s from that request to the last arrival, i.e. the outbox
                worker alone, without REST requests competing for the store and the CPU
Printed as well: Orthanc's CPU seconds (user + system, /proc/<pid>/stat) per measure and per event, this script's
own CPU per event (the receiver; in enqueue+send also the clients), Orthanc's RSS before and after, and its peak
RSS (VmHWM of /proc/<pid>/status at the end).

Usage:
    /usr/bin/python3 bench/outbox_bench.py [--plugin PATH] [--events 1000] [--clients 4] [--receiver-delay MS]
        [--work-dir DIR]
--receiver-delay makes every answer wait that long (a receiver farther away or slower than this loopback one):
the outbox sends one event at a time, so its rate is at most 1 / (that delay + its own time per event).
"""

import argparse
import base64
import hashlib
import hmac
import os
import shutil
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from delivery_bench import cpu_seconds
from job_bench import default_plugin, read_status_kb

DEFAULT_WORK_DIR = Path("/tmp/ratatoskr-bench/outbox-work")
SECRET = "ratatoskr-benchmark-key-0123456789"
# A Standard Webhooks secret for the benchmark only ("whsec_" + base64 of 32 bytes).
WEBHOOK_SECRET = "whsec_" + base64.b64encode(bytes(range(32))).decode()
WEBHOOK_KEY = bytes(range(32))
WEBHOOK = "bench"
TARGET_RATE = 200
WAIT_TIMEOUT = 600


class Receiver:
    """Threaded HTTP server on 127.0.0.1 that verifies and counts webhook events."""

    def __init__(self, key, delay=0.0):
        self.key = key
        self.delay = delay  # seconds each answer waits (a slower receiver, e.g. Django writing to its database)
        self.lock = threading.Lock()
        self.arrivals = []  # (perf_counter, webhook-id)
        self.ids = set()
        self.invalid = 0
        self.repeats = 0
        self.gone_next = 0  # answer this many events with 410 Gone
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                status = receiver.record(self.headers, body)
                if receiver.delay:
                    time.sleep(receiver.delay)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/webhook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def valid(self, headers, body):
        webhook_id = headers.get("webhook-id", "")
        timestamp = headers.get("webhook-timestamp", "")
        signed = f"{webhook_id}.{timestamp}.".encode() + body
        expected = base64.b64encode(hmac.new(self.key, signed, hashlib.sha256).digest()).decode()
        for signature in headers.get("webhook-signature", "").split():
            version, _, value = signature.partition(",")
            if version == "v1" and hmac.compare_digest(value, expected):
                return True
        return False

    def record(self, headers, body):
        arrived = time.perf_counter()
        ok = self.valid(headers, body)
        with self.lock:
            if not ok:
                self.invalid += 1
                return 400
            if self.gone_next > 0:
                self.gone_next -= 1
                return 410
            webhook_id = headers["webhook-id"]
            if webhook_id in self.ids:
                self.repeats += 1
            self.ids.add(webhook_id)
            self.arrivals.append((arrived, webhook_id))
        return 200

    def count(self):
        with self.lock:
            return len(self.arrivals)

    def wait_for(self, count, timeout=WAIT_TIMEOUT):
        deadline = time.monotonic() + timeout
        while self.count() < count:
            if time.monotonic() > deadline:
                raise RuntimeError(f"only {self.count()} of {count} events arrived within {timeout} s")
            time.sleep(0.01)
        with self.lock:
            return self.arrivals[count - 1][0]

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        return False


def post_pings(orthanc, count, clients):
    """POST /ratatoskr/webhooks/bench/test `count` times from `clients` threads; (start, end of last answer)."""
    from harness.orthanc_http import new_session
    local = threading.local()
    path = orthanc.url_for(f"/ratatoskr/webhooks/{WEBHOOK}/test")

    def ping(_):
        if not hasattr(local, "session"):
            local.session = new_session((orthanc.username, orthanc.password))
        response = local.session.post(path, json={}, timeout=60)
        response.raise_for_status()
        return response.json()["ID"]

    with ThreadPoolExecutor(clients) as pool:
        start = time.perf_counter()
        ids = list(pool.map(ping, range(count)))
        end = time.perf_counter()
    return start, end, ids


def outbox_counts(orthanc, settle=5.0):
    """Entries left Pending, Failed or Disabled (at most 1000 each). The last event's outcome is written just after
    the receiver's answer, so Pending is given `settle` seconds to reach 0."""
    deadline = time.monotonic() + settle
    while True:
        counts = {state: len(orthanc.get("/ratatoskr/webhooks/deliveries", params={"state": state, "limit": 1000}))
                  for state in ("Pending", "Failed", "Disabled")}
        if counts["Pending"] == 0 or time.monotonic() > deadline:
            return counts
        time.sleep(0.05)


def cpu_total(pid):
    return sum(cpu_seconds(pid))


def own_cpu():
    """CPU seconds of this process (the receiver, and in enqueue+send also the clients)."""
    times = os.times()
    return times.user + times.system


def measure_enqueue_and_send(orthanc, receiver, events, clients):
    already = receiver.count()
    cpu_before, own_before = cpu_total(orthanc.pid), own_cpu()
    start, enqueued, _ = post_pings(orthanc, events, clients)
    last = receiver.wait_for(already + events)
    cpu, own = cpu_total(orthanc.pid) - cpu_before, own_cpu() - own_before
    seconds = last - start
    return {"events": events, "seconds": seconds, "rate": events / seconds,
            "enqueue seconds": enqueued - start, "enqueue rate": events / (enqueued - start), "cpu": cpu,
            "own cpu": own}


def measure_drain(orthanc, receiver, events, clients):
    # Disable the webhook: the next ping is answered 410 Gone.
    receiver.gone_next = 1
    orthanc.post(f"/ratatoskr/webhooks/{WEBHOOK}/test", json={})
    deadline = time.monotonic() + 30
    while not any(w["Name"] == WEBHOOK and w["Disabled"] for w in orthanc.get("/ratatoskr/webhooks")):
        if time.monotonic() > deadline:
            raise RuntimeError("the webhook was not disabled by a 410 answer")
        time.sleep(0.05)
    post_pings(orthanc, events, clients)  # held: the webhook is disabled
    already = receiver.count()
    cpu_before, own_before = cpu_total(orthanc.pid), own_cpu()
    start = time.perf_counter()
    released = orthanc.post(f"/ratatoskr/webhooks/{WEBHOOK}/enable", json={})["Released"]
    last = receiver.wait_for(already + released)
    cpu, own = cpu_total(orthanc.pid) - cpu_before, own_cpu() - own_before
    seconds = last - start
    return {"events": released, "seconds": seconds, "rate": released / seconds, "cpu": cpu, "own cpu": own}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--plugin", type=Path, default=default_plugin())
    parser.add_argument("--work-dir", type=Path, default=DEFAULT_WORK_DIR)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--receiver-delay", type=float, default=0.0, metavar="MS",
                        help="milliseconds the receiver waits before each answer (default 0)")
    args = parser.parse_args()
    if not args.plugin.is_file():
        sys.exit(f"plugin not found: {args.plugin} (build OrthancRatatoskr, or pass --plugin / RATATOSKR_PLUGIN)")
    os.environ["RATATOSKR_PLUGIN"] = str(args.plugin.resolve())
    from harness import OrthancProcess  # after RATATOSKR_PLUGIN is set

    args.work_dir.mkdir(parents=True, exist_ok=True)
    with Receiver(WEBHOOK_KEY, args.receiver_delay / 1000) as receiver:
        orthanc = OrthancProcess(args.work_dir, f"bench-{os.getpid()}", verbose=False, config_overrides={
            "Ratatoskr": {"Secret": SECRET,
                          "Webhooks": {WEBHOOK: {"Url": receiver.url, "Secret": WEBHOOK_SECRET, "Timeout": 10}}}})
        orthanc.start()
        try:
            rss_before = read_status_kb(orthanc.pid, "VmRSS")
            print(f"{time.strftime('%Y-%m-%dT%H:%M')}: Orthanc {orthanc.get('/system')['Version']} (pid {orthanc.pid}), "
                  f"{os.cpu_count()} cores, load {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
                  f"plugin {args.plugin}; receiver delay {args.receiver_delay:g} ms")
            send = measure_enqueue_and_send(orthanc, receiver, args.events, args.clients)
            left = outbox_counts(orthanc)
            drain = measure_drain(orthanc, receiver, args.events, args.clients)
            left_after = outbox_counts(orthanc)
            rss_after = read_status_kb(orthanc.pid, "VmRSS")
            hwm = read_status_kb(orthanc.pid, "VmHWM")
        finally:
            orthanc.stop()
            shutil.rmtree(orthanc.directory, ignore_errors=True)

    print(f"\n{'measure':<34} {'events':>6} {'seconds':>8} {'events/s':>9} {'Orthanc CPU s':>13} {'CPU ms/event':>12} "
          f"{'bench CPU ms/event':>18}")
    print(f"{'enqueue+send (' + str(args.clients) + ' clients)':<34} {send['events']:6d} {send['seconds']:8.2f} "
          f"{send['rate']:9.0f} {send['cpu']:13.2f} {1000 * send['cpu'] / send['events']:12.2f} "
          f"{1000 * send['own cpu'] / send['events']:18.2f}")
    print(f"{'  of which enqueue (REST answers)':<34} {args.events:6d} {send['enqueue seconds']:8.2f} "
          f"{send['enqueue rate']:9.0f}")
    print(f"{'drain (held while disabled)':<34} {drain['events']:6d} {drain['seconds']:8.2f} {drain['rate']:9.0f} "
          f"{drain['cpu']:13.2f} {1000 * drain['cpu'] / drain['events']:12.2f} {1000 * drain['own cpu'] / drain['events']:18.2f}")
    print(f"\nreceiver: {len(receiver.ids)} distinct webhook-ids, {receiver.invalid} bad signatures, "
          f"{receiver.repeats} repeats; outbox after enqueue+send {left}, after drain {left_after}")
    print(f"Orthanc RSS {rss_before / 1024:.0f} MB at start, {rss_after / 1024:.0f} MB at the end, "
          f"peak (VmHWM) {hwm / 1024:.0f} MB")
    print(f"enqueue+send: {send['rate']:.0f} events/s (target >= {TARGET_RATE}); drain: {drain['rate']:.0f} events/s")
    return 0 if receiver.invalid == 0 and receiver.repeats == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
