#!/usr/bin/python3
"""WebAssembly engine benchmark: ratatoskr-anonymize.mjs (the engine compiled to wasm, under Node.js, one file at a
time) against the native ratatoskr-anonymize with one thread, on corpora A, B and C, in the same run (issue 11).

For each corpus of bench/make_corpus.py (A: 500 x 0.5 MB, B: 50 x 5 MB, C: 2000 x 7 kB; written first when missing,
deterministic, never committed), in --repeat rounds (default 3), every tool once per round (interleaved, so that a
busy minute on a shared machine hits all alike; medians reported):

  native-1      ratatoskr-anonymize --profile basic --threads 1 CORPUS OUT
  wasm          node ratatoskr-anonymize.mjs --profile basic CORPUS OUT   (one worker: the main thread)
  baseline      with --baseline-mjs OTHER: another build of the wasm CLI (e.g. other compiler flags), same rounds
  *-start       the same command on an empty folder: process start, module load and configuration only

Both CLIs print the time of their file loop in their totals line ("... in 1.23 s"): the "loop" columns, without
the start. Reported: wall seconds, files/s, MB/s, and wasm / native as time per file (the target of issue 11 is
<= 2.0), of the whole run and of the loop alone.

Then, where the wasm loop's time goes (one untimed-for-the-table pass over the corpus in one Node.js process,
node-engine.mjs, through the embind object itself): reading the file, copying its bytes into the wasm heap, the
engine's call with a sink that keeps nothing (parse, anonymize, leak check, write into its buffer), and copying the
output out of the heap (the same call with a sink that copies each chunk, minus the first). Per file, in ms, beside
the native loop's time per file. The exception model, -O3, LTO and SIMD are build choices: compare builds with
--baseline-mjs (README.md, "The engine in WebAssembly", has the measured ones).

Every run writes into a new folder after a sync (untimed); outputs are deleted at the end (on ext4 without a journal,
creating files is slower for up to 6 minutes after deleting many: see engine_bench.py). No assertion on time
anywhere: numbers, not a test. Usage:

    /usr/bin/python3 bench/wasm_bench.py [--cli PATH] [--mjs PATH] [--baseline-mjs PATH] [--corpus A B C]
                                         [--repeat N] [--corpus-dir DIR] [--work-dir DIR]
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_corpus  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS_DIR = make_corpus.DEFAULT_OUT
DEFAULT_WORK_DIR = Path("/tmp/ratatoskr-bench/wasm-work")
SECRET = "ratatoskr-benchmark-key"
TARGET_RATIO = 2.0
LOOP_TIME = re.compile(r" in (\d+\.\d+) s")


def build_dir():
    return Path(os.environ.get("RATATOSKR_BUILD_DIR", str(REPO_ROOT / "build")))


def corpus_files(folder):
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))


def count_outputs(folder):
    return sum(1 for p in Path(folder).rglob("*.dcm") if p.is_file())


def node_environment():
    # NODE_OPTIONS of emscripten's build quirks are not wanted here: the module is loaded as the tests load it.
    return {k: v for k, v in os.environ.items() if k != "NODE_OPTIONS"}


def run_timed(argv):
    """Runs argv; returns (wall seconds, loop seconds from the totals line or None)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        completed = subprocess.run(argv, stdout=out, stderr=err, env=node_environment())
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        text = out.read().decode(errors="replace")
        if completed.returncode != 0:
            raise RuntimeError(f"{' '.join(argv[:3])} failed with exit code {completed.returncode}:\n"
                               f"{err.read().decode(errors='replace')[-2000:]}")
    found = LOOP_TIME.findall(text.splitlines()[-1]) if text.strip() else []
    return wall, (float(found[-1]) if found else None)


def commands(cli, mjs, baseline_mjs):
    arguments = ["--profile", "basic", "--secret", SECRET]
    tools = {"native-1": lambda src, out: [str(cli), *arguments, "--threads", "1", "--no-progress", str(src), str(out)],
             "wasm": lambda src, out: ["node", str(mjs), *arguments, str(src), str(out)]}
    if baseline_mjs is not None:
        tools["baseline"] = lambda src, out: ["node", str(baseline_mjs), *arguments, str(src), str(out)]
    return tools


BREAKDOWN_SCRIPT = r"""
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
const { loadEngineForNode } = await import(ENGINE_URL);
const corpus = process.argv[2];
const files = [];
(function walk(folder) {
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) walk(path); else if (!name.startsWith('.')) files.push(path);
  }
})(corpus);
const engine = await loadEngineForNode();
const configured = engine.configure({ profile: 'basic', secret: SECRET });
if (!configured.ok) throw new Error(configured.error);
const core = engine.engine;   // the embind object: no JSON or chunk handling of the wrapper
const now = () => Number(process.hrtime.bigint()) / 1e6;
const total = { read: 0, copyIn: 0, engine: 0, copyOut: 0, files: 0 };
for (const path of files) {
  let t = now();
  const bytes = readFileSync(path);
  total.read += now() - t;
  t = now();
  core.input(bytes.length).set(bytes);
  total.copyIn += now() - t;
  t = now();
  let answer = JSON.parse(core.anonymize('{}', true, false, () => {}));
  const engineOnly = now() - t;
  if (answer.Status !== 'Anonymized') throw new Error(`${path}: ${answer.Reason}`);
  core.input(bytes.length).set(bytes);
  t = now();
  answer = JSON.parse(core.anonymize('{}', true, false, (view) => { view.slice(); }));
  total.copyOut += Math.max(0, now() - t - engineOnly);
  total.engine += engineOnly;
  total.files++;
}
process.stdout.write(JSON.stringify(total));
"""


def breakdown(mjs, corpus, work):
    script = work / "breakdown.mjs"
    engine_url = (mjs.parent / "wasm" / "node-engine.mjs").resolve().as_uri()
    script.write_text(BREAKDOWN_SCRIPT.replace("ENGINE_URL", json.dumps(engine_url))
                      .replace("SECRET", json.dumps(SECRET)))
    completed = subprocess.run(["node", str(script), str(corpus)], capture_output=True, text=True,
                               env=node_environment())
    if completed.returncode != 0:
        raise RuntimeError(f"breakdown failed:\n{completed.stderr[-2000:]}")
    total = json.loads(completed.stdout)
    return {key: total[key] / total["files"] for key in ("read", "copyIn", "engine", "copyOut")}


def bench_corpus(name, corpus, tools, runs, repeat):
    files = corpus_files(corpus)
    total_bytes = sum(f.stat().st_size for f in files)
    for path in files:   # warm page cache
        path.read_bytes()
    empty = runs / name / "empty"
    empty.mkdir(parents=True)
    samples = {tool: [] for tool in tools}
    starts = {tool: [] for tool in tools}
    for round_number in range(repeat):
        for tool, command in tools.items():
            out = runs / name / tool / str(round_number)
            out.parent.mkdir(parents=True, exist_ok=True)
            os.sync()
            samples[tool].append(run_timed(command(corpus, out)))
            written = count_outputs(out)
            if written != len(files):
                raise RuntimeError(f"{tool} on corpus {name}: {written} outputs for {len(files)} inputs")
            starts[tool].append(run_timed(command(empty, runs / name / f"{tool}-start-{round_number}"))[0])
    rows = {}
    for tool in tools:
        loops = [loop for _, loop in samples[tool] if loop is not None]
        rows[tool] = (statistics.median(wall for wall, _ in samples[tool]),
                      statistics.median(loops) if loops else float("nan"),
                      statistics.median(starts[tool]))
    return len(files), total_bytes, rows


def print_table(name, count, total_bytes, rows):
    native_wall, native_loop, _ = rows["native-1"]
    print(f"\nCorpus {name}: {count} files, {total_bytes / 1e6:.1f} MB")
    print(f"  {'tool':<10} {'wall s':>8} {'files/s':>9} {'MB/s':>8} {'loop s':>8} {'start s':>8} "
          f"{'x native (wall)':>16} {'x native (loop)':>16}")
    for tool, (wall, loop, start) in rows.items():
        print(f"  {tool:<10} {wall:8.2f} {count / wall:9.1f} {total_bytes / 1e6 / wall:8.1f} {loop:8.2f} {start:8.3f} "
              f"{wall / native_wall:16.2f} {loop / native_loop:16.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cli", type=Path, default=build_dir() / "ratatoskr-anonymize")
    parser.add_argument("--mjs", type=Path, default=build_dir() / "ratatoskr-anonymize.mjs")
    parser.add_argument("--baseline-mjs", type=Path, help="another build's ratatoskr-anonymize.mjs, same rounds")
    parser.add_argument("--corpus-dir", type=Path, default=DEFAULT_CORPUS_DIR)
    parser.add_argument("--work-dir", type=Path, default=DEFAULT_WORK_DIR)
    parser.add_argument("--corpus", nargs="+", choices=sorted(make_corpus.CORPORA), default=["A", "B", "C"])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    for path in [args.cli, args.mjs] + ([args.baseline_mjs] if args.baseline_mjs else []):
        if not path.is_file():
            sys.exit(f"not found: {path} (Resources/Scripts/build.sh builds both CLIs; or pass --cli / --mjs)")
    if shutil.which("node") is None:
        sys.exit("node not found")
    for name in args.corpus:
        make_corpus.write_corpus(name, args.corpus_dir / name, force=False)
    args.work_dir.mkdir(parents=True, exist_ok=True)
    runs = args.work_dir / f"runs-{os.getpid()}"
    tools = commands(args.cli, args.mjs, args.baseline_mjs)
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    version = subprocess.run([str(args.cli), "--version"], capture_output=True, text=True).stdout.strip()
    print(f"{version}; node {node}; {os.cpu_count()} cores; median of {args.repeat} rounds; warm page cache")
    results, splits = {}, {}
    try:
        for name in args.corpus:
            corpus = args.corpus_dir / name
            results[name] = bench_corpus(name, corpus, tools, runs, args.repeat)
            print_table(name, *results[name])
            splits[name] = breakdown(args.mjs, corpus, args.work_dir)
    finally:
        shutil.rmtree(runs, ignore_errors=True)
        os.sync()

    print(f"\nSummary: wasm / native-1, time per file (target <= {TARGET_RATIO})")
    for name, (count, total_bytes, rows) in results.items():
        native_wall, native_loop, native_start = rows["native-1"]
        wasm_wall, wasm_loop, wasm_start = rows["wasm"]
        ratio = wasm_wall / native_wall
        line = (f"  {name}: whole run {ratio:.2f}{'' if ratio <= TARGET_RATIO else '  <-- above target'}, "
                f"file loop {wasm_loop / native_loop:.2f}, start {wasm_start:.3f} s vs {native_start:.3f} s")
        if "baseline" in rows:
            line += f"; baseline / wasm (whole run) {rows['baseline'][0] / wasm_wall:.2f}"
        print(line)
    print("\nWhere the wasm loop's time goes, per file (ms; native loop per file for comparison)")
    print(f"  {'corpus':<7} {'read':>7} {'copy in':>8} {'engine':>8} {'copy out':>9} {'other':>7} {'wasm loop':>10} "
          f"{'native loop':>12}")
    for name, split in splits.items():
        count, _, rows = results[name]
        loop = rows["wasm"][1] / count * 1e3
        other = loop - sum(split.values())
        print(f"  {name:<7} {split['read']:7.3f} {split['copyIn']:8.3f} {split['engine']:8.3f} {split['copyOut']:9.3f} "
              f"{other:7.3f} {loop:10.3f} {rows['native-1'][1] / count * 1e3:12.3f}")
    print("  (other: the CLI's JavaScript around the engine: output file, report line; engine: parse, anonymize,"
          " leak check and encode, in wasm)")
    print("\n(outputs deleted: on ext4 without a journal, creating files is slower for up to 6 minutes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
