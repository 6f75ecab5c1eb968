// The Ratatoskr engine (Plugin/Core compiled to WebAssembly) for Web Workers, pages and Node.js: the same
// profiles, PS3.15 table, pseudonyms and leak check as the plugin and ratatoskr-anonymize, which it matches
// byte for byte. README.md, "The engine in WebAssembly", documents this API.
//
//   import { loadEngine } from './ratatoskr-engine.mjs';
//   const engine = await loadEngine();                      // browser: fetches ratatoskr-engine-core.wasm
//   const engine = await loadEngine({ wasmBinary: bytes }); // Node.js: give the .wasm's bytes
//   engine.configure({ profile: 'teaching', secret });      // -> { ok, profile: {name, version, hash}, keyId }
//   const result = engine.anonymize(uint8Array, { CaseId: 'C-042' });
//   // -> { status: 'anonymized' | 'failed' | 'skipped', reason?, bytes?, report?, inputBytes, outputBytes }
//
// Errors are values ({ ok: false, error } or { status: 'failed', reason }), never exceptions of the engine.
// One file at a time: its bytes are copied into the wasm heap, processed, and released before the answer;
// the heap grows on need up to 4 GB and never shrinks (README: which file sizes work).
import createRatatoskrEngineModule from './ratatoskr-engine-core.mjs';

// The engine's JSON uses Orthanc's CamelCase keys; JavaScript callers get camelCase ones.
function camel(value) {
  if (Array.isArray(value)) {
    return value.map(camel);
  }
  if (value !== null && typeof value === 'object') {
    const result = {};
    for (const [key, inner] of Object.entries(value)) {
      result[key.charAt(0).toLowerCase() + key.slice(1)] = camel(inner);
    }
    return result;
  }
  return value;
}

function lowerFirst(text) {
  return text ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

function asBytes(data) {
  if (data instanceof Uint8Array) {
    return data;
  }
  if (data instanceof ArrayBuffer) {
    return new Uint8Array(data);
  }
  if (ArrayBuffer.isView(data)) {
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
  throw new TypeError('expected a Uint8Array, an ArrayBuffer or a typed array view');
}

function concatenate(chunks, size) {
  if (chunks.length === 1) {
    return chunks[0];
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (let i = 0; i < chunks.length; i++) {
    bytes.set(chunks[i], offset);
    offset += chunks[i].length;
    chunks[i] = null;   // each chunk can go once copied
  }
  return bytes;
}

export class RatatoskrEngine {
  constructor(module) {
    this.module = module;
    this.engine = new module.Engine();
  }

  get version() {
    return this.module.version();
  }

  // Names of the built-in profiles and of those loaded with loadProfile().
  listProfiles() {
    return JSON.parse(this.engine.listProfiles()).Profiles;
  }

  // A profile file's text (JSON), or a resolved profile exactly as the plugin serves it (GET
  // /ratatoskr/profiles/{name}: it then runs as on the server, or is refused when this engine resolves it to
  // anything else); `origin` names it in errors. -> { ok, name, resolved } or { ok: false, error }
  loadProfile(json, origin = 'profile') {
    return camel(JSON.parse(this.engine.loadProfile(json, origin)));
  }

  // The profile (a name from listProfiles()) and the key: `secret` (a string), or `keyFile` (a key file's
  // bytes, read by the plugin's and the CLI's rule: the first line, trimmed). uidRoot: default 2.25.
  // -> { ok, profile: { name, version, hash }, keyId } or { ok: false, error, kind: 'profile'|'secret'|'uidRoot' }
  configure({ profile, secret, keyFile, uidRoot = '' }) {
    const answer = camel(JSON.parse(keyFile !== undefined
      ? this.engine.configureWithKeyFile(profile, asBytes(keyFile), uidRoot)
      : this.engine.configure(profile, secret, uidRoot)));
    if (answer.kind) {
      answer.kind = lowerFirst(answer.kind);
    }
    return answer;
  }

  // One DICOM file. `metadata`: the profile's placeholders ({CaseId}...). Options: failOnLeak (true),
  // explicitlyNamed (true: a file that is not DICOM fails; false: it is skipped, as inside a folder), onChunk
  // (a function given the output piece by piece instead of `bytes`: each view is valid during the call only,
  // and the pieces are a complete file only when the status is 'anonymized').
  anonymize(data, metadata = {}, { failOnLeak = true, explicitlyNamed = true, onChunk } = {}) {
    const bytes = asBytes(data);
    this.engine.input(bytes.length).set(bytes);   // one copy, straight into the wasm heap
    const chunks = [];
    const sink = onChunk || ((view) => chunks.push(view.slice()));   // out of the heap as they come
    const answer = camel(JSON.parse(this.engine.anonymize(JSON.stringify(metadata), failOnLeak, explicitlyNamed,
      sink)));
    answer.status = lowerFirst(answer.status);
    if (answer.stage) {
      answer.stage = lowerFirst(answer.stage);
    }
    if (answer.status === 'anonymized' && !onChunk) {
      answer.bytes = concatenate(chunks, answer.outputBytes);
    }
    return answer;
  }

  // What each attribute would become: { ok, attributes: [{path, tag, keyword, action, rule, before, after}] }
  // (before holds original values: show them only to the person who owns the file) or { ok: false, error }.
  preview(data, metadata = {}) {
    const bytes = asBytes(data);
    this.engine.input(bytes.length).set(bytes);
    return camel(JSON.parse(this.engine.preview(JSON.stringify(metadata))));
  }

  // What the file is, for a page's tree (no profile nor key needed): { ok, size, summary: { studyInstanceUid,
  // seriesInstanceUid, sopInstanceUid, sopClassUid, modality, patientName, patientId, studyDate,
  // studyDescription, seriesDescription, seriesNumber, instanceNumber, burnedInAnnotation, rows, columns,
  // numberOfFrames, transferSyntaxUid } } or { ok: false, error }. Original values: for the file's owner only.
  summary(data) {
    const bytes = asBytes(data);
    this.engine.input(bytes.length).set(bytes);
    return camel(JSON.parse(this.engine.summary()));
  }

  // The file with rectangles [{ x, y, width, height }] of its pixel data set to 0 in every frame, nothing else
  // changed: { ok, bytes, outputBytes } or { ok: false, error }. The Burned In Annotation flag stays: whether
  // the file may then be anonymized is the profile's BurnedInAnnotation policy.
  mask(data, rectangles) {
    const bytes = asBytes(data);
    const regions = (rectangles || []).map((r) => ({ X: r.x, Y: r.y, Width: r.width, Height: r.height }));
    this.engine.input(bytes.length).set(bytes);
    const chunks = [];
    const answer = camel(JSON.parse(this.engine.mask(JSON.stringify(regions), (view) => chunks.push(view.slice()))));
    if (answer.ok) {
      answer.bytes = concatenate(chunks, answer.outputBytes);
    }
    return answer;
  }

  // A collaborator's picture, PDF or MP4 as a DICOM instance, for anonymize() next (which then pseudonymizes its
  // patient and study as those of the rest of the case). What the container carries about itself is removed in
  // the engine (PDF: document information, XMP, identifiers; MP4: metadata boxes, times); a picture arrives as
  // pixels already (decoded on a canvas: no EXIF, XMP nor comments).
  //   { kind: 'image', pixels, width, height }   RGBA pixels, 8 bits each (a canvas's getImageData().data)
  //   { kind: 'pdf' | 'video', bytes }           the file
  // context: where the instance goes. The bytes of a DICOM file of the same drop (Uint8Array or ArrayBuffer:
  // its patient and study, original values, byte for byte; the smaller the file, the cheaper), or an object of
  // DICOM keywords (PatientName, PatientID, IssuerOfPatientID, PatientBirthDate, PatientSex, StudyInstanceUID,
  // StudyDate, StudyTime, AccessionNumber, StudyID, ReferringPhysicianName, StudyDescription, SpecificCharacterSet)
  // and StudySeed, SeriesNumber, InstanceNumber (strings); without StudyInstanceUID, a new study (files given the
  // same StudySeed share it). seriesNumber, instanceNumber: shortcuts for those keys.
  // -> { ok, bytes, outputBytes, studyInstanceUid, seriesInstanceUid, sopInstanceUid, removed: [words] }
  //  | { ok: false, error }
  wrap({ kind, bytes, pixels, width, height, context, seriesNumber, instanceNumber } = {}) {
    let contextDicom = new Uint8Array(0);
    let contextObject = null;
    if (context instanceof ArrayBuffer || ArrayBuffer.isView(context)) {
      contextDicom = asBytes(context);
    } else if (context !== undefined && context !== null) {
      contextObject = { ...context };
    }
    for (const [key, value] of [['SeriesNumber', seriesNumber], ['InstanceNumber', instanceNumber]]) {
      if (value !== undefined) {
        contextObject = { ...(contextObject || {}), [key]: String(value) };
      }
    }
    if (contextObject && contextDicom.length > 0) {
      return { ok: false, error: 'give the context as the bytes of a DICOM file or as an object, not both' };
    }
    let data;
    try {
      data = asBytes(kind === 'image' ? pixels : bytes);
    } catch (error) {
      return { ok: false, error: kind === 'image' ? 'a picture needs its pixels (RGBA)' : 'the file\'s bytes are missing' };
    }
    const options = { Context: contextObject };
    if (kind === 'image') {
      options.Width = width;
      options.Height = height;
    }
    this.engine.input(data.length).set(data);
    const chunks = [];
    const answer = camel(JSON.parse(this.engine.wrap(String(kind), JSON.stringify(options), contextDicom,
      (view) => chunks.push(view.slice()))));
    if (answer.ok) {
      answer.bytes = concatenate(chunks, answer.outputBytes);
    }
    return answer;
  }

  // Frees the engine (the module's memory stays with the module).
  dispose() {
    this.engine.delete();
    this.engine = null;
  }
}

// Loads the module. Options: wasmBinary (the .wasm's bytes; needed under Node.js), or wasmUrl (where the
// browser fetches it; default: next to this file).
export async function loadEngine({ wasmBinary, wasmUrl } = {}) {
  const options = {};
  if (wasmBinary) {
    options.wasmBinary = wasmBinary;
  } else if (wasmUrl) {
    options.locateFile = () => String(wasmUrl);
  }
  const module = await createRatatoskrEngineModule(options);
  return new RatatoskrEngine(module);
}
