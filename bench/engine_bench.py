#!/usr/bin/python3
"""Engine benchmark: ratatoskr-anonymize against the DCMTK load+save floor and GDCM's anonymizer.

For each corpus made by bench/make_corpus.py (A: 500 x 0.5 MB, B: 50 x 5 MB, C: 2000 x 7 kB), in the same run:

  dcmodify          dcmodify -nb -ma PatientName=X on a fresh copy (DCMTK load + one change + save, in place,
                    no backup): the floor any DCMTK-based tool pays to read and write every file. The copy is
                    made just before and not yet written back, so rewriting it frees no disk blocks (on a copy
                    already on disk, this machine's ext4 "discard" mount makes dcmodify 20-80% slower: that
                    would flatter every other tool, so it is not measured so).
  cp                cp -r of the corpus: what creating a new output tree costs the kernel (dcmodify rewrites
                    files in place and never pays it; every anonymizer below writes a new tree).
  gdcmanon-dumb     gdcmanon --dumb with a fixed list of --empty/--remove tags (no UID remapping, no table)
  gdcmanon-basic    gdcmanon -e (PS3.15 Basic Profile). GDCM always encrypts the original attributes into an
                    Encrypted Attributes Sequence in this mode, so it needs a certificate: a throwaway
                    self-signed one is made with openssl. Without -c it fails on every file.
  ratatoskr-1       ratatoskr-anonymize --profile basic --threads 1
  ratatoskr-N       ratatoskr-anonymize --profile basic --threads <cores>
  ratatoskr-1xN     N ratatoskr-anonymize --threads 1 processes at once, each on 1/N of the files (--files):
                    what N cores give this work when nothing is shared, the ceiling for ratatoskr-N
  baseline-1/-N     with --baseline-cli OTHER: ratatoskr-1 and -N of another build, in the same rounds

After an untimed warm-up read of the corpus, the tools run in --repeat rounds (default 3), every tool once per
round, so that a busy minute on a shared machine hits all of them alike; the median wall time is reported, with
files/s, MB/s of input, CPU and system seconds and the ratio to dcmodify. Targets: ratatoskr-1 / dcmodify <= 1.5
(time ratio); speed-up with threads reported. The summary also gives ratatoskr-1 against the floor of writing a
new tree (dcmodify + cp) and its user CPU (CPU minus system time: the program's own work) against dcmodify's, and
says when cp -r was slower than dcmodify in place: then the machine, not the program, sets the dcmodify ratio.

Every run writes into a new folder, starts after a sync (untimed: it does not wait for the write-back of earlier
runs; dcmodify's copy is made after it), and all outputs are deleted only at the end. On ext4 without a journal
(this machine's root file system), creating a file skips every inode freed in the last 60 s (360 s while its inode
table block is dirty, which new files in that block keep it), one buffer lookup per skipped inode under the
folder's lock: when each run deleted the previous run's outputs, up to ~45% of a ratatoskr run on corpus C went
there, serialized across threads. So run it at least 6 minutes after deleting many files (a previous run
included). Deleting outputs before they were written back also hid the write-back that a real run causes. The
outputs need free disk space (checked first): about corpus size x rounds x 7 (9 with a baseline). Never part of the
tests. Usage:

    /usr/bin/python3 bench/engine_bench.py [--cli PATH] [--baseline-cli PATH] [--corpus-dir DIR] [--corpus A B C]
                                           [--repeat N]
"""

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS_DIR = Path("/tmp/ratatoskr-bench/corpus")
DEFAULT_WORK_DIR = Path("/tmp/ratatoskr-bench/engine-work")
SECRET = "ratatoskr-benchmark-key"
TARGET_RATIO = 1.5

# What gdcmanon --dumb does: empty the type-2 identifiers, remove the rest (a small subset of Table E.1-1).
GDCM_DUMB_ARGS = (
    [arg for tag in ("10,10", "10,20", "10,30", "10,40", "8,20", "8,30", "8,50", "8,90", "20,10")
     for arg in ("--empty", tag)] +
    [arg for tag in ("8,80", "8,81", "8,1010", "8,1040", "8,1050", "8,1070", "8,1030", "8,103e", "10,1000",
                     "10,1001", "10,1002", "10,1010", "10,1040", "10,21b0", "18,1000", "20,4000", "32,1060",
                     "40,a124", "8,1048", "8,1060")
     for arg in ("--remove", tag)]
)


def default_cli():
    build = os.environ.get("RATATOSKR_BUILD_DIR", str(REPO_ROOT / "build"))
    return Path(build) / "ratatoskr-anonymize"


def corpus_files(folder):
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))


def warm_up(files):
    for path in files:
        with open(path, "rb") as stream:
            while stream.read(1 << 20):
                pass


def run_timed(commands):
    """Runs the commands (argv lists) at the same time; returns wall, CPU and system seconds of all."""
    errors = [tempfile.TemporaryFile() for _ in commands]   # files, not pipes: no process waits for a reader
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    processes = [subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=error)
                 for argv, error in zip(commands, errors)]
    for process in processes:
        process.wait()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    system = after.ru_stime - before.ru_stime
    cpu = (after.ru_utime - before.ru_utime) + system
    for argv, process, error in zip(commands, processes, errors):
        error.seek(0)
        text = error.read().decode(errors="replace")
        error.close()
        if process.returncode != 0:
            raise RuntimeError(f"{argv[0]} failed with exit code {process.returncode}:\n{text[-2000:]}")
    return wall, cpu, system


def count_outputs(folder):
    return sum(1 for p in Path(folder).rglob("*.dcm") if p.is_file())


class Tool:
    """prepare(run_dir) returns the argv lists to run at once; check(run_dir) counts the outputs written."""

    def __init__(self, name, prepare, check):
        self.name, self.prepare, self.check = name, prepare, check


def make_tools(cli, baseline_cli, corpus, files, certificate, threads):
    def fresh(run_dir):
        run_dir.mkdir(parents=True)   # a new folder: nothing is deleted before a timed run
        return run_dir

    def dcmodify(run_dir):
        copy = fresh(run_dir) / "copy"
        shutil.copytree(corpus, copy)
        return [["dcmodify", "-nb", "-ma", "PatientName=X"] + [str(copy / f.relative_to(corpus)) for f in files]]

    def gdcm_dumb(run_dir):
        return [["gdcmanon", "--dumb", "--continue", "-r"] + GDCM_DUMB_ARGS +
                ["-i", str(corpus), "-o", str(fresh(run_dir) / "out")]]

    def gdcm_basic(run_dir):
        return [["gdcmanon", "-e", "-c", str(certificate), "--continue", "-r", "-i", str(corpus), "-o",
                 str(fresh(run_dir) / "out")]]

    def ratatoskr(thread_count, binary=cli):
        def prepare(run_dir):
            return [[str(binary), "--profile", "basic", "--secret", SECRET, "--threads", str(thread_count), "--quiet",
                     "--no-progress", str(corpus), str(fresh(run_dir) / "out")]]
        return prepare

    def ratatoskr_processes(count):
        def prepare(run_dir):
            fresh(run_dir)
            return [[str(cli), "--profile", "basic", "--secret", SECRET, "--threads", "1", "--quiet", "--no-progress",
                     "--files"] + [str(f) for f in files[part::count]] + ["--output-dir", str(run_dir / f"out{part}")]
                    for part in range(count)]
        return prepare

    def copy(run_dir):
        return [["cp", "-r", str(corpus), str(fresh(run_dir) / "out")]]

    tools = [
        Tool("dcmodify", dcmodify, lambda d: count_outputs(d / "copy")),
        Tool("cp", copy, lambda d: count_outputs(d / "out")),
        Tool("gdcmanon-dumb", gdcm_dumb, lambda d: count_outputs(d / "out")),
        Tool("gdcmanon-basic", gdcm_basic, lambda d: count_outputs(d / "out")),
        Tool("ratatoskr-1", ratatoskr(1), lambda d: count_outputs(d / "out")),
    ]
    if threads > 1:
        tools.append(Tool(f"ratatoskr-{threads}", ratatoskr(threads), lambda d: count_outputs(d / "out")))
        tools.append(Tool(f"ratatoskr-1x{threads}", ratatoskr_processes(threads), count_outputs))
    if baseline_cli is not None:
        tools.append(Tool("baseline-1", ratatoskr(1, baseline_cli), lambda d: count_outputs(d / "out")))
        if threads > 1:
            tools.append(Tool(f"baseline-{threads}", ratatoskr(threads, baseline_cli),
                              lambda d: count_outputs(d / "out")))
    return tools


def make_certificate(work):
    certificate = work / "bench-cert.pem"
    if not certificate.exists():
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                        str(work / "bench-key.pem"), "-out", str(certificate), "-subj", "/CN=ratatoskr-bench",
                        "-days", "3650"], check=True, capture_output=True)
    return certificate


def bench_corpus(name, corpus, cli, baseline_cli, runs, certificate, threads, repeat):
    files = corpus_files(corpus)
    total_bytes = sum(f.stat().st_size for f in files)
    warm_up(files)
    tools = make_tools(cli, baseline_cli, corpus, files, certificate, threads)
    samples = {tool.name: [] for tool in tools}
    for round_number in range(repeat):
        for tool in tools:
            run_dir = runs / name / tool.name / str(round_number)
            os.sync()   # untimed: no run waits for the write-back of the ones before
            sample = run_timed(tool.prepare(run_dir))
            written = tool.check(run_dir)
            if written != len(files):
                raise RuntimeError(f"{tool.name} on corpus {name}: {written} outputs for {len(files)} inputs")
            samples[tool.name].append(sample)
    rows = [(tool.name,) + tuple(statistics.median(sample[i] for sample in samples[tool.name]) for i in range(3))
            for tool in tools]
    return len(files), total_bytes, rows


def check_free_space(folder, corpora, repeat, tool_count):
    needed = sum(sum(f.stat().st_size for f in corpus_files(corpus)) for corpus in corpora) * repeat * tool_count
    free = shutil.disk_usage(folder).free
    if free < needed * 1.1:
        sys.exit(f"the outputs need about {needed / 1e9:.1f} GB and {free / 1e9:.1f} GB are free in {folder}: "
                 "use fewer --corpus or a smaller --repeat")


def print_table(name, count, total_bytes, rows):
    floor = next(wall for tool, wall, _, _ in rows if tool == "dcmodify")
    print(f"\nCorpus {name}: {count} files, {total_bytes / 1e6:.1f} MB")
    print(f"  {'tool':<16} {'wall s':>8} {'cpu s':>8} {'sys s':>8} {'files/s':>9} {'MB/s':>8} {'x dcmodify':>11}")
    for tool, wall, cpu, system in rows:
        print(f"  {tool:<16} {wall:8.2f} {cpu:8.2f} {system:8.2f} {count / wall:9.1f} {total_bytes / 1e6 / wall:8.1f} "
              f"{wall / floor:11.2f}")


def summary(results, threads):
    print("\nSummary (time ratios; lower is faster)")
    ok = True
    slow_pages = []
    for name, (count, total_bytes, rows) in results.items():
        walls = {tool: wall for tool, wall, _, _ in rows}
        users = {tool: cpu - system for tool, _, cpu, system in rows}
        ratio = walls["ratatoskr-1"] / walls["dcmodify"]
        new_tree = walls["ratatoskr-1"] / (walls["dcmodify"] + walls["cp"])
        line = (f"  {name}: ratatoskr-1 / dcmodify = {ratio:.2f} (target <= {TARGET_RATIO}), "
                f"/ (dcmodify + cp) = {new_tree:.2f}, user CPU / dcmodify's = "
                f"{users['ratatoskr-1'] / max(users['dcmodify'], 1e-3):.2f}")
        if threads > 1:
            line += (f", speed-up with {threads} threads = {walls['ratatoskr-1'] / walls[f'ratatoskr-{threads}']:.2f}x"
                     f" ({threads} processes: {walls['ratatoskr-1'] / walls[f'ratatoskr-1x{threads}']:.2f}x)")
        line += f", ratatoskr-1 / gdcmanon-basic = {walls['ratatoskr-1'] / walls['gdcmanon-basic']:.2f}"
        if "baseline-1" in walls:
            line += f"; baseline-1 / dcmodify = {walls['baseline-1'] / walls['dcmodify']:.2f}"
            if threads > 1:
                line += f", its speed-up {walls['baseline-1'] / walls[f'baseline-{threads}']:.2f}x"
        print(line + ("" if ratio <= TARGET_RATIO else "  <-- above target"))
        ok = ok and ratio <= TARGET_RATIO
        if walls["cp"] > walls["dcmodify"]:
            slow_pages.append(name)
    if slow_pages:
        print(f"\nNote ({', '.join(slow_pages)}): cp -r took longer than dcmodify rewriting the same files in place, so "
              "new page-cache pages cost this machine more than the work itself (dcmodify reuses the pages it has just "
              "freed; seen on a VM whose balloon reports free pages to the host). Every tool that writes a new tree "
              "pays it: read the (dcmodify + cp) and user CPU ratios; bench/README.md, 2026-12-02, has the details.")
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cli", type=Path, default=default_cli())
    parser.add_argument("--baseline-cli", type=Path, help="another ratatoskr-anonymize to compare, same rounds")
    parser.add_argument("--corpus-dir", type=Path, default=DEFAULT_CORPUS_DIR)
    parser.add_argument("--work-dir", type=Path, default=DEFAULT_WORK_DIR)
    parser.add_argument("--corpus", nargs="+", default=["A", "B", "C"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()

    if not args.cli.is_file():
        sys.exit(f"ratatoskr-anonymize not found at {args.cli} (build it or pass --cli / RATATOSKR_BUILD_DIR)")
    if args.baseline_cli is not None and not args.baseline_cli.is_file():
        sys.exit(f"--baseline-cli {args.baseline_cli} not found")
    for tool in ("dcmodify", "gdcmanon", "openssl"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} not found (apt-get install dcmtk libgdcm-tools openssl)")
    args.work_dir.mkdir(parents=True, exist_ok=True)
    certificate = make_certificate(args.work_dir)
    corpora = [args.corpus_dir / name for name in args.corpus]
    writers = (7 if args.threads > 1 else 5) + ((2 if args.threads > 1 else 1) if args.baseline_cli else 0)
    check_free_space(args.work_dir, [c for c in corpora if c.is_dir()], args.repeat, writers)
    runs = args.work_dir / f"runs-{os.getpid()}"

    version = subprocess.run([str(args.cli), "--version"], capture_output=True, text=True).stdout.strip()
    print(f"{version}; {os.cpu_count()} cores; median of {args.repeat} runs; warm page cache")
    results = {}
    try:
        for name, corpus in zip(args.corpus, corpora):
            if not corpus.is_dir():
                sys.exit(f"corpus {name} missing at {corpus}: run bench/make_corpus.py first")
            results[name] = bench_corpus(name, corpus, args.cli, args.baseline_cli, runs, certificate, args.threads,
                                         args.repeat)
            print_table(name, *results[name])
    finally:
        shutil.rmtree(runs, ignore_errors=True)
        os.sync()   # clean inode tables: freed inodes are skipped for 60 s instead of 360 s, where nothing new lands
    summary(results, args.threads)
    print("\n(outputs deleted: on ext4 without a journal, creating files is slower for up to 6 minutes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
