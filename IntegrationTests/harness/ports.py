"""Free TCP ports on the loopback interface.

Each port comes from the kernel (bind to 127.0.0.1:0) and is checked to be free on all interfaces too, because
Orthanc's HTTP and DICOM servers listen on 0.0.0.0. Ports handed out by one allocator are never handed out again
by it, so the HTTP and DICOM ports of several Orthancs started by one test session never collide with each other.
Another program may still grab a port between the check and Orthanc's bind: `OrthancProcess` retries with new
ports when Orthanc reports a port already in use.
"""

import socket
import threading


def _is_bindable(host, port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


class PortAllocator:
    """Hands out distinct free TCP ports (thread-safe)."""

    def __init__(self, max_attempts=200):
        self._given = set()
        self._lock = threading.Lock()
        self._max_attempts = max_attempts

    def allocate(self):
        with self._lock:
            for _ in range(self._max_attempts):
                with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
                    sock.bind(("127.0.0.1", 0))
                    port = sock.getsockname()[1]
                if port in self._given or not _is_bindable("0.0.0.0", port):
                    continue
                self._given.add(port)
                return port
        raise RuntimeError("no free loopback TCP port found")

    def allocate_many(self, count):
        return [self.allocate() for _ in range(count)]


_DEFAULT_ALLOCATOR = PortAllocator()


def free_port():
    """One free port, distinct from every other port handed out in this test session."""
    return _DEFAULT_ALLOCATOR.allocate()


def free_ports(count):
    """`count` distinct free ports."""
    return _DEFAULT_ALLOCATOR.allocate_many(count)
