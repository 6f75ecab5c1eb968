#!/usr/bin/python3
"""Delivery benchmark (issue 10): Ratatoskr's delivery of corpus A's anonymized study to a second Orthanc, against
one direct STOW-RS of the same study through the DICOMweb plugin, on the same machine and in the same run.

Two real Orthanc 1.10.1 processes (through IntegrationTests/harness, free loopback ports):
  sender      Orthanc + DICOMweb + Ratatoskr; DICOMweb server "pacscenter"; one Ratatoskr destination per
              batch setting tried (ParallelBatches x BatchMaxInstances), all to that server, without webhooks
  pacscenter  a plain Orthanc + DICOMweb: the destination
Untimed set-up: store corpus A in the sender (2 clients), anonymize it with Ratatoskr ("basic" profile); the
anonymized study is what both contenders send. Then, in pairs that alternate which one goes first, and with
PACScenter emptied (untimed) before every run:
  direct      POST /dicom-web/servers/pacscenter/stow {"Resources": [study], "Asynchronous": true}, then
              GET /jobs/{id} every 50 ms until Success: one request with every instance, no check of the remote
  ratatoskr   POST /ratatoskr/studies/{study}/deliver {"Destination": <setting>, "Synchronous": true}: checks
              every instance's de-identification stamp, bounded asynchronous STOW batches, ParallelBatches
              in flight, then verification of the SOP Instance UID set on PACScenter; answers once Delivered
After every run PACScenter must hold the 500 instances. Reported per setting: median wall time of each side,
median of the paired ratios ratatoskr/direct (target <= 1.0), CPU seconds (user + system, from /proc) of each
Orthanc process, and where the plugin's time went: checking the study before the delivery record exists
(answer's CreationTime), sending (first STOW job created -> last one completed, from GET /jobs), the gaps
between batches, verification and the synchronous answer's wait.

Usage:
    /usr/bin/python3 bench/delivery_bench.py [--plugin PATH] [--rounds N] [--parallel 1 2 4]
        [--batch 25 50 100] [--work-dir DIR] [--concurrent-jobs N]
BatchMaxBytes is set to 1 GiB for every setting, so that BatchMaxInstances alone sizes the batches (with the
default 32 MiB, corpus A's 527 kB instances would cap a batch at 63 instances). ConcurrentJobs of the sender
stays Orthanc's default (2) unless --concurrent-jobs is given: every STOW batch is a job of Orthanc's engine, so
more than ConcurrentJobs batches in flight only queue.
"""

import argparse
import datetime
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

from job_bench import DEFAULT_CORPUS_DIR, corpus_files, default_plugin, store_corpus

DEFAULT_WORK_DIR = Path("/tmp/ratatoskr-bench/delivery-work")
SECRET = "ratatoskr-benchmark-key-0123456789"
PACS_USER, PACS_PASSWORD = "pacs", "pacs-pw"
TARGET_RATIO = 1.0
POLL = 0.05
RUN_TIMEOUT = 900
DEFAULT_SETTING = (2, 50)  # the plugin's defaults: ParallelBatches 2, BatchMaxInstances 50


def destination_name(parallel, batch):
    return f"p{parallel}-b{batch}"


def cpu_seconds(pid):
    """User and system CPU seconds of a process so far (all its threads)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return int(fields[11]) / ticks, int(fields[12]) / ticks  # utime, stime (fields 14 and 15 of stat)


class CpuMeter:
    def __init__(self, processes):
        self.processes = processes

    def __enter__(self):
        self.start = {p.name: cpu_seconds(p.pid) for p in self.processes}
        return self

    def __exit__(self, *exc):
        self.used = {}
        for p in self.processes:
            end = cpu_seconds(p.pid)
            self.used[p.name] = tuple(e - s for e, s in zip(end, self.start[p.name]))
        return False


def orthanc_time(text):
    """Orthanc's job times, e.g. 20261203T101502.123456 (UTC), as seconds since the epoch."""
    when = datetime.datetime.strptime(text, "%Y%m%dT%H%M%S.%f")
    return when.replace(tzinfo=datetime.timezone.utc).timestamp()


def plugin_time(text):
    """The plugin's times, e.g. 2026-12-03T10:15:02.123Z (UTC), as seconds since the epoch."""
    when = datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ")
    return when.replace(tzinfo=datetime.timezone.utc).timestamp()


def empty_pacscenter(pacscenter):
    pacscenter.delete_everything()
    if pacscenter.get("/statistics")["CountInstances"] != 0:
        raise RuntimeError("PACScenter could not be emptied")


def check_pacscenter(pacscenter, expected):
    count = pacscenter.get("/statistics")["CountInstances"]
    if count != expected:
        raise RuntimeError(f"PACScenter holds {count} instances after the run, expected {expected}")


def run_direct(sender, study):
    start_wall = time.time()
    start = time.perf_counter()
    job_id = sender.post("/dicom-web/servers/pacscenter/stow", json={"Resources": [study], "Asynchronous": True})["ID"]
    while True:
        job = sender.get(f"/jobs/{job_id}")
        if job["State"] == "Success":
            break
        if job["State"] == "Failure" or time.perf_counter() - start > RUN_TIMEOUT:
            raise RuntimeError(f"direct STOW did not succeed: {job}")
        time.sleep(POLL)
    seconds = time.perf_counter() - start
    stow_start = orthanc_time(job["CompletionTime"]) - float(job.get("EffectiveRuntime", 0))
    return seconds, {"stow job runtime": float(job.get("EffectiveRuntime", 0)),
                     "until job start": stow_start - start_wall}


def run_ratatoskr(sender, study, destination, expected, parallel):
    start_wall = time.time()
    start = time.perf_counter()
    answer = sender.post(f"/ratatoskr/studies/{study}/deliver", json={"Destination": destination, "Synchronous": True},
                         timeout=RUN_TIMEOUT)
    end_wall = time.time()
    seconds = time.perf_counter() - start
    if answer.get("State") != "Delivered" or answer.get("ConfirmedCount") != expected:
        raise RuntimeError(f"delivery not Delivered: { {k: v for k, v in answer.items() if k != 'Instances'} }")
    return seconds, lambda: breakdown(sender, answer, start_wall, end_wall, parallel)  # after the CPU count


def breakdown(sender, answer, start_wall, end_wall, parallel):
    """Where the plugin's delivery spent its time, from the delivery record and its STOW jobs (Orthanc keeps
    them: JobsHistorySize is raised for the benchmark)."""
    jobs = []
    for batch in answer["Batches"]:
        job = sender.get(f"/jobs/{batch['StowJob']}", expected=(200, 404))
        if not isinstance(job, dict) or "CompletionTime" not in job:
            return {}
        completed = orthanc_time(job["CompletionTime"])
        runtime = float(job.get("EffectiveRuntime", 0))
        jobs.append((orthanc_time(job["CreationTime"]), completed - runtime, completed))
    created = plugin_time(answer["CreationTime"])
    verified = plugin_time(answer["VerificationTime"])
    first_post = min(j[0] for j in jobs)
    last_done = max(j[2] for j in jobs)
    running = sum(j[2] - j[1] for j in jobs)
    # Idle time of the STOW slots: between a job's completion and the creation of the job that took its place.
    by_creation = sorted(jobs)
    slots = max(1, min(parallel, len(jobs)))
    ends = sorted(j[2] for j in by_creation[:slots])
    gaps = []
    for job in by_creation[slots:]:
        freed = ends.pop(0)
        gaps.append(max(0.0, job[0] - freed))
        ends.append(job[2])
        ends.sort()
    return {
        "check": created - start_wall,
        "to 1st STOW": first_post - created,
        "sending": last_done - first_post,
        "STOW run sum": running,
        "slot idle sum": sum(gaps),
        "idle/refill": sum(gaps) / len(gaps) if gaps else 0.0,
        "to verify": verified - last_done,
        "verify+answer": end_wall - verified,
        "QIDO alone": time_verification(sender, answer["StudyInstanceUID"]),
        "batches": len(jobs),
    }


BREAKDOWN_LEGEND = """  check          request -> delivery record created: every instance's tags read, de-identification stamp checked
  to 1st STOW    record created -> first STOW job created (the worker's first look; file sizes read, batches planned)
  sending        first STOW job created -> last STOW job completed
  STOW run sum   sum of the STOW jobs' running times (EffectiveRuntime), all batches: multiples of 0.5 s, since
                 the DICOMweb plugin's STOW job sleeps 500 ms in each step before it looks whether its sending
                 thread is done (SingleFunctionJob::Step), so every batch holds a job worker for >= 0.5 s
  slot idle sum  total time a ParallelBatches slot stayed empty while batches were left (job completed -> next
                 job created: the worker only looks every 500 ms + up to 200 ms); idle/refill: per refill
  to verify      last STOW job completed -> the worker's round that verifies
  verify+answer  that round -> synchronous answer received: the QIDO of the SOP Instance UIDs on PACScenter,
                 the record's update, and the answer's wait (it reads the record every 100 ms)
  QIDO alone     the same /get (studies/{uid}/instances?includefield=00080018) done by hand after the run"""


def time_verification(sender, study_instance_uid):
    start = time.perf_counter()
    sender.post("/dicom-web/servers/pacscenter/get",
                json={"Uri": f"/studies/{study_instance_uid}/instances", "Arguments": {"includefield": "00080018"}})
    return time.perf_counter() - start


def bench(args):
    from harness import OrthancProcess

    settings = [(p, b) for p in args.parallel for b in args.batch]
    destinations = {destination_name(p, b): {"DicomWebServer": "pacscenter", "ParallelBatches": p,
                                             "BatchMaxInstances": b, "BatchMaxBytes": 1 << 30}
                    for p, b in settings}
    args.work_dir.mkdir(parents=True, exist_ok=True)
    tag = f"bench-{os.getpid()}"
    pacscenter = OrthancProcess(args.work_dir, f"{tag}-pacs", with_ratatoskr=False, verbose=False,
                                username=PACS_USER, password=PACS_PASSWORD)
    pacscenter.start()
    sender_overrides = {
        "JobsHistorySize": 200,
        "DicomWeb": {"Servers": {"pacscenter": pacscenter.dicomweb_server_entry()}},
        "Ratatoskr": {"Secret": SECRET, "Destinations": destinations},
    }
    if args.concurrent_jobs:
        sender_overrides["ConcurrentJobs"] = args.concurrent_jobs
    sender = OrthancProcess(args.work_dir, f"{tag}-sender", verbose=False, config_overrides=sender_overrides)
    try:
        sender.start()
        files = corpus_files(args.corpus_dir / "A")
        total_mb = sum(f.stat().st_size for f in files) / 1e6
        store_seconds, studies = store_corpus(sender, files)
        original = studies.pop()
        answer = sender.post(f"/ratatoskr/studies/{original}/anonymize",
                             json={"Profile": "basic", "Synchronous": True}, timeout=RUN_TIMEOUT)
        if answer.get("State") != "Success":
            raise RuntimeError(f"anonymization failed: {answer}")
        study = answer["ResultStudy"]
        sender.delete(f"/studies/{original}")  # only the anonymized study stays: what is sent
        count = len(sender.get(f"/studies/{study}/instances"))
        config = sender.get("/system")
        print(f"{datetime.datetime.now().isoformat(timespec='minutes')}: Orthanc {config['Version']} "
              f"(sender pid {sender.pid}, pacscenter pid {pacscenter.pid}), {os.cpu_count()} cores, "
              f"load {' '.join(f'{x:.2f}' for x in os.getloadavg())}; plugin {args.plugin}")
        print(f"corpus A: {count} instances, {total_mb:.1f} MB, stored in {store_seconds:.1f} s, anonymized "
              f"(untimed); sender ConcurrentJobs {args.concurrent_jobs or 'default (2)'}; every setting with BatchMaxBytes "
              f"1 GiB; {args.rounds} rounds, pairs alternating which side goes first")

        runs = {s: [] for s in settings}  # setting -> [(direct s, ratatoskr s, direct cpu, ratatoskr cpu, details)]
        for round_index in range(args.rounds):
            order = settings if round_index % 2 == 0 else list(reversed(settings))
            for pair_index, (parallel, batch) in enumerate(order):
                name = destination_name(parallel, batch)
                results = {}
                sides = ["direct", "ratatoskr"]
                if (round_index + pair_index) % 2:
                    sides.reverse()
                for side in sides:
                    empty_pacscenter(pacscenter)
                    load = os.getloadavg()[0]
                    with CpuMeter([sender, pacscenter]) as cpu:
                        if side == "direct":
                            seconds, details = run_direct(sender, study)
                        else:
                            seconds, details = run_ratatoskr(sender, study, name, count, parallel)
                    check_pacscenter(pacscenter, count)
                    if callable(details):
                        details = details()
                    results[side] = (seconds, cpu.used, details, load)
                runs[(parallel, batch)].append(results)
                d, r = results["direct"], results["ratatoskr"]
                print(f"  round {round_index + 1} {name:>9}: direct {d[0]:6.2f} s, ratatoskr {r[0]:6.2f} s, "
                      f"ratio {r[0] / d[0]:.2f} (load {d[3]:.1f}/{r[3]:.1f})", flush=True)
        empty_pacscenter(pacscenter)
        report(runs, settings, count, total_mb)
    finally:
        sender.terminate()
        pacscenter.terminate()
        sender.stop()
        pacscenter.stop()
        shutil.rmtree(sender.directory, ignore_errors=True)
        shutil.rmtree(pacscenter.directory, ignore_errors=True)


def median(values):
    return statistics.median(values) if values else float("nan")


def report(runs, settings, count, total_mb):
    print(f"\n{'setting':<24} {'direct s':>9} {'ratatoskr s':>11} {'ratio':>6} {'ratio range':>12} "
          f"{'inst/s':>7} {'CPU direct':>17} {'CPU ratatoskr':>17}")
    print(f"{'':<24} {'':>9} {'':>11} {'':>6} {'':>12} {'':>7} {'sender+pacs s':>17} {'sender+pacs s':>17}")
    summary = {}
    for setting in settings:
        pairs = runs[setting]
        direct = [p["direct"][0] for p in pairs]
        plugin = [p["ratatoskr"][0] for p in pairs]
        ratios = [p["ratatoskr"][0] / p["direct"][0] for p in pairs]

        def cpu(side, who):
            return median([sum(p[side][1][who]) for p in pairs])

        names = list(pairs[0]["direct"][1])
        sender_name, pacs_name = names[0], names[1]
        summary[setting] = median(ratios)
        label = f"ParallelBatches {setting[0]}, {setting[1]:>3}"
        print(f"{label:<24} {median(direct):9.2f} {median(plugin):11.2f} {median(ratios):6.2f} "
              f"{min(ratios):5.2f}-{max(ratios):<5.2f} {count / median(plugin):7.0f} "
              f"{cpu('direct', sender_name):7.2f}+{cpu('direct', pacs_name):<6.2f}   "
              f"{cpu('ratatoskr', sender_name):7.2f}+{cpu('ratatoskr', pacs_name):<6.2f}")
    print("\nWhere the plugin's time went (medians, seconds):")
    keys = None
    for setting in settings:
        details = [p["ratatoskr"][2] for p in runs[setting] if p["ratatoskr"][2]]
        if not details:
            continue
        if keys is None:
            keys = [k for k in details[0] if k != "batches"]
            print(f"  {'setting':<9} {'batches':>7} " + " ".join(f"{k:>13}" for k in keys))
        print(f"  {destination_name(*setting):<9} {details[0]['batches']:7d} " +
              " ".join(f"{median([d[k] for d in details]):13.2f}" for k in keys))
    print(BREAKDOWN_LEGEND)
    direct_details = [p["direct"][2] for s in settings for p in runs[s]]
    print(f"  direct STOW: job runtime {median([d['stow job runtime'] for d in direct_details]):.2f} s, "
          f"POST -> job start {median([d['until job start'] for d in direct_details]):.2f} s")
    best = min(summary, key=summary.get)
    print(f"\nBest setting on this machine: ParallelBatches {best[0]}, BatchMaxInstances {best[1]} "
          f"(ratio {summary[best]:.2f}); defaults (ParallelBatches {DEFAULT_SETTING[0]}, BatchMaxInstances "
          f"{DEFAULT_SETTING[1]}): "
          + (f"{summary[DEFAULT_SETTING]:.2f}" if DEFAULT_SETTING in summary else "not run")
          + f"; target <= {TARGET_RATIO}. {total_mb:.0f} MB per run.")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--plugin", type=Path, default=default_plugin())
    parser.add_argument("--corpus-dir", type=Path, default=DEFAULT_CORPUS_DIR)
    parser.add_argument("--work-dir", type=Path, default=DEFAULT_WORK_DIR)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--parallel", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--batch", type=int, nargs="+", default=[25, 50, 100])
    parser.add_argument("--concurrent-jobs", type=int, default=0)
    args = parser.parse_args()
    if not args.plugin.is_file():
        sys.exit(f"plugin not found: {args.plugin} (build OrthancRatatoskr, or pass --plugin / RATATOSKR_PLUGIN)")
    if not (args.corpus_dir / "A").is_dir():
        sys.exit(f"corpus A missing in {args.corpus_dir}: run bench/make_corpus.py --corpus A first")
    os.environ["RATATOSKR_PLUGIN"] = str(args.plugin.resolve())
    bench(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
