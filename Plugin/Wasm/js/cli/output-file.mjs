// Writes an output the way the native CLI's AtomicOutputFile does: parent folders created on need, the
// bytes under a temporary name, renamed when complete (never a half-written file under the final name).
// The bytes come piece by piece (the engine's chunks, written as they come: a large file is never whole in
// memory).
import * as fs from 'node:fs';
import * as path from 'node:path';

export class AtomicOutputFile {
  constructor(file) {
    this.file = file;
    this.partial = `${file}.ratatoskr-partial`;
    this.descriptor = undefined;
  }

  write(view) {
    if (this.descriptor === undefined) {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      this.descriptor = fs.openSync(this.partial, 'w');
    }
    for (let done = 0; done < view.length;) {
      done += fs.writeSync(this.descriptor, view, done, view.length - done);
    }
  }

  commit() {
    if (this.descriptor === undefined) {
      this.write(new Uint8Array(0));
    }
    fs.closeSync(this.descriptor);
    this.descriptor = undefined;
    fs.renameSync(this.partial, this.file);
  }

  discard() {
    if (this.descriptor !== undefined) {
      fs.closeSync(this.descriptor);
      this.descriptor = undefined;
    }
    fs.rmSync(this.partial, { force: true });
  }
}
