// Shared part of the browser scripts: one headless Chromium (Debian's /usr/bin/chromium) driven by
// playwright-core, parameters as JSON on stdin, the result as JSON on stdout.
//
// A script is:
//     import { runBrowserScript } from './lib.mjs';
//     runBrowserScript(async (session) => { ...; return { some: 'result' }; });
// and is started by harness/browser.py (run_browser_script), which writes the parameters to stdin and reads one
// JSON document from stdout. Everything else a script prints goes to stderr (console.log is redirected), which
// the harness shows when the script fails.
//
// session.params         the parameters (harness: {"orthanc": {...}, "screenshotDir": ..., plus the test's own})
// session.browser        the Browser (launched once per script, closed at the end)
// session.newContext(o)  a BrowserContext; o.login = {url, username, password} answers the HTTP Basic challenge
//                        of that Orthanc (the admin is "logged in"); other keys go to browser.newContext
// session.newPage(ctx)   a Page whose console messages, page errors and dialogs are recorded
// session.screenshot(page, name)  saves <screenshotDir>/<name>.png (when the harness gave a directory)
// session.dialogs        every alert/confirm/prompt seen: {type, message, url}; alerts are accepted
// session.trackRequests(ctx, prefix)  records every request whose URL starts with prefix (method, url, headers,
//                        body, status, answer); session.settled(records) waits until each has an answer
//
// The result gets a "browser" key: {version, console, pageErrors, dialogs, screenshots}.
// On an exception the script exits 1 after a screenshot of each open page (failure-N.png).

import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

export const CHROMIUM = process.env.RATATOSKR_CHROMIUM || '/usr/bin/chromium';
export const LAUNCH_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];
const DEFAULT_TIMEOUT_MS = 15000;

const out = process.stdout.write.bind(process.stdout);
console.log = (...args) => console.error(...args);  // stdout carries the result only

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8').trim();
  return text ? JSON.parse(text) : {};
}

function originOf(url) {
  return new URL(url).origin;
}

class Session {
  constructor(params, browser) {
    this.params = params;
    this.browser = browser;
    this.console = [];
    this.pageErrors = [];
    this.dialogs = [];
    this.screenshots = [];
    this.pages = [];
    this.timeout = params.timeoutMs || DEFAULT_TIMEOUT_MS;
  }

  async newContext(options = {}) {
    const { login, ...rest } = options;
    const contextOptions = { viewport: { width: 1280, height: 800 }, ...rest };
    if (login) {
      // Only that Orthanc gets the credentials (any other origin would get them too without "origin").
      contextOptions.httpCredentials = { username: login.username, password: login.password,
                                         origin: originOf(login.url) };
    }
    const context = await this.browser.newContext(contextOptions);
    context.setDefaultTimeout(this.timeout);
    context.setDefaultNavigationTimeout(this.timeout);
    return context;
  }

  async newPage(context) {
    const page = await context.newPage();
    this.pages.push(page);
    page.on('console', (message) => {
      this.console.push({ type: message.type(), text: message.text(), url: page.url() });
    });
    page.on('pageerror', (error) => this.pageErrors.push({ message: String(error), url: page.url() }));
    page.on('dialog', async (dialog) => {
      this.dialogs.push({ type: dialog.type(), message: dialog.message(), url: page.url() });
      await dialog.accept().catch(() => {});
    });
    return page;
  }

  async screenshot(page, name) {
    const dir = this.params.screenshotDir;
    if (!dir) return null;
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, name.replace(/[^A-Za-z0-9_.-]/g, '_') + '.png');
    await page.screenshot({ path: file, fullPage: true });
    this.screenshots.push(file);
    return file;
  }

  // Every request of `context` whose URL starts with `prefix`, with its answer once there.
  trackRequests(context, prefix) {
    const records = [];
    const byRequest = new Map();
    context.on('request', (request) => {
      if (!request.url().startsWith(prefix)) return;
      const record = { method: request.method(), url: request.url(), headers: request.headers(),
                       body: request.postData(), resourceType: request.resourceType(), done: false };
      byRequest.set(request, record);
      records.push(record);
    });
    context.on('response', async (response) => {
      const record = byRequest.get(response.request());
      if (!record) return;
      record.status = response.status();
      record.responseHeaders = response.headers();
    });
    const finish = async (request, failure) => {
      const record = byRequest.get(request);
      if (!record) return;
      record.headers = await request.allHeaders().catch(() => record.headers);  // as sent, cookies included
      if (failure) {
        record.failure = failure;
      } else {
        const response = await request.response().catch(() => null);
        if (response) {
          record.status = response.status();
          record.answer = await response.text().catch((e) => '<unreadable: ' + e.message + '>');
        }
      }
      record.done = true;
    };
    context.on('requestfinished', (request) => finish(request, null));
    context.on('requestfailed', (request) => finish(request, request.failure()?.errorText || 'failed'));
    return records;
  }

  // Wait until every tracked request has its answer (or failed), at most `timeout` ms.
  async settled(records, timeout = this.timeout) {
    const deadline = Date.now() + timeout;
    while (records.some((r) => !r.done)) {
      if (Date.now() > deadline) {
        throw new Error('requests still unanswered after ' + timeout + ' ms: ' +
                        records.filter((r) => !r.done).map((r) => r.method + ' ' + r.url).join(', '));
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return records;
  }

  report() {
    return { version: this.browser.version(), console: this.console, pageErrors: this.pageErrors,
             dialogs: this.dialogs, screenshots: this.screenshots };
  }
}

export async function runBrowserScript(main) {
  let browser = null;
  let session = null;
  let exitCode = 0;
  try {
    const params = await readStdin();
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS,
                                      timeout: params.launchTimeoutMs || 30000 });
    session = new Session(params, browser);
    const result = (await main(session)) || {};
    result.browser = session.report();
    out(JSON.stringify(result) + '\n');
  } catch (error) {
    exitCode = 1;
    console.error(error && error.stack ? error.stack : String(error));
    if (session) {
      for (const [i, page] of session.pages.entries()) {
        if (page.isClosed()) continue;
        const file = await session.screenshot(page, 'failure-' + i).catch(() => null);
        if (file) console.error('screenshot of ' + page.url() + ': ' + file);
      }
      console.error('browser: ' + JSON.stringify(session.report()));
    }
  } finally {
    if (browser) await browser.close().catch(() => {});
  }
  process.exit(exitCode);
}
