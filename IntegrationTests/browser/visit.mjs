// Open a page in the browser of an admin logged in to Orthanc, optionally run code in it, wait, and report the
// page and every request the browser sent to Orthanc meanwhile.
//
// params: orthanc {url, username, password}
//         login      (default true) the context answers Orthanc's Basic challenge
//         before     URLs opened first (e.g. Orthanc's own pages, so the browser is "logged in")
//         url        the page to open
//         evaluate   optional: body of an async function run in the page once loaded; its return value is
//                    reported as "evaluated" (to navigate away, let it schedule the navigation: setTimeout)
//         waitForUrlPrefix  optional: wait until the page's URL starts with this (a form submission landing)
//         waitForGlobal     optional: wait until window[name] is defined (a page script reporting its result)
//         screenshot optional: name of a screenshot of the page at the end
// result: {page: {url, status?, text, title}, evaluated?, global?, orthancRequests: [...]}
import { runBrowserScript } from './lib.mjs';

runBrowserScript(async (session) => {
  const p = session.params;
  const context = await session.newContext(p.login === false ? {} : { login: p.orthanc });
  const page = await session.newPage(context);
  const orthancRequests = session.trackRequests(context, p.orthanc.url + '/');

  for (const url of p.before || []) {
    const response = await page.goto(url);
    if (!response || !response.ok()) throw new Error('could not open ' + url + ': HTTP ' + response?.status());
  }
  orthancRequests.length = 0;  // report what the page under test made the browser send, not the login

  let lastNavigation = null;
  page.on('response', (response) => {
    if (response.request().isNavigationRequest() && response.frame() === page.mainFrame()) {
      lastNavigation = { url: response.url(), status: response.status() };
    }
  });
  await page.goto(p.url);
  const result = {};
  if (p.evaluate) {
    result.evaluated = await page.evaluate(`(async () => { ${p.evaluate} })()`);
  }
  if (p.waitForUrlPrefix) {
    await page.waitForURL((url) => url.href.startsWith(p.waitForUrlPrefix));
    await page.waitForLoadState('load');
  }
  if (p.waitForGlobal) {
    await page.waitForFunction((name) => window[name] !== undefined, p.waitForGlobal);
    result.global = await page.evaluate((name) => window[name], p.waitForGlobal);
  }
  await session.settled(orthancRequests);
  result.page = {
    url: page.url(),
    status: lastNavigation && lastNavigation.url === page.url() ? lastNavigation.status : null,
    title: await page.title(),
    text: await page.evaluate(() => (document.body ? document.body.innerText : '')),
  };
  if (p.screenshot) await session.screenshot(page, p.screenshot);
  result.orthancRequests = orthancRequests;
  return result;
});
