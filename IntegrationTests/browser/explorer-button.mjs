// The legacy Orthanc Explorer's study page with the plugin's buttons: click one, read the alert it shows.
//
// params: orthanc {url, username, password}, study (Orthanc ID), label (the button's text)
// result: {buttons: [labels of the Ratatoskr buttons], alert: text of the dialog, requests: [the POSTs the click
//          made to /ratatoskr/, with status and answer]}
import { runBrowserScript } from './lib.mjs';

runBrowserScript(async (session) => {
  const p = session.params;
  const context = await session.newContext({ login: p.orthanc });
  const page = await session.newPage(context);
  const requests = session.trackRequests(context, p.orthanc.url + '/ratatoskr/');

  await page.goto(p.orthanc.url + '/app/explorer.html#study?uuid=' + encodeURIComponent(p.study));
  // The study page is shown once its details are loaded; the plugin's script adds its buttons on pagebeforeshow.
  const button = page.locator('#study a.ratatoskr-button', { hasText: p.label });
  await button.waitFor({ state: 'visible' });
  const buttons = await page.locator('#study a.ratatoskr-button').allInnerTexts();
  await session.screenshot(page, 'explorer-study');

  const dialog = page.waitForEvent('dialog');
  await button.click();
  const alert = (await dialog).message();  // accepted by the session's handler
  await session.settled(requests);
  await session.screenshot(page, 'explorer-after-click');
  return { buttons: buttons.map((b) => b.trim()), alert, requests: requests.filter((r) => r.method !== 'GET') };
});
