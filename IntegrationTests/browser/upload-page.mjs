// The public upload page of an invite (issue 12), end to end in headless Chromium: open the invite link, drop a
// folder (a real drag of a real folder, through the DevTools protocol, so the page walks it with
// webkitGetAsEntry), send, watch the progress reach the end, press Finish. Every request the page makes is
// recorded with its body as bytes (postDataBuffer), for the test to search for the markers.
//
// params: url (the invite URL, token in the fragment); folder (absolute path to drop); timeoutMs; badUrl
//         (optional: a link with a wrong token, for the error screenshot); contextOptions (e.g. a tablet's
//         {viewport, hasTouch});
//         finish (default true); previewFirst (open the preview of the first file); uploadBytesPerSecond
//         (optional: the page's upload throttled, so that a screenshot shows the sending under way); onlyOpen
//         (just open the link and report the message the page shows); shotPrefix (names of the screenshots);
//         mask (optional {path, rectangle: {x, y, width, height}}: that file gets a mask, entered with the
//         keyboard in the mask dialog's form, before sending)
// result: {requests: [{method, url, headers, bodyBase64}], states: [{path, state, error}], addressBar,
//          tokenInStorage, progressText, doneText, countsText, errorTitle, errorText, liveTexts}
import { runBrowserScript } from './lib.mjs';

async function dropFolder(page, selector, folder) {
  const box = await (await page.$(selector)).boundingBox();
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  const client = await page.context().newCDPSession(page);
  const data = { items: [], files: [folder], dragOperationsMask: 1 };
  await client.send('Input.dispatchDragEvent', { type: 'dragEnter', x, y, data });
  await client.send('Input.dispatchDragEvent', { type: 'dragOver', x, y, data });
  await client.send('Input.dispatchDragEvent', { type: 'drop', x, y, data });
  await client.detach();
}

async function fileStates(page) {
  return page.evaluate(() => {
    const rows = [];
    for (const li of document.querySelectorAll('li.file, li.problem')) {
      const name = li.querySelector('.file-name');
      const state = li.querySelector('[data-part=state], .problem-reason');
      const note = li.querySelector('.file-note, .problem-reason');
      rows.push({ path: name && name.title, state: state && state.textContent, error: note && note.textContent });
    }
    return rows;
  });
}

runBrowserScript(async (session) => {
  const p = session.params;
  const timeout = p.timeoutMs || 60000;
  const context = await session.newContext(p.contextOptions || {});
  const requests = [];
  context.on('request', (request) => {
    const body = request.postDataBuffer();
    requests.push({ method: request.method(), url: request.url(), headers: request.headers(),
                    bodyBase64: body ? body.toString('base64') : null, resourceType: request.resourceType() });
  });
  // Workers' requests (the engine's module and wasm) are the context's too; the page's own XHRs carry the bodies.
  const result = { liveTexts: [] };
  const shot = (target, name) => session.screenshot(target, (p.shotPrefix || '') + name);

  if (p.badUrl) {
    const bad = await session.newPage(context);
    await bad.goto(p.badUrl);
    await bad.waitForSelector('#status-screen.link-problem', { timeout });
    result.errorTitle = await bad.textContent('#status-title');
    result.errorText = await bad.textContent('#status-text');
    await shot(bad, 'error-unknown-link');
    await bad.close();
  }

  const page = await session.newPage(context);
  // Listening from the start: Playwright intercepts file choosers only once a listener is there.
  let choosers = 0;
  page.on('filechooser', () => { choosers++; });
  await page.goto(p.url);
  if (p.onlyOpen) {
    await page.waitForSelector('#status-screen.link-problem, #work:not([hidden])', { timeout });
    result.addressBar = page.url();
    result.errorTitle = await page.textContent('#status-title');
    result.errorText = await page.textContent('#status-text');
    result.problemShown = await page.isVisible('#status-screen.link-problem');
    await shot(page, 'opened');
    result.requests = requests;
    return result;
  }
  await page.waitForSelector('#work:not([hidden])', { timeout });
  result.addressBar = page.url();
  result.tokenInStorage = await page.evaluate(() => sessionStorage.getItem('ratatoskr-invite-token'));
  await page.waitForFunction(() => /ready/i.test(document.getElementById('engine-state').textContent) ||
    document.getElementById('engine-state').classList.contains('error-text'), null, { timeout });
  result.engineState = await page.textContent('#engine-state');
  await page.evaluate(() => {
    // What the live region says, in order (the test checks a screen reader hears the progress).
    const live = document.getElementById('live');
    window.liveTexts = [];
    new MutationObserver(() => {
      if (live.textContent) window.liveTexts.push(live.textContent);
    }).observe(live, { childList: true, characterData: true, subtree: true });
  });
  await shot(page, 'upload-1-empty');
  // The keyboard: Enter on the focused drop zone opens the file picker (closed again without a file).
  await page.focus('#drop-zone');
  await page.keyboard.press('Enter');
  for (let i = 0; i < 50 && !choosers; i++) await page.waitForTimeout(100);
  result.enterOpensPicker = choosers > 0;

  await dropFolder(page, '#drop-zone', p.folder);
  // Every file described (none "Reading…"), and something to send.
  await page.waitForFunction(() => document.querySelectorAll('li.file, li.problem').length >= 0 &&
    !/being read/.test(document.getElementById('counts').textContent) &&
    !document.getElementById('send').disabled, null, { timeout });
  // The tree's series lists opened, for the screenshots.
  for (const toggle of await page.$$('button[aria-expanded="false"]')) {
    await toggle.click();
  }
  await shot(page, 'upload-2-files-added');
  result.countsBefore = await page.textContent('#counts');

  if (p.previewFirst) {
    await page.click('li.file button:has-text("Preview")');
    await page.waitForFunction(() => document.querySelector('#preview-dialog tbody tr'), null, { timeout });
    result.previewRows = await page.$$eval('#preview-dialog tbody tr', (rows) => rows.length);
    await shot(page, 'upload-3-preview');
    await page.keyboard.press('Escape');
    result.previewClosedByEscape = await page.evaluate(() => !document.getElementById('preview-dialog').open);
  }

  let network = null;
  if (p.uploadBytesPerSecond) {
    network = await context.newCDPSession(page);
    await network.send('Network.enable');
    await network.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1,
                                                             uploadThroughput: p.uploadBytesPerSecond });
  }
  if (p.mask) {
    const row = page.locator('li.file', { has: page.locator(`.file-name[title="${p.mask.path}"]`) });
    await row.locator('button:has-text("Masks")').click();
    await page.waitForFunction(() => /Drag over the picture|No picture/.test(
      document.querySelector('#mask-dialog [data-part=status]').textContent), null, { timeout });
    result.maskStatus = await page.textContent('#mask-dialog [data-part=status]');
    for (const [name, value] of Object.entries(p.mask.rectangle)) {
      await page.fill(`#mask-dialog input[name=${name}]`, String(value));
    }
    await page.press('#mask-dialog input[name=height]', 'Enter');   // the form's submit: Add rectangle
    result.maskList = await page.textContent('#mask-dialog [data-part=list]');
    await page.click('#mask-dialog [data-part=check]');
    await page.waitForFunction(() => /as the engine masked it|could not/.test(
      document.querySelector('#mask-dialog [data-part=status]').textContent), null, { timeout });
    result.maskChecked = await page.textContent('#mask-dialog [data-part=status]');
    await shot(page, 'upload-3-masks');
    await page.click('#mask-dialog [data-part=save]');
    await row.locator('.chip:not([hidden])').waitFor({ timeout });   // the list shows the mask once redrawn
    result.maskChip = await row.locator('.chip').textContent();
  }

  const started = Date.now();
  await page.click('#send');
  // A screenshot while it goes (as soon as the progress shows: a small study is sent in a moment).
  await page.waitForFunction(() => !document.getElementById('progress').hidden, null, { timeout });
  result.progressWhileSending = await page.textContent('#progress-text');
  await shot(page, 'upload-4-sending');
  await page.waitForFunction(() => document.getElementById('cancel').hidden &&
    /done|cancelled/.test(document.getElementById('progress-text').textContent), null, { timeout });
  result.sendSeconds = (Date.now() - started) / 1000;
  if (network) {
    await network.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1,
                                                             uploadThroughput: -1 });
    await network.detach();
  }
  result.progressText = await page.textContent('#progress-text');
  result.progressValue = await page.$eval('#overall', (bar) => bar.value / bar.max);
  result.countsText = await page.textContent('#counts');
  result.sendProblem = await page.textContent('#send-problem');
  result.states = await fileStates(page);
  await shot(page, 'upload-5-sent');

  if (p.finish !== false) {
    await page.waitForFunction(() => !document.getElementById('finish').disabled, null, { timeout });
    await page.click('#finish');
    await page.waitForSelector('#done:not([hidden])', { timeout });
    result.doneText = await page.textContent('#done');
    await shot(page, 'upload-6-finished');
  }
  await page.waitForTimeout(300);
  result.liveTexts = await page.evaluate(() => window.liveTexts);
  result.requests = requests;
  return result;
});
