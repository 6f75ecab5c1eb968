// The two dialogs: the preview (per attribute, what it was and what it becomes: the engine's preview) and the masks
// drawn on the first frame of an image (applied by the engine's mask() before anonymization). Both local only.
// <dialog> with showModal(): focus stays inside, Escape closes.

import { el } from './upload-tree.js';
import { drawFirstFrame } from './upload-pixels.js';
import { plural } from './upload-words.js';

const ACTION_WORDS = {
  Keep: 'kept', Remove: 'removed', Empty: 'emptied', Dummy: 'dummy value', Clean: 'cleaned', RemapUid: 'new UID',
  Replace: 'replaced', Pseudonymize: 'pseudonym', ShiftDate: 'date shifted', RegexReplace: 'edited',
  TruncateDate: 'date shortened',
};

function changed(attribute) {
  return attribute.after === null || attribute.after === undefined || attribute.after !== attribute.before;
}

export class PreviewDialog {
  constructor(dialog, pool) {
    this.dialog = dialog;
    this.pool = pool;
    this.title = dialog.querySelector('[data-part=title]');
    this.status = dialog.querySelector('[data-part=status]');
    this.rows = dialog.querySelector('tbody');
    this.onlyChanged = dialog.querySelector('[data-part=only-changed]');
    this.onlyChanged.addEventListener('change', () => this.draw());
    dialog.querySelector('[data-part=close]').addEventListener('click', () => dialog.close());
  }

  async open(entry) {
    this.attributes = [];
    this.title.textContent = entry.path;
    this.status.textContent = 'Reading the file…';
    this.rows.replaceChildren();
    this.dialog.showModal();
    const token = (this.token = {});
    let answer;
    try {
      answer = await this.pool.run('preview', [await entry.file.arrayBuffer(), this.pool.metadata || {}], 'high');
    } catch (error) {
      answer = { ok: false, error: error.message };
    }
    if (token !== this.token) {
      return;   // another file was opened meanwhile
    }
    if (!answer || !answer.ok) {
      this.status.textContent = `The engine cannot preview this file: ${(answer && answer.error) || 'unknown error'}.`;
      return;
    }
    this.attributes = answer.attributes || [];
    this.draw();
  }

  draw() {
    const shown = this.onlyChanged.checked ? this.attributes.filter(changed) : this.attributes;
    const changes = this.attributes.filter(changed).length;
    this.status.textContent = `${plural(this.attributes.length, 'attribute')} looked at, ${changes.toLocaleString()} ` +
      `changed or removed${this.onlyChanged.checked ? ' (shown below)' : ''}. Nothing of this is sent: only the ` +
      'anonymized file is.';
    this.rows.replaceChildren(...shown.map((a) => {
      const removed = a.after === null || a.after === undefined;
      const after = removed ? '(removed)' : a.after === '' ? '(empty)' : a.after;
      return el('tr', { class: changed(a) ? 'changed' : '' },
        el('td', { 'data-label': 'Attribute', class: 'wrap' }, el('span', { text: a.keyword || '(private)' }),
          el('br'), el('span', { class: 'mono muted', text: a.path && a.path !== a.keyword ? a.path : a.tag })),
        el('td', { 'data-label': 'What happens', text: ACTION_WORDS[a.action] || a.action }),
        el('td', { 'data-label': 'Before', class: 'value', text: a.before }),
        el('td', { 'data-label': 'After', class: removed || a.after === '' ? 'value muted' : 'value', text: after }));
    }));
  }
}

export class MaskDialog {
  constructor(dialog, pool, onSave) {
    this.dialog = dialog;
    this.pool = pool;
    this.onSave = onSave;
    const part = (name) => dialog.querySelector(`[data-part=${name}]`);
    this.title = part('title');
    this.status = part('status');
    this.canvas = part('canvas');
    this.list = part('list');
    this.form = part('form');
    this.fields = ['x', 'y', 'width', 'height'].map((name) => this.form.elements[name]);
    part('close').addEventListener('click', () => dialog.close());
    part('save').addEventListener('click', () => this.save());
    part('check').addEventListener('click', () => this.check());
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      const [x, y, width, height] = this.fields.map((f) => Number(f.value));
      this.addRectangle({ x, y, width, height });
    });
    this.canvas.addEventListener('pointerdown', (event) => this.pointerDown(event));
    this.canvas.addEventListener('pointermove', (event) => this.pointerMove(event));
    this.canvas.addEventListener('pointerup', (event) => this.pointerUp(event));
    this.canvas.addEventListener('pointercancel', () => {
      this.drawing = null;
      this.redraw();
    });
  }

  async open(entry) {
    this.entry = entry;
    this.rectangles = entry.masks.map((r) => ({ ...r }));
    this.base = null;
    this.drawing = null;
    this.title.textContent = entry.path;
    this.status.textContent = 'Reading the picture…';
    const s = entry.summary || {};
    this.width = Number(s.columns) || 0;
    this.height = Number(s.rows) || 0;
    this.fields[0].max = this.fields[2].max = String(this.width);
    this.fields[1].max = this.fields[3].max = String(this.height);
    this.fields[2].value = String(Math.max(1, Math.round(this.width / 4)));
    this.fields[3].value = String(Math.max(1, Math.round(this.height / 10)));
    this.drawList();
    this.dialog.showModal();
    const problem = await drawFirstFrame(await entry.file.arrayBuffer(), this.canvas);
    if (problem) {
      this.canvas.hidden = true;
      this.status.textContent = `No picture to draw on: ${problem}. You can still enter rectangles as numbers ` +
        `(pixels, from the top left corner; the image is ${this.width} × ${this.height}).`;
      return;
    }
    this.canvas.hidden = false;
    this.width = this.canvas.width;
    this.height = this.canvas.height;
    this.base = this.canvas.getContext('2d').getImageData(0, 0, this.width, this.height);
    this.status.textContent = `Drag over the picture (${this.width} × ${this.height} pixels) to cover text burned ` +
      'into it; each rectangle becomes black in every frame before the file is anonymized.';
    this.redraw();
  }

  point(event) {
    // The picture is scaled into the canvas's box keeping its proportions (object-fit: contain), centred.
    const box = this.canvas.getBoundingClientRect();
    const scale = Math.min(box.width / this.width, box.height / this.height);
    const left = box.left + (box.width - this.width * scale) / 2;
    const top = box.top + (box.height - this.height * scale) / 2;
    const clamp = (value, max) => Math.max(0, Math.min(max, Math.round(value)));
    return { x: clamp((event.clientX - left) / scale, this.width), y: clamp((event.clientY - top) / scale, this.height) };
  }

  pointerDown(event) {
    if (!this.base) return;
    this.canvas.setPointerCapture(event.pointerId);
    this.drawing = { start: this.point(event), end: this.point(event) };
  }

  pointerMove(event) {
    if (!this.drawing) return;
    this.drawing.end = this.point(event);
    this.redraw();
  }

  pointerUp(event) {
    if (!this.drawing) return;
    this.drawing.end = this.point(event);
    const { start, end } = this.drawing;
    this.drawing = null;
    this.addRectangle({ x: Math.min(start.x, end.x), y: Math.min(start.y, end.y),
                        width: Math.abs(end.x - start.x), height: Math.abs(end.y - start.y) });
  }

  // Clamped to the image; rectangles smaller than a pixel are dropped.
  addRectangle({ x, y, width, height }) {
    const x0 = Math.max(0, Math.min(this.width, Math.round(x)));
    const y0 = Math.max(0, Math.min(this.height, Math.round(y)));
    const x1 = Math.max(0, Math.min(this.width, Math.round(x + width)));
    const y1 = Math.max(0, Math.min(this.height, Math.round(y + height)));
    if (x1 - x0 >= 1 && y1 - y0 >= 1) {
      this.rectangles.push({ x: x0, y: y0, width: x1 - x0, height: y1 - y0 });
    }
    this.drawList();
    this.redraw();
  }

  redraw() {
    if (!this.base) return;
    const context = this.canvas.getContext('2d');
    context.putImageData(this.base, 0, 0);
    context.fillStyle = '#000';
    for (const r of this.rectangles) {
      context.fillRect(r.x, r.y, r.width, r.height);
    }
    if (this.drawing) {
      const { start, end } = this.drawing;
      context.strokeStyle = '#cf222e';
      context.lineWidth = Math.max(1, Math.round(this.width / 300));
      context.strokeRect(Math.min(start.x, end.x), Math.min(start.y, end.y), Math.abs(end.x - start.x),
        Math.abs(end.y - start.y));
    }
  }

  drawList() {
    if (this.rectangles.length === 0) {
      this.list.replaceChildren(el('li', { class: 'muted', text: 'No mask yet.' }));
      return;
    }
    this.list.replaceChildren(...this.rectangles.map((r, i) => el('li', {},
      el('span', { text: `${r.width} × ${r.height} at (${r.x}, ${r.y})` }),
      el('button', { type: 'button', class: 'small-button', text: 'Remove',
                     'aria-label': `Remove mask ${i + 1}: ${r.width} by ${r.height} at ${r.x}, ${r.y}`,
                     onclick: () => {
                       this.rectangles.splice(i, 1);
                       this.drawList();
                       this.redraw();
                     } }))));
  }

  // Applies the masks with the engine and shows its output's first frame: what will be anonymized and sent.
  async check() {
    if (!this.rectangles.length) {
      this.status.textContent = 'Draw a mask first.';
      return;
    }
    this.status.textContent = 'The engine applies the masks…';
    const answer = await this.pool.run('mask', [await this.entry.file.arrayBuffer(), this.rectangles], 'high');
    if (!answer.ok) {
      this.status.textContent = `The engine could not apply the masks: ${answer.error}.`;
      return;
    }
    const problem = await drawFirstFrame(answer.bytes, this.canvas);
    this.status.textContent = problem ? `Masks applied; the result cannot be shown: ${problem}.`
      : 'This is the picture as the engine masked it. Save to use these masks when sending.';
  }

  save() {
    this.entry.masks = this.rectangles.map((r) => ({ ...r }));
    this.dialog.close();
    this.onSave(this.entry);
  }
}
