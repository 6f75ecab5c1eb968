// The files of this page and their states; studies and series grouped from the engine's summaries. Everything here
// stays in this page: the tree holds the person's own (original) values and is never sent.

import { sniffKind } from './upload-files.js';
import { canConvert } from './upload-convert.js';
import { bytesText } from './upload-words.js';

export const PAGE_MAX_FILE_BYTES = 1024 * 1024 * 1024;   // the engine's tested limit (README: file sizes)
const SCAN_HELD_BYTES = 256 * 1024 * 1024;                // read at once while describing files

// States: scanning → ready | refused | unsupported | ignored; sending: queued → anonymizing → checking →
// sending (retrying) → sent | already | failed | cancelled.
export const DONE_STATES = new Set(['sent', 'already']);
export const SENDABLE_STATES = new Set(['ready', 'cancelled']);

export class Batch extends EventTarget {
  constructor(limits) {
    super();
    this.limits = limits || {};
    this.entries = [];
    this.known = new Set();   // path|size|lastModified: the same file dropped twice is listed once
    this.studies = new Map(); // studyInstanceUid -> {uid, description, date, modalities, series: Map}
    this.nextId = 1;
    this.scanQueue = [];
    this.scanning = 0;
    this.scanHeld = 0;
  }

  changed(entry) {
    this.dispatchEvent(new CustomEvent('change', { detail: entry }));
  }

  // Adds [{file, path}]; returns the number of new files.
  add(files, pool) {
    let added = 0;
    for (const { file, path } of files) {
      const key = `${path}|${file.size}|${file.lastModified}`;
      if (this.known.has(key)) {
        continue;
      }
      this.known.add(key);
      const entry = { id: this.nextId++, file, path, size: file.size, kind: '', state: 'scanning', error: '',
                      summary: null, masks: [], sent: 0, outputBytes: 0 };
      this.entries.push(entry);
      this.scanQueue.push(entry);
      added++;
    }
    this.pool = pool;
    this.pumpScan();
    this.changed(null);
    return added;
  }

  get scanDone() {
    return this.scanQueue.length === 0 && this.scanning === 0;
  }

  pumpScan() {
    const limit = Math.max(1, this.pool ? this.pool.size : 1);
    while (this.scanQueue.length && this.scanning < limit) {
      const next = this.scanQueue[0];
      const weight = Math.min(next.size, SCAN_HELD_BYTES);
      if (this.scanning > 0 && this.scanHeld + weight > SCAN_HELD_BYTES) {
        return;
      }
      this.scanQueue.shift();
      this.scanning++;
      this.scanHeld += weight;
      this.scan(next).catch((error) => this.refuse(next, `Could not be read: ${error.message}`)).finally(() => {
        this.scanning--;
        this.scanHeld -= weight;
        this.changed(next);
        if (this.scanDone) {
          this.dispatchEvent(new CustomEvent('scanned'));
        }
        this.pumpScan();
      });
    }
  }

  refuse(entry, text, state = 'refused') {
    entry.state = state;
    entry.error = text;
  }

  allowed(kind) {
    const kinds = this.limits.AllowedKinds;
    return !Array.isArray(kinds) || kinds.includes(kind);
  }

  async scan(entry) {
    const maxBytes = Math.min(this.limits.MaxFileBytes || PAGE_MAX_FILE_BYTES, PAGE_MAX_FILE_BYTES);
    if (entry.size === 0) {
      return this.refuse(entry, 'Empty file.');
    }
    entry.kind = await sniffKind(entry.file);
    if (entry.kind === 'dicomdir') {
      return this.refuse(entry, 'DICOMDIR: the folder’s index, not needed (the files it lists are sent).', 'ignored');
    }
    if (entry.size > maxBytes) {
      return this.refuse(entry, `Too large: this link accepts files up to ${bytesText(maxBytes)}.`);
    }
    if (['image', 'pdf', 'video'].includes(entry.kind)) {
      if (!this.allowed(entry.kind)) {
        return this.refuse(entry, 'Type not allowed by this link.');
      }
      if (!canConvert(this.pool)) {
        return this.refuse(entry, 'Not supported yet: this page cannot turn it into DICOM yet.', 'unsupported');
      }
      entry.state = 'ready';
      return undefined;
    }
    const answer = await this.pool.run('summary', [await entry.file.arrayBuffer()], 'low');
    if (!answer || !answer.ok) {
      if (entry.kind === 'unknown') {
        entry.kind = 'other';
        return this.refuse(entry, 'Not a DICOM file, nor a picture, PDF or video this page knows.');
      }
      return this.refuse(entry, `Not readable as DICOM: ${(answer && answer.error) || 'unknown error'}.`);
    }
    entry.kind = 'dicom';
    entry.summary = answer.summary || {};
    // A DICOM file the person dropped is of kind "dicom" whatever its SOP class (the server's X-Upload-Kind rule).
    if (!this.allowed('dicom')) {
      return this.refuse(entry, 'Type not allowed by this link.');
    }
    this.place(entry);
    entry.state = 'ready';
    return undefined;
  }

  place(entry) {
    const s = entry.summary;
    const studyUid = s.studyInstanceUid || '';
    let study = this.studies.get(studyUid);
    if (!study) {
      study = { uid: studyUid, description: s.studyDescription || '', date: s.studyDate || '',
                modalities: new Set(), series: new Map() };
      this.studies.set(studyUid, study);
    }
    if (s.modality) {
      study.modalities.add(s.modality);
    }
    const seriesUid = s.seriesInstanceUid || '';
    let series = study.series.get(seriesUid);
    if (!series) {
      series = { uid: seriesUid, description: s.seriesDescription || '', number: s.seriesNumber,
                 modality: s.modality || '', entries: [] };
      study.series.set(seriesUid, series);
    }
    series.entries.push(entry);
    entry.series = series;
  }

  // The files that are not in the DICOM tree: pictures, PDFs, videos and every refused or ignored file.
  get others() {
    return this.entries.filter((e) => !e.series && e.state !== 'scanning');
  }

  counts() {
    const c = { total: this.entries.length, scanning: 0, ready: 0, done: 0, failed: 0, refused: 0, active: 0,
                cancelled: 0 };
    for (const e of this.entries) {
      if (e.state === 'scanning') c.scanning++;
      else if (e.state === 'ready') c.ready++;
      else if (DONE_STATES.has(e.state)) c.done++;
      else if (e.state === 'failed') c.failed++;
      else if (e.state === 'cancelled') c.cancelled++;
      else if (['refused', 'unsupported', 'ignored'].includes(e.state)) c.refused++;
      else c.active++;
    }
    return c;
  }
}
