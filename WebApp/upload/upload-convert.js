// Pictures, PDFs and videos become DICOM instances (Secondary Capture, Encapsulated PDF, Video Photographic) in
// the browser, their containers' own metadata (EXIF, XMP, document information, MP4 metadata boxes) removed:
// the engine's `wrap` does that. Until the engine offers it, such files are listed as "not supported yet".
//
// Assumed call (the engine's wrap is being written elsewhere): engine.wrap(bytes, {kind, fileName, mimeType,
// studyInstanceUid}) -> { ok, bytes } | { ok: false, error }; its output is then anonymized like any DICOM file,
// which gives it the case's pseudonymized patient and study attributes.

export function canConvert(pool) {
  return Boolean(pool && pool.offers('wrap'));
}

// -> { bytes } (a DICOM file), { unsupported: true } or { error: '<words>' }.
export async function convertToDicom(pool, entry, { studyInstanceUid } = {}) {
  if (!canConvert(pool)) {
    return { unsupported: true };
  }
  const bytes = await entry.file.arrayBuffer();
  const answer = await pool.run('wrap', [bytes, { kind: entry.kind, fileName: entry.file.name,
                                                  mimeType: entry.file.type, studyInstanceUid }], 'high');
  if (answer && answer.ok && answer.bytes) {
    return { bytes: answer.bytes };
  }
  return { error: (answer && (answer.error || answer.reason)) || 'the engine could not convert it' };
}
