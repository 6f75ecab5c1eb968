// The public upload page of an invite (issue 12): the link's token from the address's fragment, the invite shown,
// the engine started in Web Workers with the invite's profile and key, files added by drop or picker, described in
// a tree (locally), anonymized here and sent; then Finish. Modules: upload-api (HTTP), upload-engine (workers),
// upload-files (drop, pickers, kinds), upload-model (files and tree data), upload-send (the sending pipeline),
// upload-tree (the lists), upload-dialogs (preview, masks), upload-pixels (first frame), upload-progress,
// upload-convert (pictures, PDFs, videos), upload-words (what the page says).

import { InviteApi, takeToken } from './upload-api.js';
import { EnginePool } from './upload-engine.js';
import { filesFromDrop, filesFromInput } from './upload-files.js';
import { Batch, DONE_STATES } from './upload-model.js';
import { Sender } from './upload-send.js';
import { TreeView, isFlagged, el } from './upload-tree.js';
import { MaskDialog, PreviewDialog } from './upload-dialogs.js';
import { Announcer, Meter } from './upload-progress.js';
import { KIND_WORDS, bytesText, dateTimeText, durationText, linkProblem, plural } from './upload-words.js';

const $ = (id) => document.getElementById(id);
const page = { api: null, invite: null, pool: null, batch: null, sender: null, tree: null, linkDead: null,
               engineProblem: null, sentThisVisit: 0, finishing: false };
const meter = new Meter();
const announcer = new Announcer($('live'));

function showProblem({ title, text }) {
  $('work').hidden = true;
  $('done').hidden = true;
  const screen = $('status-screen');
  screen.hidden = false;
  screen.classList.add('link-problem');
  screen.setAttribute('role', 'alert');
  $('status-title').textContent = title;
  $('status-text').textContent = text;
  document.title = `${title} – Ratatoskr`;
}

function relativeDays(iso) {
  const ms = new Date(iso).getTime() - Date.now();
  if (!Number.isFinite(ms)) return '';
  if (ms <= 0) return 'expired';
  const hours = ms / 3600000;
  return hours < 48 ? `in ${durationText(ms / 1000)}` : `in ${Math.round(hours / 24)} days`;
}

function showInvite(invite) {
  const metadata = invite.Metadata || {};
  const course = metadata.CourseName || metadata.CourseId || '';
  if (course) {
    $('page-title').textContent = `Send files for ${course}`;
    document.title = `Send files for ${course} – Ratatoskr`;
  }
  const note = $('invite-note');
  note.hidden = !invite.Note;
  note.textContent = invite.Note || '';
  const limits = invite.Limits || {};
  const used = invite.Used || {};
  const facts = [];
  if (metadata.CourseName || metadata.CourseId) {
    facts.push(['Course', [metadata.CourseName, metadata.CourseId && metadata.CourseName ? `(${metadata.CourseId})`
      : metadata.CourseId].filter(Boolean).join(' ')]);
  }
  if (invite.ExpiresAt) {
    facts.push(['Valid until', `${dateTimeText(invite.ExpiresAt)} (${relativeDays(invite.ExpiresAt)})`]);
  }
  const atMost = (max, format, usedSoFar) => (max === null || max === undefined ? 'no limit' : `at most ${format(max)}`) +
    (usedSoFar ? `, ${format(usedSoFar)} received so far` : '');
  const count = (n) => n.toLocaleString();
  facts.push(['Files', atMost(limits.MaxFiles, count, used.Files)]);
  facts.push(['Total size', atMost(limits.MaxBytes, bytesText, used.Bytes)]);
  if (limits.MaxStudies !== null && limits.MaxStudies !== undefined) {
    facts.push(['Studies', atMost(limits.MaxStudies, count, used.Studies)]);
  }
  if (limits.MaxFileBytes) {
    facts.push(['Each file', `at most ${bytesText(limits.MaxFileBytes)}`]);
  }
  if (Array.isArray(limits.AllowedKinds)) {
    facts.push(['Accepted', limits.AllowedKinds.map((k) => KIND_WORDS[k] || k).join(', ')]);
  }
  if (invite.Upload && invite.Upload.Files) {
    facts.push(['Not finished yet', `${plural(invite.Upload.Files, 'file')} (${bytesText(invite.Upload.Bytes)}) ` +
      'sent earlier: send the rest, or press Finish']);
  }
  $('invite-facts').replaceChildren(...facts.map(([name, value]) =>
    el('div', {}, el('dt', { text: name }), el('dd', { text: value }))));
}

// --- the engine ----------------------------------------------------------------------------------------------

async function startEngine() {
  const state = $('engine-state');
  try {
    const served = await page.api.engine();
    const size = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2));
    page.pool = await EnginePool.start(served, size);
    page.batch.pool = page.pool;
    const profile = page.pool.profile && page.pool.profile.name ? ` (profile “${page.pool.profile.name}”)` : '';
    state.textContent = `Anonymization engine ready${profile}.`;
    state.classList.remove('error-text');
  } catch (error) {
    page.engineProblem = error.message;
    if (error && error.fatal) {
      state.textContent = 'The anonymization engine was not given: this link can no longer be used.';
      linkDied(error);
    } else {
      state.textContent = `The anonymization engine could not start: ${error.message}. Reload the page to try again.`;
    }
    state.classList.add('error-text');
    engineWaiters.forEach((resolve) => resolve(null));
    engineWaiters = [];
  }
  refresh();
}

// --- files ---------------------------------------------------------------------------------------------------

let engineWaiters = [];

function whenEngineReady() {
  if (page.pool || page.engineProblem || page.linkDead) return Promise.resolve(page.pool);
  return new Promise((resolve) => engineWaiters.push(resolve));
}

async function addFiles(found) {
  const { files, problems = [] } = found;
  $('add-problems').textContent = problems.length
    ? `Some files could not be read: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? '…' : ''}` : '';
  if (files.length === 0) {
    if (!problems.length) $('add-problems').textContent = 'No file found there.';
    return;
  }
  const pool = await whenEngineReady();
  if (!pool) {
    $('add-problems').textContent = 'Your files cannot be read or sent without the anonymization engine: reload the page.';
    return;
  }
  const added = page.batch.add(files, pool);
  announcer.now(`${plural(added, 'file')} added; reading them.`);
}

function setUpAdding() {
  const zone = $('drop-zone');
  const pickFiles = $('pick-files');
  const pickFolder = $('pick-folder');
  zone.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      pickFiles.click();
    }
  });
  zone.addEventListener('click', () => pickFiles.click());
  let depth = 0;
  // Anywhere on the page: a file dropped next to the zone is not opened by the browser instead.
  window.addEventListener('dragenter', (event) => {
    if (!page.batch || $('work').hidden) return;
    event.preventDefault();
    depth++;
    zone.classList.add('dragging');
  });
  window.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) zone.classList.remove('dragging');
  });
  window.addEventListener('dragover', (event) => {
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = $('work').hidden ? 'none' : 'copy';
  });
  window.addEventListener('drop', (event) => {
    event.preventDefault();
    depth = 0;
    zone.classList.remove('dragging');
    if (!page.batch || $('work').hidden || !event.dataTransfer) return;
    filesFromDrop(event.dataTransfer).then(addFiles);
  });
  for (const input of [pickFiles, pickFolder]) {
    input.addEventListener('change', () => {
      addFiles({ files: filesFromInput(input) });
      input.value = '';
    });
  }
}

// --- sending -------------------------------------------------------------------------------------------------

function sendable(entry) {
  return entry.state === 'ready' || entry.state === 'cancelled' || (entry.state === 'failed' && entry.retryable);
}

function setUpSending() {
  const sender = new Sender({ api: page.api, pool: null, batch: page.batch });
  page.sender = sender;
  sender.addEventListener('start', () => {
    meter.reset();
    announcer.resetSteps();
    $('send-problem').textContent = '';
    announcer.now(`Sending ${plural(sender.files, 'file')}.`);
  });
  sender.addEventListener('fatal', ({ detail }) => linkDied(detail, true));
  sender.addEventListener('end', ({ detail }) => {
    const runEntries = page.batch.entries;
    const sent = runEntries.filter((e) => DONE_STATES.has(e.state)).length;
    const failed = runEntries.filter((e) => e.state === 'failed').length;
    page.sentThisVisit = sent;
    if (detail.cancelled) {
      announcer.now(`Cancelled. ${plural(sent, 'file')} sent so far.`);
    } else if (!detail.fatal) {
      announcer.now(failed ? `Sending finished: ${plural(sent, 'file')} sent, ${plural(failed, 'file')} not sent.`
        : `All files sent (${plural(sent, 'file')}). Press Finish when you are done.`);
    }
    refresh();
  });
  $('send').addEventListener('click', () => {
    if (sender.running || !page.pool) return;
    sender.pool = page.pool;
    sender.metadata = page.pool.metadata;
    sender.studySeed = page.invite && page.invite.InviteId;
    sender.start(page.batch.entries.filter(sendable));
    refresh();
    $('cancel').focus();
  });
  $('cancel').addEventListener('click', () => {
    sender.cancel();
    refresh();
    $('send').focus();
  });
  $('finish').addEventListener('click', finish);
  window.addEventListener('beforeunload', (event) => {
    if (sender.running) {
      event.preventDefault();
      event.returnValue = '';
    }
  });
}

async function finish() {
  const button = $('finish');
  page.finishing = true;
  button.disabled = true;
  button.textContent = 'Finishing…';
  try {
    const answer = await page.api.finish();
    const notSent = page.batch.entries.filter((e) => !DONE_STATES.has(e.state)).length;
    const parts = [`${plural(page.sentThisVisit, 'file')} sent in this visit.`];
    if (notSent) parts.push(`${plural(notSent, 'file')} of your list ${notSent === 1 ? 'was' : 'were'} not sent.`);
    if (answer.Upload) parts.push(`Reference: ${answer.Upload}.`);
    showDone(parts.join(' '));
  } catch (error) {
    if (error.reason === 'nothing-to-finish') {
      // Everything was there already (a folder dropped again): no open upload, the case went on before.
      showDone('Everything you sent had been received before: there was nothing new to finish.');
    } else if (error.fatal) {
      linkDied(error);
    } else {
      $('send-problem').textContent = `Finish did not go through: ${error.message}. Try again in a moment.`;
    }
    button.textContent = 'Finish';
    page.finishing = false;
    refresh();
  }
}

function showDone(text) {
  $('work').hidden = true;
  $('done').hidden = false;
  $('done-text').textContent = text;
  announcer.now('Finished. Thank you: your files have been received.');
  $('done-title').focus();
}

// The link can no longer be used (expired, revoked, exhausted...): said at once, sending stops.
function linkDied(error, whileSending = false) {
  page.linkDead = error;
  const { title, text } = linkProblem(error, page.invite);
  if (!whileSending && !page.batch) {
    showProblem({ title, text });
    return;
  }
  const more = error.reason === 'exhausted' ? ' Press Finish so that what it received goes on to its recipients.' : '';
  $('send-problem').textContent = `${title}. ${text}${more}`;
  announcer.now(`${title}. ${text}${more}`);
  refresh();
}

// --- what the page shows -------------------------------------------------------------------------------------

let scheduled = false;
let lastRender = 0;

function refresh() {
  if (scheduled) return;
  scheduled = true;
  const wait = Math.max(0, 150 - (performance.now() - lastRender));
  setTimeout(() => requestAnimationFrame(() => {
    scheduled = false;
    lastRender = performance.now();
    render();
  }), wait);
}

function render() {
  const { batch, sender } = page;
  page.tree.render();
  const c = batch.counts();
  const readyBytes = batch.entries.filter(sendable).reduce((sum, e) => sum + e.size, 0);
  const parts = [];
  if (c.total === 0) {
    parts.push('No file yet.');
  } else {
    parts.push(`${plural(c.total, 'file')}:`);
    const details = [];
    if (c.scanning) details.push(`${c.scanning.toLocaleString()} being read`);
    const toSend = batch.entries.filter(sendable).length;
    if (toSend) details.push(`${toSend.toLocaleString()} to send (${bytesText(readyBytes)})`);
    if (c.active) details.push(`${c.active.toLocaleString()} in progress`);
    if (c.done) details.push(`${c.done.toLocaleString()} sent`);
    if (c.failed) details.push(`${c.failed.toLocaleString()} not sent`);
    if (c.refused) details.push(`${c.refused.toLocaleString()} not accepted`);
    parts.push(details.join(', ') + '.');
    const flagged = batch.entries.filter((e) => isFlagged(e) && e.masks.length === 0 && sendable(e)).length;
    if (flagged) {
      parts.push(`${plural(flagged, 'file')} ${flagged === 1 ? 'says' : 'say'} it has burned-in annotation: check ` +
        'it with “Masks…”, or the link’s rules decide.');
    }
    const limits = batch.limits;
    const used = (page.invite && page.invite.Used) || {};
    if (limits.MaxFiles !== null && limits.MaxFiles !== undefined) {
      const room = limits.MaxFiles - (used.Files || 0) - c.done;
      if (toSend > room) parts.push(`This link accepts ${plural(Math.max(0, room), 'more file')}.`);
    }
  }
  $('counts').textContent = parts.join(' ');

  const running = sender.running;
  const toSend = batch.entries.filter(sendable).length;
  const send = $('send');
  send.disabled = running || !page.pool || toSend === 0 || Boolean(page.linkDead);
  send.textContent = toSend && c.done ? `Send the other ${plural(toSend, 'file')}` : toSend ? `Send ${plural(toSend, 'file')}` : 'Send';
  $('cancel').hidden = !running;
  const finish = $('finish');
  const open = (page.invite && page.invite.Upload) || page.sentThisVisit > 0 || c.done > 0;
  // A link at its limit can still finish what it received; an expired or revoked one cannot.
  const finishable = !page.linkDead || page.linkDead.reason === 'exhausted';
  finish.disabled = running || !open || !finishable || page.finishing;
  $('finish-hint').textContent = toSend && open && !running
    ? `Finish closes the case: ${plural(toSend, 'file')} of your list ${toSend === 1 ? 'is' : 'are'} not sent yet.`
    : 'Press Finish once everything is sent: the case then goes on to its recipients.';

  const progress = $('progress');
  if (sender.total) {
    progress.hidden = false;
    const done = sender.progressBytes();
    const fraction = sender.total ? Math.min(1, done / sender.total) : 0;
    $('overall').value = Math.round(fraction * 1000);
    const { rate, left } = running ? meter.sample(done, sender.total) : { rate: null, left: null };
    const text = [`${sender.settledFiles.toLocaleString()} of ${plural(sender.files, 'file')}`,
                  `${bytesText(done)} of ${bytesText(sender.total)}`];
    if (running && rate) text.push(rate >= 1e6 ? `${(rate / 1e6).toFixed(rate >= 1e7 ? 0 : 1)} MB/s` : `${bytesText(rate)}/s`);
    if (running && left) text.push(`about ${durationText(left)} left`);
    if (!running) text.push(sender.signal.aborted ? 'cancelled' : sender.fatal ? 'stopped' : 'done');
    $('progress-text').textContent = text.join(' · ');
    $('overall').setAttribute('aria-valuetext', `${Math.floor(fraction * 100)} percent`);
    if (running) announcer.progress(fraction, left);
  }
  if (running) refresh();   // the speed and time left move on even without events
}

// --- start ---------------------------------------------------------------------------------------------------

async function main() {
  const token = takeToken();
  if (!token || token.malformed) {
    showProblem(token ? linkProblem({ reason: 'unknown' })
      : { title: 'This page needs your link',
          text: 'Open the link you received to send files (it ends with “#” and a long code). If you opened it ' +
                'and see this, the link may be incomplete: copy all of it again.' });
    return;
  }
  page.api = new InviteApi(token);
  try {
    page.invite = await page.api.invite();
  } catch (error) {
    showProblem(linkProblem(error));
    return;
  }
  showInvite(page.invite);
  $('status-screen').hidden = true;
  $('work').hidden = false;
  page.batch = new Batch(page.invite.Limits);
  page.batch.addEventListener('change', ({ detail }) => {
    // Files still being read when Send was pressed join the run.
    if (detail && detail.state === 'ready' && page.sender.running) page.sender.add([detail]);
    refresh();
  });
  page.tree = new TreeView({ studies: $('studies'), others: $('others'), problems: $('problems') }, page.batch, {
    preview: (entry) => previewDialog.open(entry),
    mask: (entry) => maskDialog.open(entry),
    canMask: (entry) => Boolean(entry.summary && Number(entry.summary.rows) > 0 &&
      ['ready', 'cancelled', 'failed'].includes(entry.state)),
  });
  let previewDialog;
  let maskDialog;
  const engineReady = startEngine().then(() => {
    if (page.pool) {
      previewDialog = new PreviewDialog($('preview-dialog'), page.pool);
      maskDialog = new MaskDialog($('mask-dialog'), page.pool, () => refresh());
      engineWaiters.forEach((resolve) => resolve(page.pool));
      engineWaiters = [];
    }
  });
  setUpAdding();
  setUpSending();
  $('again').addEventListener('click', () => location.reload());
  refresh();
  await engineReady;
}

main();
