// Which files to read and where each result goes: the native CLI's rules (Plugin/Cli/FileDiscovery.cpp)
// for INPUT OUTPUT, so both write the same tree: a folder walked recursively in the same order (sorted
// by path components, symbolic links to files followed, to folders not, the output folder never walked
// into), outputs at the same relative paths, the same refusals.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from './usage-error.mjs';

function statOrNull(file, follow = true) {
  try {
    return follow ? fs.statSync(file) : fs.lstatSync(file);
  } catch {
    return null;
  }
}

function sameFile(a, b) {
  const sb = statOrNull(b);
  const sa = sb && statOrNull(a);
  return Boolean(sa && sb && sa.dev === sb.dev && sa.ino === sb.ino);
}

// std::filesystem::path ordering: component by component, each compared byte-wise.
function comparePaths(a, b) {
  const pa = a.split('/');
  const pb = b.split('/');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const order = Buffer.compare(Buffer.from(pa[i]), Buffer.from(pb[i]));
    if (order !== 0) {
      return order;
    }
  }
  return pa.length - pb.length;
}

// Every regular file below root (relative paths), skipping the folder `excluded` is.
function walkFolder(root, excluded) {
  const files = [];
  const excludedStat = excluded ? statOrNull(excluded) : null;
  const visit = (folder, relative) => {
    let entries;
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      if (error.code === 'EACCES' && relative !== '') {
        return;   // skip_permission_denied, as the native walk
      }
      throw new UsageError(`cannot read folder "${root}": ${error.message}`);
    }
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      const rel = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        const s = excludedStat && statOrNull(full);
        if (s && s.dev === excludedStat.dev && s.ino === excludedStat.ino) {
          continue;
        }
        visit(full, rel);
      } else if (entry.isFile() || (entry.isSymbolicLink() && statOrNull(full)?.isFile())) {
        files.push(rel);
      }
    }
  };
  visit(root, '');
  return files.sort(comparePaths);
}

function requireExisting(input) {
  const s = statOrNull(input);
  if (!s) {
    throw new UsageError(`input "${input}" does not exist`);
  }
  if (!s.isFile() && !s.isDirectory()) {
    throw new UsageError(`input "${input}" is neither a file nor a folder`);
  }
  return s;
}

// -> [{ input, output, displayName, explicitlyNamed }]
export function planTasks(input, output) {
  const inputStat = requireExisting(input);
  let tasks;
  if (inputStat.isDirectory()) {
    const outputStat = statOrNull(output);
    if (outputStat && !outputStat.isDirectory()) {
      throw new UsageError(`output "${output}" must be a folder (input "${input}" is a folder)`);
    }
    if (sameFile(input, output)) {
      throw new UsageError(`output folder "${output}" is the input folder: originals would be overwritten`);
    }
    tasks = walkFolder(input, output).map((relative) => ({
      input: path.join(input, relative),
      output: path.join(output, relative),
      displayName: relative,
      explicitlyNamed: false,
    }));
  } else {
    const intoFolder = statOrNull(output)?.isDirectory() || output.endsWith('/');
    tasks = [{
      input,
      output: intoFolder ? path.join(output, path.basename(input)) : output,
      displayName: input,
      explicitlyNamed: true,
    }];
  }
  for (const task of tasks) {
    if (sameFile(task.input, task.output)) {
      throw new UsageError(`output of "${task.displayName}" would overwrite the input`);
    }
  }
  return tasks;
}
