// The plugin's admin page (/ratatoskr/app/admin.html): what it shows, and its job buttons.
//
// params: orthanc {url, username, password}
//         actions  optional list of {study, button: "Cancel"|"Resubmit", then: state}: in the row of the job
//                  whose source study is `study`, click the button and wait until the row shows state `then`
// result: {system: text of the status line, jobs: [[cell texts] per row], profiles: [names],
//          actions: [{button, request: {method, url, headers, body, status, answer}, state, row: [cell texts],
//                     notice: {text, error}: what the page said of the answer}],
//          requests: every POST the page sent to Orthanc}
import { runBrowserScript } from './lib.mjs';

function rowOf(page, study) {
  return page.locator('#jobs tr', { has: page.locator(`a[title="${study}"]`) }).first();
}

async function stateOf(row) {
  return (await row.locator('td').nth(2).innerText()).trim();
}

async function cellsOf(row) {
  return row.locator('td').evaluateAll((cells) => cells.map((td) => td.innerText.trim()));
}

runBrowserScript(async (session) => {
  const p = session.params;
  const context = await session.newContext({ login: p.orthanc });
  const page = await session.newPage(context);
  const requests = session.trackRequests(context, p.orthanc.url + '/');

  await page.goto(p.orthanc.url + '/ratatoskr/app/admin.html');
  await page.waitForFunction(() => document.getElementById('system').textContent.startsWith('Version') &&
                                   document.querySelectorAll('#profiles tr').length > 0);
  await session.screenshot(page, 'admin-loaded');

  const actions = [];
  for (const action of p.actions || []) {
    const row = rowOf(page, action.study);
    const button = row.locator('button', { hasText: action.button });
    await button.waitFor({ state: 'visible' });
    const sent = requests.length;
    await button.click();
    // The page posts, then refreshes; the job's new state reaches the audit a moment later: refresh again
    // with the page's own function until the row shows it.
    const deadline = Date.now() + (action.timeoutMs || 30000);
    let state = await stateOf(row);
    while (state !== action.then) {
      if (Date.now() > deadline) {
        throw new Error(`after ${action.button}: the job of study ${action.study} shows "${state}", ` +
                        `not "${action.then}"`);
      }
      await page.waitForTimeout(250);
      await page.evaluate(() => refresh());  // eslint-disable-line no-undef
      state = await stateOf(row);
    }
    await session.settled(requests);
    const post = requests.slice(sent).find((r) => r.method === 'POST');
    // The sentence the page shows for the POST's answer (class "bad" when it was refused).
    const notice = { text: await page.locator('#notice-text').innerText(),
                     error: (await page.locator('#notice').getAttribute('class')) === 'bad' };
    actions.push({ button: action.button, request: post || null, state, row: await cellsOf(row), notice });
    await session.screenshot(page, 'admin-after-' + action.button.toLowerCase());
  }

  await page.evaluate(() => refresh());  // eslint-disable-line no-undef
  await session.settled(requests);
  const jobs = await page.locator('#jobs tr').evaluateAll((rows) => rows.map(
    (tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.innerText.trim())));
  const profiles = await page.locator('#profiles tr td:first-child').allInnerTexts();
  const system = await page.locator('#system').innerText();
  await session.screenshot(page, 'admin-final');
  return { system, jobs, profiles, actions, requests: requests.filter((r) => r.method !== 'GET') };
});
