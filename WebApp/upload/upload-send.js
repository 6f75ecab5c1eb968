// Sending: each file, when its turn comes, is read, masked if the person drew masks, converted if it is a picture,
// PDF or video, anonymized by the engine in a worker; the server is asked which of the anonymized instances it has
// already (POST /api/invite/have, in batches), and the others are uploaded, a few at a time. Memory stays bounded
// whatever the number of files: only the files being worked on are held, released once sent.

import { ApiError, withRetries } from './upload-api.js';
import { convertToDicom } from './upload-convert.js';
import { refusalText } from './upload-words.js';

const UPLOADS_IN_FLIGHT = 3;
const HAVE_BATCH = 32;
const HELD_BYTES = 384 * 1024 * 1024;   // anonymized bytes waiting or in flight, at most (one file always goes)

function asTransferable(bytes) {
  if (bytes instanceof ArrayBuffer) {
    return bytes;
  }
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer;
}

export class Sender extends EventTarget {
  // metadata: the invite's Metadata (GET /api/invite/engine), the profile's placeholders ({CourseId}...).
  constructor({ api, pool, batch, metadata }) {
    super();
    this.metadata = metadata;
    this.api = api;
    this.pool = pool;
    this.batch = batch;
    this.running = false;
  }

  // Starts sending `entries` (in state ready or cancelled); more can join with add() while it runs.
  start(entries) {
    this.controller = new AbortController();
    this.pending = [];
    this.anonymizing = 0;
    this.checking = [];     // {entry, bytes, uid}: anonymized, not yet asked about
    this.haveInFlight = false;
    this.toUpload = [];
    this.uploading = 0;
    this.held = 0;           // bytes held: anonymized files waiting or in flight, and files being anonymized
    this.fatal = null;
    this.running = true;
    this.total = 0;          // bytes (of the original files) this run has to go through
    this.done = 0;           // bytes of those done (sent, already there, or given up)
    this.files = 0;          // files of this run, and how many of them are settled
    this.settledFiles = 0;
    this.add(entries);
    this.dispatchEvent(new CustomEvent('start'));
  }

  add(entries) {
    if (!this.running) {
      return;
    }
    for (const entry of entries) {
      entry.state = 'queued';
      entry.error = '';
      entry.sent = 0;
      this.total += entry.size;
      this.files++;
      this.pending.push(entry);
      this.batch.changed(entry);
    }
    this.pump();
  }

  get signal() {
    return this.controller.signal;
  }

  // Bytes counted for the overall progress: finished files, and the share sent of those in flight.
  progressBytes() {
    let inFlight = 0;
    for (const item of this.toUpload.concat(this.inFlightItems || [])) {
      if (item.entry.state === 'sending' && item.bytes) {
        inFlight += item.entry.size * Math.min(1, item.entry.sent / (item.bytes.byteLength || 1));
      }
    }
    return this.done + inFlight;
  }

  cancel() {
    if (!this.running) {
      return;
    }
    this.controller.abort();
    this.pool.dropQueued('high');
    for (const entry of this.pending.splice(0)) {
      this.settle(entry, 'cancelled', 'Not sent: cancelled.');
    }
    for (const item of this.checking.splice(0).concat(this.toUpload.splice(0))) {
      this.release(item);
      this.settle(item.entry, 'cancelled', 'Not sent: cancelled.');
    }
    this.pump();
  }

  settle(entry, state, error = '') {
    entry.state = state;
    entry.error = error;
    this.done += entry.size;
    this.settledFiles++;
    this.batch.changed(entry);
  }

  release(item) {
    if (item.bytes) {
      this.held -= item.bytes.byteLength;
      item.bytes = null;
    }
  }

  // A refusal of the link itself (expired, revoked, exhausted...): nothing more is started.
  stopAll(error) {
    if (!this.fatal) {
      this.fatal = error;
      this.dispatchEvent(new CustomEvent('fatal', { detail: error }));
    }
    const text = refusalText(error, this.batch.limits);
    for (const entry of this.pending.splice(0)) {
      this.settle(entry, 'failed', text);
    }
    for (const item of this.checking.splice(0).concat(this.toUpload.splice(0))) {
      this.release(item);
      this.settle(item.entry, 'failed', text);
    }
  }

  pump() {
    if (!this.running) {
      return;
    }
    const stopped = this.signal.aborted || this.fatal;
    const waiting = this.checking.length + this.toUpload.length + this.uploading;
    while (!stopped && this.pending.length && this.anonymizing < this.pool.size &&
           waiting + this.anonymizing < UPLOADS_IN_FLIGHT * 2 + this.pool.size &&
           (this.held === 0 || this.held + this.pending[0].size <= HELD_BYTES)) {
      this.anonymize(this.pending.shift());
    }
    const nothingElseComing = this.pending.length === 0 && this.anonymizing === 0;
    if (!stopped && !this.haveInFlight && this.checking.length &&
        (this.checking.length >= HAVE_BATCH || nothingElseComing ||
         this.toUpload.length + this.uploading < UPLOADS_IN_FLIGHT)) {
      this.askHave(this.checking.splice(0, 10000));
    }
    while (!stopped && this.uploading < UPLOADS_IN_FLIGHT && this.toUpload.length) {
      this.upload(this.toUpload.shift());
    }
    if (nothingElseComing && !this.haveInFlight && this.uploading === 0 && this.checking.length === 0 &&
        this.toUpload.length === 0) {
      this.running = false;
      this.dispatchEvent(new CustomEvent('end', { detail: { cancelled: this.signal.aborted, fatal: this.fatal } }));
    }
  }

  async anonymize(entry) {
    this.anonymizing++;
    this.held += entry.size;   // its bytes, read and worked on (about the size of the anonymized output)
    entry.state = 'anonymizing';
    this.batch.changed(entry);
    try {
      const item = await this.prepare(entry);
      if (this.signal.aborted) {
        this.settle(entry, 'cancelled', 'Not sent: cancelled.');
      } else if (this.fatal) {
        this.settle(entry, 'failed', refusalText(this.fatal, this.batch.limits));
      } else if (item) {
        item.entry = entry;
        this.held += item.bytes.byteLength;   // counted from now on as the anonymized bytes
        entry.state = 'checking';
        this.checking.push(item);
        this.batch.changed(entry);
      }
    } catch (error) {
      this.settle(entry, 'failed', `Could not be read (was it moved or deleted?): ${error.message}`);
    } finally {
      this.held -= entry.size;
      this.anonymizing--;
      this.pump();
    }
  }

  // The anonymized instance {bytes, uid}, or null once the entry is settled with its reason.
  async prepare(entry) {
    let bytes;
    if (entry.kind === 'dicom') {
      bytes = await entry.file.arrayBuffer();
    } else {
      const converted = await convertToDicom(this.pool, entry, { studySeed: this.studySeed });
      if (converted.unsupported) {
        this.settle(entry, 'unsupported', 'Not supported yet: this page cannot turn it into DICOM yet.');
        return null;
      }
      if (converted.error) {
        this.settle(entry, 'failed', `Could not be converted to DICOM: ${converted.error}.`);
        return null;
      }
      bytes = converted.bytes;
    }
    if (entry.masks.length) {
      const masked = await this.pool.run('mask', [bytes, entry.masks], 'high');
      if (masked.status === 'cancelled') {
        this.settle(entry, 'cancelled', 'Not sent: cancelled.');
        return null;
      }
      if (!masked.ok) {
        this.settle(entry, 'failed', `The masks could not be applied: ${masked.error}.`);
        return null;
      }
      bytes = masked.bytes;
    }
    const answer = await this.pool.run('anonymize', [asTransferable(bytes), this.metadata || {}, { transfer: true }],
      'high');
    if (answer.status === 'cancelled') {
      this.settle(entry, 'cancelled', 'Not sent: cancelled.');
      return null;
    }
    if (answer.status !== 'anonymized' || !answer.bytes) {
      this.settle(entry, 'failed', `Refused by the anonymization profile: ${answer.reason || answer.error}.`);
      return null;
    }
    entry.outputBytes = answer.bytes.byteLength;
    return { bytes: answer.bytes, uid: answer.report && answer.report.newSopInstanceUid };
  }

  async askHave(items) {
    this.haveInFlight = true;
    let have = new Set();
    const uids = items.map((item) => item.uid).filter(Boolean);
    try {
      if (uids.length) {
        have = await this.api.have(uids, { signal: this.signal });
      }
    } catch (error) {
      if (error instanceof ApiError && error.fatal) {
        this.stopAll(error);
      }
      // Otherwise each file is sent: the server keeps one copy per SOP Instance UID anyway.
    }
    this.haveInFlight = false;
    for (const item of items) {
      if (this.signal.aborted || this.fatal) {
        this.release(item);
        this.settle(item.entry, this.fatal ? 'failed' : 'cancelled',
          this.fatal ? refusalText(this.fatal, this.batch.limits) : 'Not sent: cancelled.');
      } else if (item.uid && have.has(item.uid)) {
        this.release(item);
        this.settle(item.entry, 'already', 'Already on the server: not sent again.');
      } else {
        item.entry.state = 'waiting';
        this.toUpload.push(item);
        this.batch.changed(item.entry);
      }
    }
    this.pump();
  }

  async upload(item) {
    this.uploading++;
    this.inFlightItems = (this.inFlightItems || []).concat([item]);
    const { entry } = item;
    entry.state = 'sending';
    entry.sent = 0;
    this.batch.changed(entry);
    try {
      const answer = await withRetries(() => {
        entry.state = 'sending';
        entry.sent = 0;
        return this.api.sendInstance(item.bytes, {
          signal: this.signal,
          kind: entry.kind === 'dicom' ? 'dicom' : entry.kind,
          onProgress: (loaded) => {
            entry.sent = loaded;
            this.batch.changed(entry);
          },
        });
      }, {
        signal: this.signal,
        onRetry: (error, seconds) => {
          entry.state = 'retrying';
          entry.sent = 0;
          entry.error = error.status === 429 ? `The server is busy: trying again in ${seconds} s.`
            : `Connection problem: trying again in ${seconds} s.`;
          this.batch.changed(entry);
          this.dispatchEvent(new CustomEvent('retry', { detail: { entry, seconds } }));
        },
      });
      entry.uploadId = answer.Upload;
      this.uploadId = answer.Upload || this.uploadId;
      this.settle(entry, answer.Status === 'AlreadyStored' ? 'already' : 'sent',
        answer.Status === 'AlreadyStored' ? 'Already on the server.' : '');
    } catch (error) {
      if (error && error.name === 'AbortError') {
        this.settle(entry, 'cancelled', 'Not sent: cancelled.');
      } else if (error instanceof ApiError) {
        this.settle(entry, 'failed', refusalText(error, this.batch.limits));
        entry.retryable = error.transient;
        if (error.fatal) {
          this.stopAll(error);
        }
      } else {
        this.settle(entry, 'failed', `Not sent: ${error && error.message}`);
      }
    } finally {
      this.release(item);
      this.inFlightItems = this.inFlightItems.filter((other) => other !== item);
      this.uploading--;
      this.pump();
    }
  }
}
