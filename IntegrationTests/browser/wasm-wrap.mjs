// wrap() in the engine's Web Worker, the way the upload page uses it: a JPEG decoded by the browser on a canvas
// (createImageBitmap + OffscreenCanvas getImageData: only pixels come out), a PDF as bytes, each made a DICOM
// instance in the study of a DICOM file of the drop and then anonymized by the same worker.
//
// params: orthanc {url, username, password}; profile, secret, metadata; dicom, jpeg, pdf (base64)
// result: {configured, size: [width, height], results: {image, pdf, refused: {wrapped, status, reason, base64}}}
import { runBrowserScript } from './lib.mjs';

runBrowserScript(async (session) => {
  const p = session.params;
  const context = await session.newContext({ login: p.orthanc });
  const page = await session.newPage(context);
  await page.goto(p.orthanc.url + '/ratatoskr/app/admin.html');
  return page.evaluate(async (p) => {
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
    const configured = await engine.configure({ profile: p.profile, secret: p.secret });
    const bitmap = await createImageBitmap(new Blob([toBytes(p.jpeg)], { type: 'image/jpeg' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const graphics = canvas.getContext('2d');
    graphics.drawImage(bitmap, 0, 0);
    const image = graphics.getImageData(0, 0, bitmap.width, bitmap.height);
    const results = {};
    const wrapAndAnonymize = async (name, request) => {
      const wrapped = await engine.wrap(request, { transfer: true });
      const result = { wrapped: { ...wrapped, bytes: undefined } };
      if (wrapped.ok) {
        const anonymized = await engine.anonymize(wrapped.bytes, p.metadata);
        Object.assign(result, { status: anonymized.status, reason: anonymized.reason,
                                base64: anonymized.bytes ? toBase64(anonymized.bytes) : null });
      }
      results[name] = result;
    };
    const dicom = toBytes(p.dicom);
    await wrapAndAnonymize('image', { kind: 'image', pixels: image.data, width: image.width, height: image.height,
                                      context: dicom });
    await wrapAndAnonymize('pdf', { kind: 'pdf', bytes: toBytes(p.pdf).buffer, context: dicom });
    await wrapAndAnonymize('refused', { kind: 'pdf', bytes: toBytes(p.jpeg), context: { StudySeed: 'drop' } });
    engine.terminate();
    return { configured, size: [image.width, image.height], results };
  }, p);
});
