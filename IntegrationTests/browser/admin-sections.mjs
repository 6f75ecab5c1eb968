// The admin page's deliveries, webhooks and outbox: what they show, their detail views and their buttons.
//
// params: orthanc {url, username, password}
//         width, height  the window (default 1280 x 800)
//         steps   list of, in order:
//           {open: {table, id}}                 click "Details" in the row data-id=id of tbody#table and wait for
//                                                the detail view to be loaded
//           {click: {table, id, button}, then, keyboard, timeoutMs}
//                                                click the button whose text is `button` in that row (with
//                                                keyboard: focus it and press Enter), then refresh until the row's
//                                                data-state is `then` (a state of the REST API)
//           {call: {kind, id, action}}          run the page's act() as a button of that kind would (kinds: job,
//                                                delivery, event, webhook) and record the notice it shows
//           {until: {table, id, state}, timeoutMs}  refresh until that row exists with that data-state
//           {timerRefresh: true}                wait until the page refreshed on its own (its 5 s timer)
//           {screenshot: name, section}         the whole page, or only the element id=section
//           {snapshot: name}                    what the page shows now, in the result's snapshots[name]
//         (tables: "jobs", "deliveries", "webhooks", "outbox"; ids: job ID, delivery ID, webhook name, event ID)
// result: {tables: {<table>: [{id, state, cells: [texts], buttons: [{text, label, expanded}], links: [titles]}]},
//          empty: {<table>: sentence of an empty table}, details: {<table>:<id>: {text, batches: [[cells]]}},
//          snapshots: {name: the same as tables...system}, notices: [{text, error}] after each click, steps: [{click, request, state, focused}],
//          summaries: {<table>: text}, system, requests: every POST the page sent to Orthanc}
import fs from 'node:fs';
import path from 'node:path';
import { runBrowserScript } from './lib.mjs';

const TABLES = ['jobs', 'deliveries', 'webhooks', 'outbox'];

function rowOf(page, table, id) {
  return page.locator(`#${table} > tr[data-id="${id}"]`);
}

async function snapshot(page) {
  return page.evaluate((tables) => {
    const result = { tables: {}, empty: {}, details: {}, summaries: {} };
    for (const table of tables) {
      const body = document.getElementById(table);
      result.tables[table] = Array.from(body.querySelectorAll(':scope > tr[data-id]'), (tr) => ({
        id: tr.dataset.id, state: tr.dataset.state,
        cells: Array.from(tr.children, (td) => td.innerText.trim()),
        buttons: Array.from(tr.querySelectorAll('button'), (b) => ({
          text: b.textContent.trim(), label: b.getAttribute('aria-label'), expanded: b.getAttribute('aria-expanded') })),
        links: Array.from(tr.querySelectorAll('a[title]'), (a) => a.title),
      }));
      const empty = body.querySelector(':scope > tr.empty');
      if (empty) result.empty[table] = empty.innerText.trim();
      for (const detail of body.querySelectorAll(':scope > tr.detail')) {
        result.details[table + ':' + detail.previousElementSibling.dataset.id] = {
          text: detail.innerText.trim(),
          batches: Array.from(detail.querySelectorAll('table > tbody > tr'), (tr) =>
            Array.from(tr.children, (td) => td.innerText.trim())),
        };
      }
      const summary = document.getElementById(table + '-summary');
      if (summary) result.summaries[table] = summary.textContent;
    }
    result.system = document.getElementById('system').innerText;
    return result;
  }, TABLES);
}

async function refreshUntil(page, row, state, timeoutMs, what) {
  const deadline = Date.now() + (timeoutMs || 30000);
  for (;;) {
    const current = (await row.count()) ? await row.getAttribute('data-state') : null;
    if (current === state) return current;
    if (Date.now() > deadline) throw new Error(`${what}: the row shows state "${current}", not "${state}"`);
    await page.waitForTimeout(250);
    await page.evaluate(() => refresh());  // eslint-disable-line no-undef
  }
}

runBrowserScript(async (session) => {
  const p = session.params;
  const context = await session.newContext({ login: p.orthanc,
                                             viewport: { width: p.width || 1280, height: p.height || 800 } });
  const page = await session.newPage(context);
  const requests = session.trackRequests(context, p.orthanc.url + '/');

  await page.goto(p.orthanc.url + '/ratatoskr/app/admin.html');
  await page.waitForFunction(() => document.getElementById('system').textContent.startsWith('Version') &&
                                   document.querySelectorAll('#profiles tr').length > 0 &&
                                   document.querySelectorAll('#deliveries tr, #outbox tr, #webhooks tr').length >= 3);

  const notices = [];
  const steps = [];
  const snapshots = {};
  for (const step of p.steps || []) {
    if (step.screenshot && step.section) {
      // One section of the page only (readable at full size): <screenshotDir>/<name>.png.
      if (p.screenshotDir) {
        const file = path.join(p.screenshotDir, step.screenshot + '.png');
        fs.mkdirSync(p.screenshotDir, { recursive: true });
        await page.locator('#' + step.section).screenshot({ path: file });
        session.screenshots.push(file);
      }
    } else if (step.screenshot) {
      await session.screenshot(page, step.screenshot);
    } else if (step.call) {
      // What a button does, for a row that has no such button (an action the route refuses).
      const { kind, id, action } = step.call;
      await page.evaluate((a) => act(a.kind, a.id, a.action), { kind, id, action });  // eslint-disable-line no-undef
      notices.push({ text: await page.locator('#notice-text').innerText(),
                     error: (await page.locator('#notice').getAttribute('class')) === 'bad' });
    } else if (step.snapshot) {
      snapshots[step.snapshot] = await snapshot(page);
    } else if (step.timerRefresh) {
      const before = await page.locator('#refreshed').textContent();
      await page.waitForFunction((text) => document.getElementById('refreshed').textContent !== text, before,
                                 { timeout: 12000 });
    } else if (step.open) {
      const { table, id } = step.open;
      const row = rowOf(page, table, id);
      await row.locator('button', { hasText: 'Details' }).click();
      // (Looked up again each time: a refresh may replace the row.)
      await page.waitForFunction(([t, i]) => {
        const detail = document.getElementById(t).querySelector(`:scope > tr.detail[id$="-detail-${CSS.escape(i)}"]`);
        return detail && !detail.innerText.includes('Loading the details');
      }, [table, id]);
    } else if (step.until) {
      const { table, id, state } = step.until;
      await refreshUntil(page, rowOf(page, table, id), state, step.timeoutMs, `waiting for ${table} ${id}`);
    } else if (step.click) {
      const { table, id, button } = step.click;
      const row = rowOf(page, table, id);
      const target = row.locator('button', { hasText: button });
      await target.waitFor({ state: 'visible' });
      const sent = requests.length;
      if (step.keyboard) {
        await target.focus();
        await page.keyboard.press('Enter');
      } else {
        await target.click();
      }
      // The click's POST, then the notice the page shows for its answer.
      const deadline = Date.now() + 15000;
      while (!requests.slice(sent).some((r) => r.method === 'POST' && r.done)) {
        if (Date.now() > deadline) throw new Error(`no POST answered after clicking ${button} in ${table} ${id}`);
        await page.waitForTimeout(50);
      }
      await page.locator('#notice').waitFor({ state: 'visible' });
      notices.push({ text: await page.locator('#notice-text').innerText(),
                     error: (await page.locator('#notice').getAttribute('class')) === 'bad' });
      let state = null;
      if (step.then) {
        state = await refreshUntil(page, row, step.then, step.timeoutMs, `after ${button} in ${table} ${id}`);
      }
      await session.settled(requests);
      const focused = await page.evaluate(() => document.activeElement?.dataset?.key || null);
      steps.push({ click: step.click, request: requests.slice(sent).find((r) => r.method === 'POST') || null,
                   state, focused });
    }
  }

  await page.evaluate(() => refresh());  // eslint-disable-line no-undef
  await session.settled(requests);
  const result = await snapshot(page);
  if (p.finalScreenshot) await session.screenshot(page, p.finalScreenshot);
  return { ...result, snapshots, notices, steps, requests: requests.filter((r) => r.method !== 'GET') };
});
