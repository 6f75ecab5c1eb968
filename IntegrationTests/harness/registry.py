"""Every Orthanc started by the test session, so logs can be checked per test and shown when a test fails."""

import threading


class ProcessRegistry:
    def __init__(self):
        self._processes = []
        self._lock = threading.Lock()

    def add(self, process):
        with self._lock:
            self._processes.append(process)
        return process

    def all(self):
        with self._lock:
            return list(self._processes)

    def running(self):
        return [p for p in self.all() if p.running]

    def stop_all(self):
        for process in self.all():
            process.stop()
