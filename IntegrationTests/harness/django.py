"""A real HTTP server on loopback standing in for Django: records every request, answers as programmed."""

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from requests.structures import CaseInsensitiveDict

from .waiting import WaitTimeout


@dataclass
class RecordedRequest:
    method: str
    path: str  # without the query string
    query: dict  # parse_qs result: name -> list of values
    headers: CaseInsensitiveDict
    body: bytes
    time: float  # time.time() when the request line arrived

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")


@dataclass
class _Rule:
    status: int
    body: object  # dict/list -> JSON, str/bytes -> as is, None -> empty
    delay: float
    times: object  # remaining uses (int) or None = forever
    headers: dict = field(default_factory=dict)
    drop_connection: bool = False

    def encoded_body(self):
        if self.body is None:
            return b"", None
        if isinstance(self.body, bytes):
            return self.body, "application/octet-stream"
        if isinstance(self.body, str):
            return self.body.encode("utf-8"), "text/plain; charset=utf-8"
        return json.dumps(self.body).encode("utf-8"), "application/json"


_DEFAULT_RULE = _Rule(status=200, body={}, delay=0.0, times=None)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "DjangoReceiver/1"

    def log_message(self, format, *args):  # keep pytest output clean
        pass

    def _read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _handle(self):
        arrived = time.time()
        parts = urlsplit(self.path)
        request = RecordedRequest(method=self.command, path=parts.path, query=parse_qs(parts.query),
                                  headers=CaseInsensitiveDict(self.headers.items()), body=self._read_body(),
                                  time=arrived)
        receiver = self.server.receiver
        rule = receiver._record_and_pick_rule(request)
        if rule.delay:
            time.sleep(rule.delay)
        if rule.drop_connection:
            self.close_connection = True
            return
        body, content_type = rule.encoded_body()
        self.send_response(rule.status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in rule.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _handle


class DjangoReceiver:
    """HTTP server on 127.0.0.1 (a free port) that records requests in `.requests` (RecordedRequest) and answers
    200 {} unless told otherwise with `respond()`."""

    def __init__(self, host="127.0.0.1", port=0):
        self._host = host
        self._port = port
        self._lock = threading.Condition()
        self._requests = []
        self._rules = {}  # path or "*" -> list of _Rule
        self._server = None
        self._thread = None

    # --- lifecycle --------------------------------------------------------------------------------------------

    def start(self):
        server = ThreadingHTTPServer((self._host, self._port), _Handler)
        server.daemon_threads = True
        server.block_on_close = False
        server.receiver = self
        self._port = server.server_address[1]  # keep the port across stop()/start()
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, name=f"django-receiver-{self._port}",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self):
        """Stop listening (connections are then refused); start() listens again on the same port."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(5)
            self._server = None
            self._thread = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def running(self):
        return self._server is not None

    @property
    def port(self):
        return self._port

    @property
    def url(self):
        return f"http://{self._host}:{self._port}"

    def url_for(self, path):
        return self.url + "/" + path.lstrip("/")

    # --- programming answers ----------------------------------------------------------------------------------

    def respond(self, path="*", status=200, body=None, delay=0.0, times=None, headers=None, drop_connection=False):
        """Answer requests to `path` ("*" = any path without its own rule) with `status` and `body` (dict/list as
        JSON, str, bytes, None = empty) after `delay` s. With `times`, the rule serves that many requests, then the
        next rule queued for the path (or the default 200 {}) applies; rules queue in call order.
        `drop_connection` closes the connection without answering."""
        rule = _Rule(status=status, body=body, delay=delay, times=times, headers=dict(headers or {}),
                     drop_connection=drop_connection)
        with self._lock:
            self._rules.setdefault(path, []).append(rule)

    def clear_rules(self, path=None):
        """Forget the programmed answers (of `path` only, if given); recorded requests stay."""
        with self._lock:
            if path is None:
                self._rules.clear()
            else:
                self._rules.pop(path, None)

    def reset(self):
        """Forget recorded requests and programmed answers."""
        with self._lock:
            self._requests.clear()
            self._rules.clear()

    def _record_and_pick_rule(self, request):
        with self._lock:
            self._requests.append(request)
            self._lock.notify_all()
            for key in (request.path, "*"):
                rules = self._rules.get(key, [])
                while rules:
                    rule = rules[0]
                    if rule.times is None:
                        return rule
                    if rule.times > 0:
                        rule.times -= 1
                        if rule.times == 0:
                            rules.pop(0)
                        return rule
                    rules.pop(0)
            return _DEFAULT_RULE

    # --- recorded requests ------------------------------------------------------------------------------------

    @property
    def requests(self):
        """A snapshot of every request received so far, in arrival order."""
        with self._lock:
            return list(self._requests)

    def requests_to(self, path):
        return [r for r in self.requests if r.path == path]

    def wait_for(self, count, timeout=10.0, path=None):
        """Wait until at least `count` requests (to `path`, if given) arrived; return them all."""
        def matching():
            return [r for r in self._requests if path is None or r.path == path]

        deadline = time.monotonic() + timeout
        with self._lock:
            while len(matching()) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    got = [(r.method, r.path) for r in self._requests]
                    raise WaitTimeout(f"expected {count} request(s){' to ' + path if path else ''} within "
                                      f"{timeout} s, got {len(matching())}; all requests: {got}")
                self._lock.wait(remaining)
            return matching()

    def assert_quiet(self, duration=1.0, path=None):
        """Assert that no (further) request arrives during `duration` s."""
        before = len([r for r in self.requests if path is None or r.path == path])
        time.sleep(duration)
        after = [r for r in self.requests if path is None or r.path == path]
        assert len(after) == before, f"unexpected request(s): {[(r.method, r.path) for r in after[before:]]}"
