// The engine compiled to WebAssembly in a Web Worker of a page (issue 11): the page, on the plugin's origin
// behind Orthanc's authentication, starts the worker with ratatoskr-engine-client.mjs, configures it and sends it
// files; every answer comes back as a value.
//
// params: orthanc {url, username, password}; profile, secret, metadata;
//         files: [{name, base64}] to summarize and anonymize; mask: {base64, rectangles} (optional)
// result: {profiles, configured, results: [{name, summary, status, reason, report, base64}], masked, worker}
import { runBrowserScript } from './lib.mjs';

runBrowserScript(async (session) => {
  const p = session.params;
  const context = await session.newContext({ login: p.orthanc });
  const page = await session.newPage(context);
  const requests = session.trackRequests(context, p.orthanc.url + '/ratatoskr/app/');
  await page.goto(p.orthanc.url + '/ratatoskr/app/admin.html');
  const result = await page.evaluate(async (p) => {
    const toBytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const toBase64 = (bytes) => {
      let text = '';
      for (let i = 0; i < bytes.length; i += 0x8000) {
        text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      }
      return btoa(text);
    };
    const { startEngineWorker } = await import('/ratatoskr/app/ratatoskr-engine-client.mjs');
    const engine = startEngineWorker();
    const profiles = await engine.listProfiles();
    const configured = await engine.configure({ profile: p.profile, secret: p.secret });
    const results = [];
    for (const file of p.files) {
      const bytes = toBytes(file.base64);
      const summary = await engine.summary(bytes);
      const answer = await engine.anonymize(bytes.buffer, p.metadata, { transfer: true });
      results.push({ name: file.name, summary, status: answer.status, reason: answer.reason, report: answer.report,
                     base64: answer.bytes ? toBase64(answer.bytes) : null, callerBufferDetached: bytes.byteLength === 0 });
    }
    let masked = null;
    if (p.mask) {
      const answer = await engine.mask(toBytes(p.mask.base64), p.mask.rectangles);
      masked = { ok: answer.ok, error: answer.error, base64: answer.bytes ? toBase64(answer.bytes) : null };
    }
    const unknown = await engine.configure({ profile: 'no-such-profile', secret: p.secret });
    engine.terminate();
    return { profiles, configured, results, masked, unknown };
  }, p);
  await session.settled(requests);
  result.served = requests.map((r) => ({ url: r.url.slice(p.orthanc.url.length), status: r.status,
                                         type: (r.responseHeaders && r.responseHeaders['content-type']) || '' }));
  return result;
});
