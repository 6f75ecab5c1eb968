#!/usr/bin/env node
// ratatoskr-anonymize.mjs: the Ratatoskr engine compiled to WebAssembly, on files and folders, under
// Node.js. The native ratatoskr-anonymize's core arguments, report lines and output tree (the proof test
// IntegrationTests/test_wasm_engine.py compares both byte for byte). One file at a time.
import * as fs from 'node:fs';
import { loadEngineForNode } from './node-engine.mjs';
import { parseCommandLine, USAGE } from './cli/options.mjs';
import { planTasks } from './cli/tasks.mjs';
import { fileLines, failureLines, totalsLine } from './cli/summary.mjs';
import { AtomicOutputFile } from './cli/output-file.mjs';
import { ProfileError, UsageError } from './cli/usage-error.mjs';

const PROGRAM = 'ratatoskr-anonymize.mjs';
const SECRET_VARIABLE = 'RATATOSKR_SECRET';
const MAXIMUM_KEY_FILE_SIZE = 65536;   // Core::MaximumKeyFileSize: one byte more is read, the engine judges

// --profile NAME|FILE as the native CLI decides (Cli/ProfileSelection.cpp): a file when it ends in .json or
// is an existing file, else a name.
function selectProfile(engine, nameOrFile) {
  let isFile = nameOrFile.endsWith('.json');
  try {
    isFile = isFile || fs.statSync(nameOrFile).isFile();
  } catch { /* not a file: a name */ }
  if (isFile) {
    let text;
    try {
      text = fs.readFileSync(nameOrFile, 'utf8');
    } catch {
      throw new ProfileError(`Profile '${nameOrFile}': cannot open the file`);
    }
    const loaded = engine.loadProfile(text, nameOrFile);
    if (!loaded.ok) {
      throw new ProfileError(loaded.error);
    }
    return loaded.name;
  }
  const names = engine.listProfiles();
  if (!names.includes(nameOrFile)) {
    throw new UsageError(`unknown profile "${nameOrFile}" (available: ${names.join(', ')}; or give a profile file)`);
  }
  return nameOrFile;
}

function readKeyFile(file) {
  let descriptor;
  try {
    descriptor = fs.openSync(file, 'r');
    const buffer = Buffer.alloc(MAXIMUM_KEY_FILE_SIZE + 1);
    let size = 0, count;
    while (size < buffer.length && (count = fs.readSync(descriptor, buffer, size, buffer.length - size, null)) > 0) {
      size += count;
    }
    return buffer.subarray(0, size);
  } catch (error) {
    const reason = { ENOENT: 'No such file or directory', EACCES: 'Permission denied', EISDIR: 'Is a directory' }[error.code];
    throw new UsageError(`--secret-file "${file}": cannot be read${reason ? ` (${reason})` : ''}`);
  } finally {
    if (descriptor !== undefined) {
      fs.closeSync(descriptor);
    }
  }
}

// The key and where it came from, as Cli/SecretLoading.cpp: --secret-file, --secret, RATATOSKR_SECRET.
function keySource(options) {
  if (options.secretFile !== undefined) {
    return { where: `--secret-file "${options.secretFile}"`, keyFile: readKeyFile(options.secretFile) };
  }
  if (options.secret !== undefined) {
    return { where: '--secret', secret: options.secret };
  }
  const fromEnvironment = process.env[SECRET_VARIABLE];
  if (fromEnvironment) {
    return { where: SECRET_VARIABLE, secret: fromEnvironment };
  }
  throw new UsageError('no pseudonymization key: give --secret-file F, --secret S or set RATATOSKR_SECRET ' +
    '(pseudonyms and new UIDs are derived from it, so the same key must be used for every file of a patient or ' +
    'study)');
}

function configure(engine, profile, options) {
  const key = keySource(options);
  const configured = engine.configure({ profile, secret: key.secret, keyFile: key.keyFile, uidRoot: options.uidRoot ?? '' });
  if (!configured.ok) {
    if (configured.kind === 'profile') {
      throw new ProfileError(configured.error);
    }
    if (configured.kind === 'uidRoot') {
      throw new UsageError(`--uid-root must be a valid UID root: ${configured.error}`);
    }
    throw new UsageError(`${key.where}: ${configured.error}`);
  }
  return configured;
}

function processTask(engine, task, options) {
  let bytes;
  try {
    bytes = fs.readFileSync(task.input);
  } catch {
    return { status: 'failed', reason: 'cannot read the file' };
  }
  const output = new AtomicOutputFile(task.output);
  let writeError;
  const result = engine.anonymize(bytes, options.metadata, {
    failOnLeak: options.failOnLeak,
    explicitlyNamed: task.explicitlyNamed,
    onChunk: (view) => {
      if (writeError === undefined) {
        try {
          output.write(view);
        } catch (error) {
          writeError = error;
        }
      }
    },
  });
  try {
    if (result.status === 'anonymized' && writeError === undefined) {
      output.commit();
      return result;
    }
  } catch (error) {
    writeError = error;
  }
  output.discard();
  if (writeError !== undefined && result.status === 'anonymized') {
    return { status: 'failed', reason: `cannot write "${task.output}": ${writeError.message}` };
  }
  if (result.status === 'failed' && result.stage === 'write') {
    result.reason = `cannot write "${task.output}": ${result.reason}`;
  }
  return result;
}

async function run(options) {
  if (options.command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const engine = await loadEngineForNode();
  if (options.command === 'version') {
    process.stdout.write(`${PROGRAM} ${engine.version}\n`);
    return 0;
  }
  if (options.command === 'list-profiles') {
    process.stdout.write(engine.listProfiles().map((name) => `${name}\n`).join(''));
    return 0;
  }
  const profile = selectProfile(engine, options.profile);
  const configured = configure(engine, profile, options);
  const tasks = planTasks(options.input, options.output);

  const started = process.hrtime.bigint();
  const results = tasks.map((task) => processTask(engine, task, options));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  const totals = totalsLine(results, seconds);
  if (!options.quiet) {
    process.stdout.write(fileLines(tasks, results));
    process.stdout.write(`Profile ${configured.profile.name} v${configured.profile.version} ` +
      `(${configured.profile.hash}), key ${configured.keyId}\n`);
    process.stdout.write(totals.line);
  }
  process.stderr.write(failureLines(tasks, results));
  if (tasks.length === 0 && !options.quiet) {
    process.stderr.write(`${PROGRAM}: warning: no file found in the input\n`);
  }
  return totals.failed === 0 ? 0 : 1;
}

async function main() {
  try {
    process.exitCode = await run(parseCommandLine(process.argv.slice(2)));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${PROGRAM}: ${error.message} (see --help)\n`);
    } else if (error instanceof ProfileError) {
      process.stderr.write(`${PROGRAM}: profile error: ${error.message}\n`);
    } else {
      process.stderr.write(`${PROGRAM}: ${error && error.message ? error.message : error}\n`);
    }
    process.exitCode = 1;
  }
}

await main();
