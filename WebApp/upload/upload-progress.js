// Speed and time left from the bytes done over the last seconds, and what the live region says (not on every
// change: a screen reader would say nothing else).

import { durationText } from './upload-words.js';

const WINDOW_MS = 8000;

export class Meter {
  constructor() {
    this.samples = [];
  }

  reset() {
    this.samples = [];
  }

  // Bytes done so far (growing); -> {rate (bytes/s, or null), left (seconds, or null)}.
  sample(done, total, now = performance.now()) {
    this.samples.push({ t: now, done });
    while (this.samples.length > 2 && now - this.samples[0].t > WINDOW_MS) {
      this.samples.shift();
    }
    const first = this.samples[0];
    const elapsed = (now - first.t) / 1000;
    if (elapsed < 1) {
      return { rate: null, left: null };
    }
    const rate = (done - first.done) / elapsed;
    return { rate, left: rate > 0 ? (total - done) / rate : null };
  }
}

export class Announcer {
  constructor(node, minimumGapMs = 6000) {
    this.node = node;
    this.gap = minimumGapMs;
    this.last = 0;
    this.lastStep = -1;
  }

  // Said at once (start, end, a link problem).
  now(text) {
    this.node.textContent = '';
    // A new text node each time: screen readers announce a change, even to the same words.
    setTimeout(() => {
      this.node.textContent = text;
    }, 50);
    this.last = performance.now();
  }

  // Progress: every tenth, and not more often than every few seconds.
  progress(fraction, left) {
    const step = Math.floor(fraction * 10);
    if (step === this.lastStep || performance.now() - this.last < this.gap || fraction >= 1) {
      return;
    }
    this.lastStep = step;
    this.now(`${Math.floor(fraction * 100)} percent sent${left ? `, about ${durationText(left)} left` : ''}.`);
  }

  resetSteps() {
    this.lastStep = -1;
  }
}
