"""Reading an Orthanc log file: text, tail, error lines, and which error lines a test declared as expected."""

import re
import threading
from dataclasses import dataclass

# glog format used by Orthanc 1.10: "E1122 03:20:00.123456 File.cpp:42] message"
ERROR_LINE = re.compile(r"^E\d{4} \d{2}:\d{2}:\d{2}\.\d+ ")


@dataclass(frozen=True)
class LogLine:
    offset: int  # byte offset of the line in the log file
    text: str

    def __str__(self):
        return self.text


@dataclass(frozen=True)
class _Allowance:
    pattern: re.Pattern
    start: int
    end: object  # int offset, or None = open-ended

    def covers(self, line):
        if line.offset < self.start or (self.end is not None and line.offset >= self.end):
            return False
        return bool(self.pattern.search(line.text))


class OrthancLog:
    """One Orthanc log file (appended to across restarts)."""

    def __init__(self, path):
        self.path = path
        self._allowances = []
        self._lock = threading.Lock()

    def position(self):
        """Current size in bytes: pass it as `since` later to look only at what was logged afterwards."""
        try:
            return self.path.stat().st_size
        except FileNotFoundError:
            return 0

    def _bytes(self, since):
        try:
            with open(self.path, "rb") as handle:
                handle.seek(since)
                return handle.read()
        except FileNotFoundError:
            return b""

    def text(self, since=0):
        return self._bytes(since).decode("utf-8", errors="replace")

    def lines(self, since=0):
        """Complete and partial lines from byte offset `since`, each with its own offset."""
        result = []
        offset = since
        for raw in self._bytes(since).splitlines(keepends=True):
            result.append(LogLine(offset, raw.decode("utf-8", errors="replace").rstrip("\r\n")))
            offset += len(raw)
        return result

    def tail(self, count=40, since=0):
        return "\n".join(line.text for line in self.lines(since)[-count:])

    def error_lines(self, since=0):
        """Lines in glog error format ("E" + MMDD + time)."""
        return [line for line in self.lines(since) if ERROR_LINE.match(line.text)]

    def allow_errors(self, *patterns, start=0, end=None):
        """Declare error lines matching any regex in `patterns` (all lines if none) between byte offsets
        `start` and `end` (None = forever) as expected."""
        compiled = [re.compile(p) for p in patterns] or [re.compile("")]
        with self._lock:
            self._allowances.extend(_Allowance(p, start, end) for p in compiled)

    def unexpected_error_lines(self, since=0):
        with self._lock:
            allowances = list(self._allowances)
        return [line for line in self.error_lines(since) if not any(a.covers(line) for a in allowances)]
