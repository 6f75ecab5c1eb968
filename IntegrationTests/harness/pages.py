"""A small web site of its own on a free loopback port: another origin than Orthanc's, for browser tests (a foreign
page attacking Orthanc, an embedding page...). Serves the pages given to it and records what was asked."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .ports import free_port


class PageServer:
    """`with PageServer() as site: site.add("/form.html", html); browser opens site.url_for("/form.html")`.
    `.origin` is what a browser sends as Origin for its pages; `.requests` lists (method, path) of every request."""

    def __init__(self, host="127.0.0.1"):
        self.host = host
        self.port = free_port()
        self.origin = f"http://{host}:{self.port}"
        self.url = self.origin
        self.requests = []
        self._pages = {}
        self._lock = threading.Lock()
        self._server = None
        self._thread = None

    def url_for(self, path):
        return self.origin + "/" + path.lstrip("/")

    def add(self, path, body, content_type="text/html; charset=utf-8"):
        """Serve `body` (str or bytes) at `path`; returns the page's URL."""
        data = body.encode() if isinstance(body, str) else body
        with self._lock:
            self._pages["/" + path.lstrip("/")] = (content_type, data)
        return self.url_for(path)

    def _handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                path = self.path.split("?", 1)[0]
                with site._lock:
                    site.requests.append((self.command, self.path))
                    page = site._pages.get(path)
                if page is None:
                    self.send_error(404)
                    return
                content_type, data = page
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = do_HEAD = do_POST = _answer

            def log_message(self, *args):
                pass

        return Handler

    def start(self):
        self._server = ThreadingHTTPServer((self.host, self.port), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name=f"pages:{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self):
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(10)
            self._server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
