#!/usr/bin/python3
"""Job benchmark (issue 4): Ratatoskr's anonymization job against Orthanc's built-in anonymization, on a real
Orthanc 1.10.1 with DICOMweb and the Ratatoskr plugin, for each corpus of bench/make_corpus.py.

Per corpus, in the same run and on the same Orthanc:
  store        POST /instances of every file with 2 parallel clients (the ceiling: what Orthanc can ingest)
  ratatoskr    POST /ratatoskr/studies/{id}/anonymize {"Profile": "basic", "Synchronous": true}
  orthanc      POST /studies/{id}/anonymize {"Synchronous": true}     (built-in, PS3.15 2021b Basic Profile)
Both jobs read the stored study and store a new one; the result study is deleted after each run (Ratatoskr's
pseudonyms are deterministic, so a second run would otherwise find everything already stored). Runs alternate
between the two; the median of --repeat runs is reported as instances/s, with the ratio ratatoskr/orthanc
(target >= 1.5) and the peak resident memory of the Orthanc process during each job (VmHWM after resetting it
through /proc/<pid>/clear_refs, cross-checked by polling VmRSS every 20 ms), next to the RSS before the job.

Usage:
    /usr/bin/python3 bench/job_bench.py [--plugin PATH] [--corpus-dir DIR] [--corpus A B C] [--repeat N]
The plugin defaults to $RATATOSKR_PLUGIN, else $RATATOSKR_BUILD_DIR/libOrthancRatatoskr.so, else
<repo>/build/libOrthancRatatoskr.so. Uses IntegrationTests/harness (imported, not modified).
"""

import argparse
import os
import shutil
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "IntegrationTests"))

DEFAULT_CORPUS_DIR = Path("/tmp/ratatoskr-bench/corpus")
DEFAULT_WORK_DIR = Path("/tmp/ratatoskr-bench/job-work")
SECRET = "ratatoskr-benchmark-key-0123456789"
TARGET_RATIO = 1.5
JOB_TIMEOUT = 3600
STORE_CLIENTS = 2


def default_plugin():
    if os.environ.get("RATATOSKR_PLUGIN"):
        return Path(os.environ["RATATOSKR_PLUGIN"])
    build = os.environ.get("RATATOSKR_BUILD_DIR", str(REPO_ROOT / "build"))
    return Path(build) / "libOrthancRatatoskr.so"


def read_status_kb(pid, field):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


class MemoryProbe:
    """Peak RSS of a process while a block runs: VmHWM reset via clear_refs, plus VmRSS polling."""

    def __init__(self, pid, interval=0.02):
        self.pid, self.interval = pid, interval
        self.before_kb = self.peak_kb = self.hwm_kb = 0
        self._stop = threading.Event()
        self._thread = None

    def __enter__(self):
        self.before_kb = read_status_kb(self.pid, "VmRSS")
        self.peak_kb = self.before_kb
        try:
            with open(f"/proc/{self.pid}/clear_refs", "w") as clear:
                clear.write("5")  # resets VmHWM to the current RSS
        except OSError:
            pass
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()
        return self

    def _poll(self):
        while not self._stop.wait(self.interval):
            try:
                self.peak_kb = max(self.peak_kb, read_status_kb(self.pid, "VmRSS"))
            except OSError:
                return

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.hwm_kb = read_status_kb(self.pid, "VmHWM")
        self.peak_kb = max(self.peak_kb, self.hwm_kb)
        return False


def corpus_files(folder):
    return sorted(p for p in folder.rglob("*.dcm") if p.is_file())


def store_corpus(orthanc, files):
    """Upload with STORE_CLIENTS parallel clients; returns (seconds, study ids)."""
    from harness.orthanc_http import new_session
    local = threading.local()

    def upload(path):
        if not hasattr(local, "session"):
            local.session = new_session((orthanc.username, orthanc.password))
        response = local.session.post(orthanc.url_for("/instances"), data=path.read_bytes(),
                                      headers={"Content-Type": "application/dicom"}, timeout=120)
        response.raise_for_status()
        return response.json()["ParentStudy"]

    start = time.perf_counter()
    with ThreadPoolExecutor(STORE_CLIENTS) as pool:
        studies = set(pool.map(upload, files))
    return time.perf_counter() - start, studies


def run_ratatoskr(orthanc, study):
    answer = orthanc.post(f"/ratatoskr/studies/{study}/anonymize", json={"Profile": "basic", "Synchronous": True},
                          timeout=JOB_TIMEOUT)
    if answer.get("State") != "Success":
        raise RuntimeError(f"Ratatoskr job did not succeed: {answer}")
    return answer["ResultStudy"]


def run_orthanc(orthanc, study):
    answer = orthanc.post(f"/studies/{study}/anonymize", json={"Synchronous": True}, timeout=JOB_TIMEOUT)
    if answer.get("FailedInstancesCount", 0):
        raise RuntimeError(f"Orthanc anonymization had failures: {answer}")
    return answer["ID"]


def timed_job(orthanc, study, job, expected_instances):
    with MemoryProbe(orthanc.pid) as memory:
        start = time.perf_counter()
        result = job(orthanc, study)
        seconds = time.perf_counter() - start
    count = len(orthanc.get(f"/studies/{result}/instances"))
    if count != expected_instances:
        raise RuntimeError(f"result study has {count} instances, expected {expected_instances}")
    orthanc.delete(f"/studies/{result}")
    return seconds, memory


def bench_corpus(orthanc, name, folder, repeat):
    files = corpus_files(folder)
    total_bytes = sum(f.stat().st_size for f in files)
    orthanc.delete_everything()
    store_seconds, studies = store_corpus(orthanc, files)
    if len(studies) != 1:
        raise RuntimeError(f"corpus {name} should be one study, found {len(studies)}")
    study = studies.pop()

    runs = {"ratatoskr": [], "orthanc": []}
    for _ in range(repeat):
        for label, job in (("ratatoskr", run_ratatoskr), ("orthanc", run_orthanc)):
            runs[label].append(timed_job(orthanc, study, job, len(files)))
    orthanc.delete_everything()

    count = len(files)
    print(f"\nCorpus {name}: {count} instances, {total_bytes / 1e6:.1f} MB")
    print(f"  {'operation':<28} {'s (median)':>10} {'inst/s':>9} {'MB/s':>8} {'RSS before':>11} {'peak RSS':>9}")
    print(f"  {'store (POST /instances, 2x)':<28} {store_seconds:10.2f} {count / store_seconds:9.1f} "
          f"{total_bytes / 1e6 / store_seconds:8.1f}")
    medians = {}
    for label in ("ratatoskr", "orthanc"):
        seconds = statistics.median(s for s, _ in runs[label])
        before = max(m.before_kb for _, m in runs[label]) / 1024
        peak = max(m.peak_kb for _, m in runs[label]) / 1024
        medians[label] = seconds
        title = "ratatoskr job (basic)" if label == "ratatoskr" else "orthanc /anonymize (2021b)"
        print(f"  {title:<28} {seconds:10.2f} {count / seconds:9.1f} {total_bytes / 1e6 / seconds:8.1f} "
              f"{before:9.0f}MB {peak:7.0f}MB")
    ratio = medians["orthanc"] / medians["ratatoskr"]
    ceiling = store_seconds / medians["ratatoskr"]
    print(f"  ratatoskr / orthanc speed = {ratio:.2f}x (target >= {TARGET_RATIO}); "
          f"ratatoskr reaches {100 * ceiling:.0f}% of the store rate")
    return ratio


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--plugin", type=Path, default=default_plugin())
    parser.add_argument("--corpus-dir", type=Path, default=DEFAULT_CORPUS_DIR)
    parser.add_argument("--work-dir", type=Path, default=DEFAULT_WORK_DIR)
    parser.add_argument("--corpus", nargs="+", default=["A", "B", "C"])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    if not args.plugin.is_file():
        sys.exit(f"plugin not found: {args.plugin} (build OrthancRatatoskr, or pass --plugin / RATATOSKR_PLUGIN)")
    for name in args.corpus:
        if not (args.corpus_dir / name).is_dir():
            sys.exit(f"corpus {name} missing in {args.corpus_dir}: run bench/make_corpus.py first")
    os.environ["RATATOSKR_PLUGIN"] = str(args.plugin.resolve())
    from harness import OrthancProcess  # after RATATOSKR_PLUGIN is set

    args.work_dir.mkdir(parents=True, exist_ok=True)
    orthanc = OrthancProcess(args.work_dir, f"bench-{os.getpid()}", verbose=False,
                             config_overrides={"Ratatoskr": {"Secret": SECRET}})
    orthanc.start()
    try:
        print(f"Orthanc {orthanc.get('/system')['Version']} (pid {orthanc.pid}), plugin {args.plugin}, "
              f"{os.cpu_count()} cores, median of {args.repeat} runs, default ConcurrentJobs")
        ratios = {name: bench_corpus(orthanc, name, args.corpus_dir / name, args.repeat) for name in args.corpus}
    finally:
        orthanc.stop()
        shutil.rmtree(orthanc.directory, ignore_errors=True)
    print("\nSummary: ratatoskr / orthanc speed: " +
          ", ".join(f"{name} {ratio:.2f}x" for name, ratio in ratios.items()) + f" (target >= {TARGET_RATIO})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
