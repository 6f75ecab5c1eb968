#!/usr/bin/python3
"""Invite upload benchmark (issue 12): corpus A (500 x 0.5 MB) dropped on the upload page in headless Chromium
(Debian's chromium, playwright-core), anonymized in the browser by the WebAssembly engine in Web Workers, sent to
the public listener, checked and anonymized again by the server and stored; against a plain `POST /instances` of
the same original files from two clients, in the same run, on the same machine.

Two real Orthanc 1.10.1 processes (IntegrationTests/harness, free loopback ports), each with Ratatoskr:
  reference   corpus A stored by 2 parallel clients with POST /instances (the raw store rate)
  page        an invite of the "basic" profile without destination; the page (IntegrationTests/browser/
              upload-page.mjs) opens its link, the folder is dropped (a real drag through the DevTools protocol),
              and the time runs from the first instance the server received to the last one it stored (the
              upload's CreatedAt -> LastFileAt), plus the whole script's wall time (browser start included)
Also reported: the peak resident memory of every Chromium process of the run (the tab, its workers, the browser),
for the whole corpus and for its first 100 files: the page holds one file per step in flight, so the peak must not
grow with the number of files. Target: page rate >= 50 % of the reference's files/s on 2 cores.

Usage:
    /usr/bin/python3 bench/upload_bench.py [--plugin PATH] [--corpus-dir DIR] [--work-dir DIR] [--rounds N]
Needs the plugin built with its WebAssembly engine and `bench/make_corpus.py --corpus A` first.
"""

import argparse
import datetime
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from job_bench import DEFAULT_CORPUS_DIR, corpus_files, default_plugin, store_corpus

DEFAULT_WORK_DIR = Path("/tmp/ratatoskr-bench/upload-work")
SECRET = "ratatoskr-benchmark-key-0123456789"
TARGET_RATIO = 0.5
PAGE_TIMEOUT = 3600


def parse_time(text):
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc).timestamp()


class ChromiumMemory:
    """Peak of the summed resident memory (kB) of every chromium process, sampled every 100 ms."""

    def __init__(self):
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self):
        total = 0
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    if b"chromium" not in f.read().split(b"\0")[0]:
                        continue
                with open(f"/proc/{entry}/status") as f:
                    for line in f:
                        if line.startswith("VmRSS:"):
                            total += int(line.split()[1])
            except OSError:
                continue
        return total

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(0.1)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def page_upload(orthanc, folder, count, public_port):
    """One upload of `folder` through the page; returns (server-side seconds, script seconds, peak chromium kB)."""
    from harness.browser import run_browser_script
    invite = orthanc.post("/ratatoskr/invites", json={"Profile": "basic", "Destination": None,
                                                      "MaxFiles": 100000, "ExpiresInHours": 2})
    started = time.perf_counter()
    with ChromiumMemory() as memory:
        result = run_browser_script("upload-page.mjs", {"url": invite["Url"], "folder": str(folder),
                                                        "timeoutMs": PAGE_TIMEOUT * 1000, "finish": True},
                                    timeout=PAGE_TIMEOUT)
    script_seconds = time.perf_counter() - started
    detail = orthanc.get(f"/ratatoskr/invites/{invite['ID']}")
    files = sum(u["Files"] for u in detail["Uploads"])
    if files != count:
        sys.exit(f"the page stored {files} of {count} files: {result.get('states', [])[:5]}")
    upload = detail["Uploads"][0]
    span = parse_time(upload["LastFileAt"]) - parse_time(upload["CreatedAt"])
    return span * count / max(count - 1, 1), script_seconds, memory.peak


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--plugin", type=Path, default=default_plugin())
    parser.add_argument("--corpus-dir", type=Path, default=DEFAULT_CORPUS_DIR)
    parser.add_argument("--work-dir", type=Path, default=DEFAULT_WORK_DIR)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    folder = args.corpus_dir / "A"
    if not folder.is_dir():
        sys.exit(f"corpus A missing in {args.corpus_dir}: run bench/make_corpus.py --corpus A first")
    files = corpus_files(folder)
    os.environ["RATATOSKR_PLUGIN"] = str(args.plugin.resolve())
    from harness import OrthancProcess, free_port

    first100 = Path(tempfile.mkdtemp(prefix="upload-bench-100-"))
    for path in files[:100]:
        shutil.copy(path, first100 / path.name)

    args.work_dir.mkdir(parents=True, exist_ok=True)
    public_port = free_port()
    reference = OrthancProcess(args.work_dir, f"reference-{os.getpid()}", verbose=False,
                               config_overrides={"Ratatoskr": {"Secret": SECRET}})
    page = OrthancProcess(args.work_dir, f"page-{os.getpid()}", verbose=False, config_overrides={"Ratatoskr": {
        "Secret": SECRET, "Public": {"Enabled": True, "BindAddress": "127.0.0.1", "Port": public_port},
        "Invites": {"IdleFinishMinutes": 0, "RequestsPerMinute": 100000}}})
    reference.start()
    page.start()
    try:
        time.sleep(1)  # the public listener starts a moment after Orthanc
        size = sum(p.stat().st_size for p in files) / 1e6
        print(f"Orthanc {reference.get('/system')['Version']}, {os.cpu_count()} cores, corpus A: {len(files)} files, "
              f"{size:.0f} MB")
        ratios = []
        for round_number in range(args.rounds):
            reference.delete_everything()
            raw_seconds, _ = store_corpus(reference, files)
            page.delete_everything()
            page_seconds, script_seconds, peak = page_upload(page, folder, len(files), public_port)
            raw_rate, page_rate = len(files) / raw_seconds, len(files) / page_seconds
            ratios.append(page_rate / raw_rate)
            print(f"round {round_number + 1}: POST /instances x2 {raw_rate:.1f} files/s ({size / raw_seconds:.1f} MB/s)"
                  f" | page {page_rate:.1f} files/s ({size / page_seconds:.1f} MB/s; whole script "
                  f"{script_seconds:.0f} s) | ratio {page_rate / raw_rate:.2f} | peak Chromium RSS {peak / 1024:.0f} MB")
        page.delete_everything()
        _, _, peak100 = page_upload(page, first100, 100, public_port)
        print(f"peak Chromium RSS: 100 files {peak100 / 1024:.0f} MB, {len(files)} files {peak / 1024:.0f} MB "
              f"(ratio {peak / max(peak100, 1):.2f}: bounded when close to 1)")
    finally:
        reference.stop()
        page.stop()
        shutil.rmtree(reference.directory, ignore_errors=True)
        shutil.rmtree(page.directory, ignore_errors=True)
        shutil.rmtree(first100, ignore_errors=True)
    ratio = statistics.median(ratios)
    print(f"\nSummary: page / raw store rate {ratio:.2f} (target >= {TARGET_RATIO})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
