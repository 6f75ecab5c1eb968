// The engine in a (module) Web Worker: the page stays responsive while files are anonymized, and whatever
// happens in the engine stays in the worker. Started by ratatoskr-engine-client.mjs:
//   new Worker(new URL('./ratatoskr-engine-worker.mjs', import.meta.url), { type: 'module' })
// Messages in: { id, method, args }; out: { id, result } where result is the engine's answer (errors are
// values: { ok: false, error } or { status: 'failed', reason }). Output bytes are transferred, not copied.
// If the WebAssembly code traps (out of memory, a bug), the module is loaded again and the last profile
// files and configuration are applied again, so the next file is processed by a sound engine.
import { loadEngine } from './ratatoskr-engine.mjs';

let engine = null;
const setup = [];   // loadProfile and configure calls, in order: replayed on a fresh module

async function currentEngine() {
  if (!engine) {
    engine = await loadEngine();
    for (const [method, args] of setup) {
      engine[method](...args);
    }
  }
  return engine;
}

function transferables(result) {
  return result && result.bytes instanceof Uint8Array ? [result.bytes.buffer] : [];
}

const METHODS = new Set(['listProfiles', 'loadProfile', 'configure', 'anonymize', 'preview', 'summary', 'mask', 'wrap']);

self.onmessage = async ({ data }) => {
  const { id, method, args = [] } = data || {};
  let result;
  try {
    if (!METHODS.has(method)) {
      throw new Error(`unknown method "${method}"`);
    }
    const current = await currentEngine();
    result = current[method](...args);
    if ((method === 'configure' || method === 'loadProfile') && result.ok) {
      if (method === 'configure') {
        setup.splice(0, setup.length, ...setup.filter(([m]) => m !== 'configure'));
      }
      setup.push([method, args]);
    }
  } catch (error) {
    // A trap leaves the module in an unknown state: drop it (the next call loads a new one).
    if (error instanceof WebAssembly.RuntimeError) {
      engine = null;
    }
    const message = `the engine failed: ${error && error.message ? error.message : error}`;
    result = method === 'anonymize' ? { status: 'failed', reason: message } : { ok: false, error: message };
  }
  self.postMessage({ id, result }, transferables(result));
};
