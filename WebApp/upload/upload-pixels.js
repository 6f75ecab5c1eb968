// The first frame of a DICOM file as an ImageData-like picture, for drawing masks on it (the engine has no
// renderer): uncompressed little endian (monochrome 8/16 bits with rescale and window, RGB 8 bits) and JPEG
// baseline (the browser decodes the first fragment). Anything else: null, and the mask dialog says so.
// Local only: the picture never leaves the page.

const IMPLICIT_LE = '1.2.840.10008.1.2';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const JPEG_BASELINE = '1.2.840.10008.1.2.4.50';
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const UNDEFINED = 0xffffffff;
const PIXEL_DATA = 0x7fe00010;
const ITEM = 0xfffee000;
const ITEM_END = 0xfffee00d;
const SEQUENCE_END = 0xfffee0dd;

class Reader {
  constructor(bytes) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  tag(pos) {
    return ((this.view.getUint16(pos, true) << 16) | this.view.getUint16(pos + 2, true)) >>> 0;
  }

  text(pos, length) {
    let s = '';
    for (let i = 0; i < length; i++) {
      s += String.fromCharCode(this.bytes[pos + i]);
    }
    return s;
  }

  // One element header at pos: {tag, vr, length, value (offset of the value)}.
  header(pos, explicit) {
    const tag = this.tag(pos);
    if ((tag >>> 16) === 0xfffe) {   // item and delimiters: always implicit
      return { tag, vr: '', length: this.view.getUint32(pos + 4, true), value: pos + 8 };
    }
    if (!explicit) {
      return { tag, vr: '', length: this.view.getUint32(pos + 4, true), value: pos + 8 };
    }
    const vr = this.text(pos + 4, 2);
    if (LONG_VRS.has(vr)) {
      return { tag, vr, length: this.view.getUint32(pos + 8, true), value: pos + 12 };
    }
    return { tag, vr, length: this.view.getUint16(pos + 6, true), value: pos + 8 };
  }

  // Past a sequence (or an undefined-length UN) whose items start at pos; returns the offset after its end.
  skipSequence(pos, explicit) {
    while (pos + 8 <= this.bytes.length) {
      const h = this.header(pos, false);
      if (h.tag === SEQUENCE_END) {
        return h.value;
      }
      if (h.tag !== ITEM) {
        throw new Error('malformed sequence');
      }
      pos = h.length === UNDEFINED ? this.skipDataset(h.value, explicit, ITEM_END) : h.value + h.length;
    }
    throw new Error('truncated sequence');
  }

  // Past the elements of an item up to its delimiter.
  skipDataset(pos, explicit, end) {
    while (pos + 8 <= this.bytes.length) {
      const h = this.header(pos, explicit);
      if (h.tag === end) {
        return h.value;
      }
      if (h.length === UNDEFINED) {
        pos = this.skipSequence(h.value, explicit && h.vr !== 'UN');
      } else {
        pos = h.value + h.length;
      }
    }
    throw new Error('truncated item');
  }
}

function numberOf(reader, h) {
  if (h.vr === 'US' || (h.vr === '' && h.length === 2)) {
    return reader.view.getUint16(h.value, true);
  }
  const text = reader.text(h.value, h.length).split('\\')[0].trim();
  return text === '' ? null : Number(text);
}

// The attributes needed to draw the first frame, and where its pixels are.
export function parseImage(data) {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  const r = new Reader(bytes);
  let pos = 0;
  let syntax = IMPLICIT_LE;
  if (bytes.length > 132 && r.text(128, 4) === 'DICM') {
    pos = 132;
    while (pos + 8 <= bytes.length && (r.tag(pos) >>> 16) === 0x0002) {
      const h = r.header(pos, true);
      if (h.tag === 0x00020010) {
        syntax = r.text(h.value, h.length).replace(/[\0 ]+$/, '');
      }
      pos = h.value + h.length;
    }
  }
  if (syntax !== IMPLICIT_LE && syntax !== EXPLICIT_LE && syntax !== JPEG_BASELINE) {
    return { unsupported: `pictures encoded as ${syntax}` };
  }
  const explicit = syntax !== IMPLICIT_LE;
  const image = { syntax, rows: 0, columns: 0, samples: 1, bitsAllocated: 8, signed: false,
                  photometric: 'MONOCHROME2', planar: 0, slope: 1, intercept: 0, center: null, width: null,
                  frames: 1 };
  const numbers = { 0x00280002: 'samples', 0x00280010: 'rows', 0x00280011: 'columns', 0x00280100: 'bitsAllocated',
                    0x00280006: 'planar', 0x00281050: 'center', 0x00281051: 'width', 0x00281053: 'slope',
                    0x00281052: 'intercept', 0x00280008: 'frames' };
  while (pos + 8 <= bytes.length) {
    const h = r.header(pos, explicit);
    if (h.tag === PIXEL_DATA) {
      if (h.length === UNDEFINED) {
        image.fragments = fragmentsOf(r, h.value);
      } else {
        image.pixels = { offset: h.value, length: Math.min(h.length, bytes.length - h.value) };
      }
      image.bytes = bytes;
      return image;
    }
    if (numbers[h.tag] && h.length !== UNDEFINED) {
      const value = numberOf(r, h);
      if (value !== null && Number.isFinite(value)) {
        image[numbers[h.tag]] = value;
      }
    } else if (h.tag === 0x00280103 && h.length === 2) {
      image.signed = r.view.getUint16(h.value, true) === 1;
    } else if (h.tag === 0x00280004) {
      image.photometric = r.text(h.value, h.length).trim();
    }
    pos = h.length === UNDEFINED ? r.skipSequence(h.value, explicit && h.vr !== 'UN') : h.value + h.length;
  }
  return { unsupported: 'a file without pixel data' };
}

// The fragments of the first frame of encapsulated pixel data (after the basic offset table).
function fragmentsOf(r, pos) {
  const fragments = [];
  let first = true;
  let dataStart = 0;   // the basic offset table counts from the first fragment's item tag
  const offsets = [];
  while (pos + 8 <= r.bytes.length) {
    const h = r.header(pos, false);
    if (h.tag === SEQUENCE_END || h.tag !== ITEM) {
      break;
    }
    if (first) {
      for (let i = 0; i + 4 <= h.length; i += 4) {
        offsets.push(r.view.getUint32(h.value + i, true));
      }
      first = false;
      dataStart = h.value + h.length;
    } else {
      const relative = pos - dataStart;
      if (fragments.length > 0 && (offsets.length > 1 ? relative >= offsets[1] : true)) {
        break;   // the second frame begins (without a table: one fragment per frame)
      }
      fragments.push(r.bytes.subarray(h.value, h.value + h.length));
    }
    pos = h.value + h.length;
  }
  return fragments;
}

function windowed(values, image) {
  let low;
  let high;
  if (image.center !== null && image.width !== null && image.width > 0) {
    low = image.center - image.width / 2;
    high = image.center + image.width / 2;
  } else {
    low = Infinity;
    high = -Infinity;
    for (const v of values) {
      if (v < low) low = v;
      if (v > high) high = v;
    }
  }
  const range = high - low || 1;
  return (v) => Math.max(0, Math.min(255, Math.round(((v - low) / range) * 255)));
}

// Draws the first frame on `canvas` (sized to the image); resolves with null, or with the reason it cannot.
export async function drawFirstFrame(data, canvas) {
  let image;
  try {
    image = parseImage(data);
  } catch (error) {
    return `the file could not be read for display (${error.message})`;
  }
  if (image.unsupported) {
    return `this page cannot display ${image.unsupported}`;
  }
  const { rows, columns } = image;
  if (!rows || !columns) {
    return 'the file has no image size';
  }
  canvas.width = columns;
  canvas.height = rows;
  const context = canvas.getContext('2d');
  if (image.fragments) {
    if (image.fragments.length === 0) {
      return 'the file has no picture';
    }
    try {
      const bitmap = await createImageBitmap(new Blob(image.fragments, { type: 'image/jpeg' }));
      context.drawImage(bitmap, 0, 0, columns, rows);
      bitmap.close();
      return null;
    } catch {
      return 'the browser cannot decode this JPEG picture';
    }
  }
  const { bytes, pixels } = image;
  const count = rows * columns;
  const out = context.createImageData(columns, rows);
  const rgba = out.data;
  if (image.samples === 3 && image.bitsAllocated === 8 && image.photometric === 'RGB') {
    if (pixels.length < count * 3) {
      return 'the picture is truncated';
    }
    for (let i = 0; i < count; i++) {
      const at = pixels.offset;
      rgba[i * 4] = image.planar ? bytes[at + i] : bytes[at + i * 3];
      rgba[i * 4 + 1] = image.planar ? bytes[at + count + i] : bytes[at + i * 3 + 1];
      rgba[i * 4 + 2] = image.planar ? bytes[at + 2 * count + i] : bytes[at + i * 3 + 2];
      rgba[i * 4 + 3] = 255;
    }
  } else if (image.samples === 1 && /^MONOCHROME[12]$/.test(image.photometric) &&
             (image.bitsAllocated === 8 || image.bitsAllocated === 16)) {
    const size = image.bitsAllocated / 8;
    if (pixels.length < count * size) {
      return 'the picture is truncated';
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset + pixels.offset, count * size);
    const values = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const raw = size === 1 ? (image.signed ? view.getInt8(i) : view.getUint8(i))
        : (image.signed ? view.getInt16(i * 2, true) : view.getUint16(i * 2, true));
      values[i] = raw * image.slope + image.intercept;
    }
    const grey = windowed(values, image);
    const invert = image.photometric === 'MONOCHROME1';
    for (let i = 0; i < count; i++) {
      const g = invert ? 255 - grey(values[i]) : grey(values[i]);
      rgba[i * 4] = g;
      rgba[i * 4 + 1] = g;
      rgba[i * 4 + 2] = g;
      rgba[i * 4 + 3] = 255;
    }
  } else {
    return `this page cannot display ${image.photometric} pictures of ${image.bitsAllocated} bits`;
  }
  context.putImageData(out, 0, 0);
  return null;
}
