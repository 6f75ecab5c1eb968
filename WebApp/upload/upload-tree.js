// The tree of studies and series found in the files, the other files, and the files not sent: drawn from the
// Batch, updated in place (keyed nodes), so focus and opened lists survive the many updates while sending.
// Shown to this person only; nothing of it is sent.

import { bytesText, dicomDateText, plural } from './upload-words.js';
import { KIND_LABELS } from './upload-files.js';
import { DONE_STATES } from './upload-model.js';

const STATE_WORDS = {
  scanning: 'Reading…', ready: 'Ready', queued: 'Waiting', anonymizing: 'Anonymizing…', checking: 'Anonymized',
  waiting: 'Anonymized', sending: 'Sending', retrying: 'Retrying', sent: 'Sent', already: 'Already there',
  failed: 'Not sent', cancelled: 'Cancelled', refused: 'Not accepted', unsupported: 'Not supported yet',
  ignored: 'Skipped',
};
const STATE_BADGES = { sent: 'ok', already: 'ok', failed: 'bad', refused: 'bad', unsupported: 'warn',
                       cancelled: 'warn', retrying: 'warn', anonymizing: 'busy', sending: 'busy', checking: 'busy',
                       waiting: 'busy' };
const PROBLEM_STATES = new Set(['failed', 'refused', 'unsupported', 'ignored']);

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name === 'class') {
      node.className = value;
    } else if (name === 'text') {
      node.textContent = value;
    } else if (name.startsWith('on')) {
      node.addEventListener(name.slice(2), value);
    } else {
      node.setAttribute(name, value === true ? '' : value);
    }
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

function setText(node, text) {
  if (node.textContent !== text) {
    node.textContent = text;
  }
}

// Makes `container`'s children the nodes of `items` in order: created once per key, updated every time.
function keyed(container, items, keyOf, create, update) {
  const cache = container.keyedNodes || (container.keyedNodes = new Map());
  const wanted = new Set();
  let previous = null;
  for (const item of items) {
    const key = keyOf(item);
    wanted.add(key);
    let node = cache.get(key);
    if (!node) {
      node = create(item);
      cache.set(key, node);
    }
    update(node, item);
    const expected = previous ? previous.nextSibling : container.firstChild;
    if (expected !== node) {
      container.insertBefore(node, expected);
    }
    previous = node;
  }
  for (const [key, node] of cache) {
    if (!wanted.has(key)) {
      node.remove();
      cache.delete(key);
    }
  }
}

export function stateWords(entry) {
  if (entry.state === 'sending' && entry.outputBytes) {
    return `Sending ${Math.min(99, Math.floor((100 * entry.sent) / entry.outputBytes))} %`;
  }
  return STATE_WORDS[entry.state] || entry.state;
}

function badge(node, entry) {
  node.className = `badge ${STATE_BADGES[entry.state] || ''}`.trim();
  setText(node, stateWords(entry));
}

function tally(entries) {
  const t = { files: entries.length, bytes: 0, done: 0, problems: 0, flagged: 0, active: 0 };
  for (const e of entries) {
    t.bytes += e.size;
    if (DONE_STATES.has(e.state)) t.done++;
    else if (PROBLEM_STATES.has(e.state)) t.problems++;
    else if (!['ready', 'scanning', 'cancelled'].includes(e.state)) t.active++;
    if (isFlagged(e)) t.flagged++;
  }
  return t;
}

export function isFlagged(entry) {
  return Boolean(entry.summary && entry.summary.burnedInAnnotation === 'YES');
}

function tallyText(t) {
  const parts = [plural(t.files, 'file'), bytesText(t.bytes)];
  if (t.done) parts.push(`${t.done.toLocaleString()} sent`);
  if (t.problems) parts.push(`${t.problems.toLocaleString()} not sent`);
  return parts.join(' · ');
}

export class TreeView {
  // actions: {preview(entry), mask(entry), canMask(entry)}
  constructor({ studies, others, problems }, batch, actions) {
    this.studiesNode = studies;
    this.othersNode = others;
    this.problemsNode = problems;
    this.batch = batch;
    this.actions = actions;
    this.openSeries = new Set();
  }

  render() {
    const studies = [...this.batch.studies.values()].sort((a, b) => (a.date || '').localeCompare(b.date || '') ||
      a.description.localeCompare(b.description));
    keyed(this.studiesNode, studies, (s) => s.uid, (s) => this.createStudy(s), (node, s) => this.updateStudy(node, s));
    this.studiesNode.closest('section').hidden = studies.length === 0;

    const others = this.batch.others.filter((e) => !PROBLEM_STATES.has(e.state) || DONE_STATES.has(e.state));
    keyed(this.othersNode, others, (e) => e.id, (e) => this.createFile(e, true), (n, e) => this.updateFile(n, e));
    this.othersNode.closest('section').hidden = others.length === 0;

    const problems = this.batch.entries.filter((e) => PROBLEM_STATES.has(e.state));
    keyed(this.problemsNode, problems, (e) => e.id, (e) => this.createProblem(e), (n, e) => this.updateProblem(n, e));
    const section = this.problemsNode.closest('section');
    section.hidden = problems.length === 0;
    setText(section.querySelector('.summary'), plural(problems.length, 'file'));
  }

  createStudy(study) {
    const title = el('h3', { class: 'study-title' });
    const facts = el('p', { class: 'study-facts' });
    const rows = el('tbody');
    const node = el('article', { class: 'study' }, title, facts,
      el('div', { class: 'table-wrap' }, el('table', { class: 'series-table' },
        el('caption', { class: 'visually-hidden', text: 'Series of this study' }),
        el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Series' }),
          el('th', { scope: 'col', text: 'Description' }), el('th', { scope: 'col', text: 'Modality' }),
          el('th', { scope: 'col', text: 'Files' }), el('th', { scope: 'col', text: 'State' }),
          el('th', { scope: 'col' }, el('span', { class: 'visually-hidden', text: 'Actions' })))),
        rows)));
    node.parts = { title, facts, rows };
    return node;
  }

  updateStudy(node, study) {
    const entries = [...study.series.values()].flatMap((s) => s.entries);
    const t = tally(entries);
    setText(node.parts.title, study.description || 'Study without description');
    const facts = [study.date ? dicomDateText(study.date) : 'no date', [...study.modalities].join(', ') || 'no modality',
                   tallyText(t)];
    setText(node.parts.facts, facts.join(' · '));
    const series = [...study.series.values()].sort((a, b) => (Number(a.number) || 0) - (Number(b.number) || 0));
    const rows = [];
    for (const s of series) {
      rows.push({ key: `s:${s.uid}`, series: s });
      if (this.openSeries.has(s)) {
        rows.push({ key: `f:${s.uid}`, files: s });
      }
    }
    keyed(node.parts.rows, rows, (r) => r.key,
      (r) => (r.series ? this.createSeriesRow(r.series) : this.createFilesRow(r.files)),
      (n, r) => (r.series ? this.updateSeriesRow(n, r.series) : this.updateFilesRow(n, r.files)));
  }

  createSeriesRow(series) {
    const cells = { number: el('td', { class: 'num', 'data-label': 'Series' }),
                    description: el('td', { class: 'wrap', 'data-label': 'Description' }),
                    modality: el('td', { 'data-label': 'Modality' }),
                    files: el('td', { class: 'num', 'data-label': 'Files' }),
                    state: el('td', { 'data-label': 'State' }) };
    const toggle = el('button', { type: 'button', class: 'small-button', 'aria-expanded': 'false',
                                  onclick: () => {
                                    if (this.openSeries.has(series)) this.openSeries.delete(series);
                                    else this.openSeries.add(series);
                                    this.render();
                                  } });
    const row = el('tr', { class: 'series-row' }, cells.number, cells.description, cells.modality, cells.files,
      cells.state, el('td', { class: 'actions' }, toggle));
    row.parts = { ...cells, toggle };
    return row;
  }

  updateSeriesRow(row, series) {
    const t = tally(series.entries);
    const p = row.parts;
    setText(p.number, series.number === '' || series.number === undefined ? '–' : String(series.number));
    setText(p.description, series.description || 'Series without description');
    setText(p.modality, series.modality || '–');
    setText(p.files, `${t.files.toLocaleString()} (${bytesText(t.bytes)})`);
    const words = [];
    if (t.done) words.push(`${t.done.toLocaleString()} sent`);
    if (t.active) words.push(`${t.active.toLocaleString()} in progress`);
    if (t.problems) words.push(`${t.problems.toLocaleString()} not sent`);
    if (t.flagged) words.push(`${t.flagged.toLocaleString()} with burned-in annotation`);
    setText(p.state, words.join(' · ') || (t.done === t.files ? 'Sent' : 'Ready'));
    p.state.classList.toggle('error-text', t.problems > 0);
    const open = this.openSeries.has(series);
    p.toggle.setAttribute('aria-expanded', String(open));
    setText(p.toggle, open ? 'Hide files' : 'Show files');
    p.toggle.setAttribute('aria-label', `${open ? 'Hide' : 'Show'} the files of series ${series.number || ''} ${series.description}`.trim());
  }

  createFilesRow() {
    const list = el('ul', { class: 'file-list' });
    const row = el('tr', { class: 'files-row' }, el('td', { colspan: '6' }, list));
    row.parts = { list };
    return row;
  }

  updateFilesRow(row, series) {
    const entries = [...series.entries].sort((a, b) => (Number(a.summary.instanceNumber) || 0) -
      (Number(b.summary.instanceNumber) || 0) || a.path.localeCompare(b.path));
    keyed(row.parts.list, entries, (e) => e.id, (e) => this.createFile(e, false), (n, e) => this.updateFile(n, e));
  }

  createFile(entry, withKind) {
    const name = el('span', { class: 'file-name', title: entry.path, text: entry.path });
    const meta = el('span', { class: 'file-meta' });
    const state = el('span', { class: 'badge', 'data-part': 'state' });
    const flag = el('span', { class: 'badge warn', text: 'Burned-in annotation', hidden: true });
    const masks = el('span', { class: 'chip', hidden: true });
    const bar = el('progress', { max: '100', value: '0', hidden: true, 'aria-label': `Sending ${entry.path}` });
    const note = el('span', { class: 'file-note' });
    const preview = el('button', { type: 'button', class: 'small-button', text: 'Preview',
                                   'aria-label': `Preview what ${entry.path} becomes`,
                                   onclick: () => this.actions.preview(entry) });
    const mask = el('button', { type: 'button', class: 'small-button', text: 'Masks…',
                                'aria-label': `Draw masks on ${entry.path}`, onclick: () => this.actions.mask(entry) });
    const node = el('li', { class: 'file' }, el('div', { class: 'file-main' }, name, meta),
      el('div', { class: 'file-state' }, flag, masks, state, bar), note,
      el('div', { class: 'file-actions' }, preview, mask));
    node.parts = { meta, state, flag, masks, bar, note, preview, mask, withKind };
    return node;
  }

  updateFile(node, entry) {
    const p = node.parts;
    const meta = [];
    if (p.withKind) meta.push(KIND_LABELS[entry.kind] || 'File');
    if (entry.summary && entry.summary.instanceNumber !== undefined && entry.summary.instanceNumber !== '') {
      meta.push(`#${entry.summary.instanceNumber}`);
    }
    meta.push(bytesText(entry.size));
    setText(p.meta, meta.join(' · '));
    badge(p.state, entry);
    p.flag.hidden = !isFlagged(entry);
    p.masks.hidden = entry.masks.length === 0;
    setText(p.masks, plural(entry.masks.length, 'mask'));
    const sending = entry.state === 'sending' && entry.outputBytes > 0;
    p.bar.hidden = !sending;
    if (sending) {
      p.bar.value = Math.min(100, (100 * entry.sent) / entry.outputBytes);
    }
    setText(p.note, entry.state === 'retrying' || PROBLEM_STATES.has(entry.state) ? entry.error : '');
    p.note.classList.toggle('error-text', PROBLEM_STATES.has(entry.state));
    p.preview.hidden = entry.kind !== 'dicom' || !entry.summary;
    p.mask.hidden = !this.actions.canMask(entry);
  }

  createProblem(entry) {
    const name = el('span', { class: 'file-name', title: entry.path, text: entry.path });
    const kind = el('span', { class: 'file-meta' });
    const reason = el('span', { class: 'problem-reason' });
    const node = el('li', { class: 'problem' }, el('span', { class: 'file-main' }, name, kind), reason);
    node.parts = { reason, kind };
    return node;
  }

  updateProblem(node, entry) {
    setText(node.parts.kind, [KIND_LABELS[entry.kind], bytesText(entry.size)].filter(Boolean).join(' · '));
    setText(node.parts.reason, entry.error || stateWords(entry));
    node.parts.reason.classList.toggle('error-text', entry.state !== 'ignored' && entry.state !== 'unsupported');
  }
}
