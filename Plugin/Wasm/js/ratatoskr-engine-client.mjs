// A page's handle on the engine running in a Web Worker (ratatoskr-engine-worker.mjs): the engine's methods
// (ratatoskr-engine.mjs), asynchronous, answering with the same values.
//
//   import { startEngineWorker } from '/ratatoskr/app/ratatoskr-engine-client.mjs';
//   const engine = startEngineWorker();
//   await engine.configure({ profile: 'teaching', secret });
//   const { status, bytes, report } = await engine.anonymize(await file.arrayBuffer(), { CaseId });
//
// Bytes given are copied to the worker (transfer: true in the last argument moves them instead: the caller's
// ArrayBuffer is then detached); bytes answered are moved to the page.
export function startEngineWorker(url = new URL('./ratatoskr-engine-worker.mjs', import.meta.url)) {
  const worker = new Worker(url, { type: 'module' });
  const pending = new Map();
  let next = 1;
  worker.onmessage = ({ data }) => {
    const resolve = pending.get(data.id);
    pending.delete(data.id);
    if (resolve) {
      resolve(data.result);
    }
  };
  worker.onerror = (event) => {   // the worker itself failed (e.g. its script did not load): every call answers
    for (const resolve of pending.values()) {
      resolve({ ok: false, status: 'failed', error: `the engine's worker failed: ${event.message}` });
    }
    pending.clear();
  };
  const call = (method, args, transfer = []) => new Promise((resolve) => {
    const id = next++;
    pending.set(id, resolve);
    worker.postMessage({ id, method, args }, transfer);
  });
  const moved = (data, options) => (options && options.transfer && data instanceof ArrayBuffer ? [data] : []);
  return {
    listProfiles: () => call('listProfiles', []),
    loadProfile: (json, origin) => call('loadProfile', [json, origin]),
    configure: (options) => call('configure', [options]),
    anonymize: (data, metadata = {}, options = {}) => {
      const { transfer, ...engineOptions } = options;
      return call('anonymize', [data, metadata, engineOptions], moved(data, options));
    },
    preview: (data, metadata = {}) => call('preview', [data, metadata]),
    summary: (data) => call('summary', [data]),
    mask: (data, rectangles) => call('mask', [data, rectangles]),
    // wrap(request, { transfer: true }) moves the ArrayBuffer of request.bytes / request.pixels to the worker.
    wrap: (request, options = {}) => {
      const data = request && (request.kind === 'image' ? request.pixels : request.bytes);
      const buffer = data instanceof ArrayBuffer ? data : (ArrayBuffer.isView(data) ? data.buffer : null);
      return call('wrap', [request], options.transfer && buffer ? [buffer] : []);
    },
    terminate: () => worker.terminate(),
  };
}
