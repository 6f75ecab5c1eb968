// Writes an output the way the native CLI's AtomicOutputFile does: parent folders created on need, the
// bytes under a temporary name, renamed when complete (never a half-written file under the final name).
import * as fs from 'node:fs';
import * as path from 'node:path';

export function writeAtomically(file, bytes) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.ratatoskr-partial`;
  try {
    fs.writeFileSync(partial, bytes);
    fs.renameSync(partial, file);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
}
