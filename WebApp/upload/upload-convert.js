// Pictures, PDFs and videos become DICOM instances (Secondary Capture, Encapsulated PDF, Video Photographic) in
// the browser with the engine's `wrap` (README, "Pictures, PDFs and videos"): a picture is decoded here on a canvas,
// so only its pixels reach the engine (no EXIF, XMP or comment); the engine blanks a PDF's document information and
// XMP and an MP4's metadata boxes. The new instance is then anonymized like any DICOM file.
//
// They go to one study of the invite's own (StudySeed: the invite's ID), the same after a reload, so a file dropped
// again is recognized by the server's "have" check.

export function canConvert(pool) {
  return Boolean(pool && pool.offers('wrap'));
}

async function pixelsOf(file) {
  const bitmap = await createImageBitmap(file);
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d');
    context.drawImage(bitmap, 0, 0);
    const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
    return { pixels: data.buffer, width: bitmap.width, height: bitmap.height };
  } finally {
    bitmap.close();
  }
}

// -> { bytes } (a DICOM file), { unsupported: true } or { error: '<words>' }.
export async function convertToDicom(pool, entry, { studySeed } = {}) {
  if (!canConvert(pool)) {
    return { unsupported: true };
  }
  const context = studySeed ? { StudySeed: studySeed } : undefined;
  let request;
  try {
    request = entry.kind === 'image'
      ? { kind: 'image', ...(await pixelsOf(entry.file)), context }
      : { kind: entry.kind, bytes: await entry.file.arrayBuffer(), context };
  } catch (error) {
    return { error: `the picture could not be decoded (${error.message})` };
  }
  const answer = await pool.run('wrap', [request, { transfer: true }], 'high');
  if (answer && answer.ok && answer.bytes) {
    return { bytes: answer.bytes };
  }
  return { error: (answer && (answer.error || answer.reason)) || 'the engine could not convert it' };
}
