// The Invites section of the admin page (test_admin_invites_page.py): create an invite through the form, read its
// link once and copy it, see it listed, revoke and extend it through the page's dialog, follow an invite's uploads
// in its detail view and finish an open one.
//
// params: {orthanc: {url, username, password}, width?, height?,
//          create?: {course, note, metadata (textarea text), expires, expiresUnit ("1"|"24"), maxFiles, maxSize,
//                    maxSizeUnit, maxStudies, kinds: [...], destination ("" = store only), profile},
//          bad?: {field values as in create}: a form the page refuses before sending (its words are returned),
//          revokeCreated?: bool, extend?: {id, amount, unit}, detail?: {id, finish?: bool, until?: state},
//          screenshots?: prefix of the screenshot names}
// result: {created: {link, summary, once, copyStatus, clipboard, afterDone: {hidden, link, inPage}},
//          badError, rows: [{id, state, cells, buttons}], revoked: {dialog, notice, state}, extended: {notice},
//          detail: {text, uploads: [{id, state, text, buttons}]}, finished: {notice, state},
//          requests: every non-GET request the page sent to Orthanc}
import fs from 'node:fs';
import path from 'node:path';
import { runBrowserScript } from './lib.mjs';

const COLUMNS = ['Created', 'State', 'Course', 'Profile', 'Destination', 'Expires', 'Use', 'Uploads', 'Actions'];

async function rows(page) {
  return page.evaluate((columns) => Array.from(document.querySelectorAll('#invites > tr[data-id]'), (tr) => ({
    id: tr.dataset.id, state: tr.dataset.state,
    cells: Object.fromEntries(Array.from(tr.children, (td, i) => [columns[i], td.innerText.trim()])),
    buttons: Array.from(tr.querySelectorAll('button'), (b) => b.textContent.trim()),
  })), COLUMNS);
}

async function sectionShot(session, page, name, selector = '#invites-section') {
  const dir = session.params.screenshotDir;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name + '.png');
  await page.locator(selector).screenshot({ path: file });
  session.screenshots.push(file);
}

async function fill(page, values) {
  const set = async (selector, value) => {
    if (value !== undefined && value !== null) await page.locator(selector).fill(String(value));
  };
  if (values.profile) await page.locator('#invite-profile').selectOption(values.profile);
  if (values.destination !== undefined) await page.locator('#invite-destination').selectOption(values.destination);
  await set('#invite-course', values.course);
  await set('#invite-expires', values.expires);
  if (values.expiresUnit) await page.locator('#invite-expires-unit').selectOption(values.expiresUnit);
  await set('#invite-max-files', values.maxFiles);
  await set('#invite-max-size', values.maxSize);
  if (values.maxSizeUnit) await page.locator('#invite-max-size-unit').selectOption(values.maxSizeUnit);
  await set('#invite-max-studies', values.maxStudies);
  if (values.kinds) {
    for (const box of await page.locator('#invite-form input[name=kind]').all()) {
      await box.setChecked(values.kinds.includes(await box.getAttribute('value')));
    }
  }
  await set('#invite-note', values.note);
  await set('#invite-metadata', values.metadata);
}

async function waitForRowState(page, id, state) {
  await page.waitForFunction(([i, s]) => {
    const tr = document.querySelector(`#invites > tr[data-id="${CSS.escape(i)}"]`);
    if (tr && tr.dataset.state === s) return true;
    refresh();  // eslint-disable-line no-undef
    return false;
  }, [id, state], { polling: 500 });
}

async function noticeText(page) {
  await page.locator('#notice').waitFor({ state: 'visible' });
  return { text: await page.locator('#notice-text').innerText(),
           error: (await page.locator('#notice').getAttribute('class')) === 'bad' };
}

async function openDetail(page, id) {
  const row = page.locator(`#invites > tr[data-id="${id}"]`);
  await row.locator('button', { hasText: 'Details' }).click();
  await page.waitForFunction((i) => {
    const detail = document.getElementById('invite-detail-' + i);
    return detail && !detail.innerText.includes('Loading the details');
  }, id);
}

async function detailOf(page, id) {
  return page.evaluate((i) => {
    const detail = document.getElementById('invite-detail-' + i);
    return {
      text: detail.innerText.trim(),
      uploads: Array.from(detail.querySelectorAll('.upload'), (u) => ({
        id: u.dataset.upload, state: u.dataset.state, text: u.innerText.trim(),
        buttons: Array.from(u.querySelectorAll('button'), (b) => b.textContent.trim()),
        deliveries: Array.from(u.querySelectorAll('tr[data-delivery]'), (tr) =>
          Array.from(tr.children, (td) => td.innerText.trim())),
        events: Array.from(u.querySelectorAll('tr[data-event]'), (tr) =>
          Array.from(tr.children, (td) => td.innerText.trim())),
      })),
    };
  }, id);
}

runBrowserScript(async (session) => {
  const p = session.params;
  const shots = p.screenshots || 'invites';
  const context = await session.newContext({ login: p.orthanc,
                                             viewport: { width: p.width || 1280, height: p.height || 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: p.orthanc.url });
  const page = await session.newPage(context);
  const requests = session.trackRequests(context, p.orthanc.url + '/');
  await page.goto(p.orthanc.url + '/ratatoskr/app/admin.html');
  await page.waitForFunction(() => document.getElementById('system').textContent.startsWith('Version') &&
                                   document.querySelectorAll('#invites tr').length > 0 &&
                                   document.querySelectorAll('#invite-profile option').length > 0);
  const result = {};

  if (p.bad) {
    await fill(page, p.bad);
    const sent = requests.length;
    await page.locator('#invite-create').click();
    await page.locator('#invite-form-error').waitFor({ state: 'visible' });
    await session.settled(requests);
    result.badError = await page.locator('#invite-form-error').innerText();
    result.badSent = requests.slice(sent).filter((r) => r.method === 'POST').map((r) => ({ status: r.status,
                                                                                          body: r.body }));
    result.badInvalid = await page.evaluate(() => Array.from(document.querySelectorAll('[aria-invalid="true"]'),
                                                             (n) => n.id));
    await sectionShot(session, page, shots + '-refused', '#invite-form');
  }

  if (p.create) {
    await page.locator('#invite-form').evaluate((f) => f.reset());
    await fill(page, p.create);
    await sectionShot(session, page, shots + '-form', '#invite-form');
    await page.locator('#invite-create').click();
    await page.locator('#invite-created').waitFor({ state: 'visible' });
    const link = await page.locator('#invite-link').inputValue();
    await page.locator('#invite-copy').click();
    await page.waitForFunction(() => document.getElementById('invite-copy-status').textContent !== '');
    const id = link.split('#')[1].split('.')[0];
    await waitForRowState(page, id, 'Active');
    await sectionShot(session, page, shots + '-created');
    result.created = {
      id, link, summary: await page.locator('#invite-created-summary').innerText(),
      once: await page.locator('#invite-once').innerText(),
      copyStatus: await page.locator('#invite-copy-status').innerText(),
      clipboard: await page.evaluate(() => navigator.clipboard.readText()),
      focusedInPanel: await page.evaluate(() => document.getElementById('invite-created').contains(document.activeElement)),
    };
    await page.locator('#invite-created-close').click();
    result.created.afterDone = await page.evaluate((secret) => ({
      hidden: document.getElementById('invite-created').hidden,
      link: document.getElementById('invite-link').value,
      inPage: document.documentElement.outerHTML.includes(secret) ||
              Array.from(document.querySelectorAll('input, textarea'), (n) => n.value).some((v) => v.includes(secret)),
    }), link.split('.').pop());
    result.rowsAfterCreate = await rows(page);

    if (p.revokeCreated) {
      const row = page.locator(`#invites > tr[data-id="${id}"]`);
      await row.locator('button', { hasText: 'Revoke' }).click();
      await page.locator('#invite-dialog').waitFor({ state: 'visible' });
      const dialog = await page.locator('#invite-dialog').innerText();
      await session.screenshot(page, shots + '-revoke-dialog');
      const sent = requests.length;
      await page.locator('#invite-dialog-ok').click();
      const notice = await noticeText(page);
      await waitForRowState(page, id, 'Revoked');
      await session.settled(requests);
      result.revoked = { dialog, notice, request: requests.slice(sent).find((r) => r.method === 'DELETE') || null,
                         buttons: (await rows(page)).find((r) => r.id === id).buttons };
    }
  }

  if (p.extend) {
    const row = page.locator(`#invites > tr[data-id="${p.extend.id}"]`);
    await row.locator('button', { hasText: 'Extend' }).click();
    await page.locator('#invite-dialog').waitFor({ state: 'visible' });
    await page.locator('#invite-extend-amount').fill(String(p.extend.amount));
    await page.locator('#invite-extend-unit').selectOption(p.extend.unit);
    const sent = requests.length;
    await page.keyboard.press('Enter');   // submits the dialog's form
    const notice = await noticeText(page);
    await session.settled(requests);
    result.extended = { notice, request: requests.slice(sent).find((r) => r.method === 'POST') || null };
  }

  if (p.detail) {
    const { id } = p.detail;
    await openDetail(page, id);
    await page.locator('#invite-' + id).scrollIntoViewIfNeeded();
    result.detail = await detailOf(page, id);
    await sectionShot(session, page, shots + '-detail');
    if (p.detail.finish) {
      const sent = requests.length;
      await page.locator(`#invite-detail-${id} button`, { hasText: 'Finish now' }).click();
      const notice = await noticeText(page);
      await session.settled(requests);
      const until = p.detail.until || 'Finished';
      await page.waitForFunction(([i, text]) => {
        const detail = document.getElementById('invite-detail-' + i);
        if (detail && detail.innerText.includes(text)) return true;
        refresh();  // eslint-disable-line no-undef
        return false;
      }, [id, until], { polling: 500, timeout: 60000 });
      result.finished = { notice, request: requests.slice(sent).find((r) => r.method === 'POST') || null,
                          detail: await detailOf(page, id) };
      await page.locator('#notice-close').click();  // (fixed at the window's bottom: it would cover the shot)
      await sectionShot(session, page, shots + '-detail-finished');
    }
  }

  await page.evaluate(() => refresh());  // eslint-disable-line no-undef
  await session.settled(requests);
  result.rows = await rows(page);
  result.summary = await page.locator('#invites-summary').innerText();
  result.empty = await page.locator('#invites > tr.empty').count()
    ? await page.locator('#invites > tr.empty').innerText() : null;
  result.unavailable = await page.locator('#invites-unavailable').isVisible()
    ? await page.locator('#invites-unavailable').innerText() : null;
  await session.screenshot(page, shots + '-page');
  result.requests = requests.filter((r) => r.method !== 'GET');
  return result;
});
