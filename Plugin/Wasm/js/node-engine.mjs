// Loads the engine under Node.js: the .wasm next to this file, read from disk (emscripten's glue is built
// for browsers and workers only, so it neither fetches nor touches Node's modules).
import { readFileSync } from 'node:fs';
import { loadEngine } from './ratatoskr-engine.mjs';

export function loadEngineForNode() {
  const wasmBinary = readFileSync(new URL('./ratatoskr-engine-core.wasm', import.meta.url));
  return loadEngine({ wasmBinary });
}
