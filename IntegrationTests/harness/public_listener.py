"""The plugin's public listener ("Ratatoskr.Public"): configuration overrides, a client without credentials, and raw
HTTP/1.1 over a socket for what `requests` cannot do (a body never sent, a slow client, a flood of connections)."""

import socket
import time
from dataclasses import dataclass, field

import pytest
import requests

from .orthanc_http import new_session
from .ports import free_port
from .waiting import wait_until

# The headers every answer of the listener carries (README, "Public listener").
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; "
                               "connect-src 'self'; img-src 'self' blob: data:; style-src 'self'; base-uri 'none'; "
                               "form-action 'none'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def public_overrides(port=None, invites=None, **public):
    """Configuration overrides enabling the listener on `port` (a free one if None); `public` keys go to
    "Ratatoskr.Public" (e.g. RequestTimeoutSeconds=3), `invites` to "Ratatoskr.Invites"."""
    section = {"Enabled": True, "Port": port or free_port()}
    section.update(public)
    ratatoskr = {"Public": section}
    if invites:
        ratatoskr["Invites"] = invites
    return {"Ratatoskr": ratatoskr}


def serve_with_public_listener(process, port, timeout=10):
    """Fixture body: start `process`, wait until its public listener answers on `port` (it starts a moment after
    Orthanc; a listener that never answers fails the fixture), yield it; always stop it and fail on its shutdown
    problems."""
    def answers():
        try:
            requests.get(f"http://127.0.0.1:{port}/upload/", timeout=2)
            return True
        except requests.RequestException:
            return False

    try:
        process.start()
        wait_until(answers, timeout=timeout, description=f"the public listener on port {port}")
        yield process
    finally:
        process.terminate()
        problems = process.shutdown_problems()
        if problems:
            pytest.fail("\n\n".join(problems), pytrace=False)


@dataclass
class RawAnswer:
    status: int
    headers: dict = field(default_factory=dict)  # lower-case names
    body: bytes = b""


def parse_answer(data):
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return RawAnswer(status, headers, body)


class PublicListener:
    """Client of a public listener on 127.0.0.1:`port` (plain HTTP unless `scheme` is https)."""

    def __init__(self, port, scheme="http", host="127.0.0.1"):
        self.port = port
        self.host = host
        self.url = f"{scheme}://{host}:{port}"
        self.session = new_session()

    def request(self, method, path, timeout=10, **kwargs):
        return self.session.request(method, self.url + path, timeout=timeout, **kwargs)

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def connect(self, timeout=10):
        return socket.create_connection((self.host, self.port), timeout=timeout)

    @staticmethod
    def _complete(data):
        """Whether `data` holds a whole answer: its head and Content-Length bytes of body."""
        head, separator, body = data.partition(b"\r\n\r\n")
        if not separator:
            return False
        length = parse_answer(head + separator).headers.get("content-length")
        return length is not None and len(body) >= int(length)

    @classmethod
    def read_all(cls, sock, deadline):
        """Bytes received until the answer is complete, the server closes, or `deadline`."""
        data = b""
        while time.monotonic() < deadline and not cls._complete(data):
            try:
                chunk = sock.recv(65536)
            except socket.timeout:
                continue
            except ConnectionResetError:
                break
            if not chunk:
                break
            data += chunk
        return data

    def raw(self, head, body_chunks=(), timeout=10):
        """Send `head` (bytes, up to and with the blank line), then each of `body_chunks`, then read the answer
        until the server closes: a RawAnswer, or None if the server closed without answering."""
        with self.connect(timeout) as sock:
            sock.settimeout(0.5)
            sock.sendall(head)
            for chunk in body_chunks:
                try:
                    sock.sendall(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    break
            data = self.read_all(sock, time.monotonic() + timeout)
        return parse_answer(data) if data else None

    def is_listening(self):
        try:
            with self.connect(timeout=1):
                return True
        except OSError:
            return False


def listening_addresses(port):
    """The local IPv4 addresses a TCP socket listens on at `port`, from /proc/net/tcp (e.g. {"127.0.0.1"})."""
    addresses = set()
    with open("/proc/net/tcp") as table:
        next(table)
        for line in table:
            fields = line.split()
            local, state = fields[1], fields[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A = LISTEN
                octets = [str(int(address[i:i + 2], 16)) for i in range(6, -2, -2)]
                addresses.add(".".join(octets))
    return addresses
