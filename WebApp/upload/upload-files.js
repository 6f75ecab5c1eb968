// Files the person gives the page: dropped (files and whole folders, walked with webkitGetAsEntry) or picked, and
// what kind each is by its first bytes. Only File handles are kept: a file's bytes are read when its turn comes.

// What operating systems leave in folders: not the person's files.
const IGNORED = /^(\.DS_Store|Thumbs\.db|desktop\.ini|\._.*)$/i;
const IGNORED_FOLDERS = /^(__MACOSX|\.Trashes|\.Spotlight-V100|\.fseventsd)$/;

function readEntries(reader) {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

function fileOf(entry) {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

async function walk(entry, found, problems) {
  if (entry.isFile) {
    if (IGNORED.test(entry.name)) {
      return;
    }
    try {
      found.push({ file: await fileOf(entry), path: entry.fullPath.replace(/^\//, '') });
    } catch (error) {
      problems.push(`${entry.fullPath}: ${error.message || 'could not be read'}`);
    }
  } else if (entry.isDirectory) {
    if (IGNORED_FOLDERS.test(entry.name)) {
      return;
    }
    const reader = entry.createReader();
    // readEntries answers in pieces (100 at a time in Chromium) until an empty one.
    for (;;) {
      let entries;
      try {
        entries = await readEntries(reader);
      } catch (error) {
        problems.push(`${entry.fullPath}: ${error.message || 'could not be read'}`);
        return;
      }
      if (entries.length === 0) {
        return;
      }
      for (const inner of entries) {
        await walk(inner, found, problems);
      }
    }
  }
}

// Must be called during the drop event (the entries are only available then); resolves with
// {files: [{file, path}], problems: [text]}.
export function filesFromDrop(dataTransfer) {
  const entries = [];
  const plain = [];
  for (const item of Array.from(dataTransfer.items || [])) {
    if (item.kind !== 'file') {
      continue;
    }
    const entry = item.webkitGetAsEntry ? item.webkitGetAsEntry() : null;
    if (entry) {
      entries.push(entry);
    } else {
      const file = item.getAsFile();
      if (file) {
        plain.push({ file, path: file.name });
      }
    }
  }
  if (entries.length === 0 && plain.length === 0) {
    for (const file of Array.from(dataTransfer.files || [])) {
      plain.push({ file, path: file.name });
    }
  }
  return (async () => {
    const found = [...plain];
    const problems = [];
    for (const entry of entries) {
      await walk(entry, found, problems);
    }
    return { files: found, problems };
  })();
}

export function filesFromInput(input) {
  return Array.from(input.files || [])
    .filter((file) => !IGNORED.test(file.name))
    .map((file) => ({ file, path: file.webkitRelativePath || file.name }));
}

function startsWith(bytes, signature, offset = 0) {
  if (bytes.length < offset + signature.length) {
    return false;
  }
  return signature.every((value, i) => bytes[offset + i] === value);
}

const ascii = (text) => Array.from(text, (c) => c.charCodeAt(0));

// 'dicom' (Part 10 preamble), 'image' (JPEG, PNG), 'pdf', 'video' (MP4 family), 'dicomdir', or 'unknown'
// (perhaps a DICOM data set without preamble: the engine decides), from the first bytes and the name.
export async function sniffKind(file) {
  const bytes = new Uint8Array(await file.slice(0, 132).arrayBuffer());
  if (startsWith(bytes, ascii('DICM'), 128)) {
    return /^DICOMDIR$/i.test(file.name) ? 'dicomdir' : 'dicom';
  }
  if (startsWith(bytes, [0xff, 0xd8, 0xff]) || startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return 'image';
  }
  if (startsWith(bytes, ascii('%PDF-'))) {
    return 'pdf';
  }
  if (startsWith(bytes, ascii('ftyp'), 4)) {
    return 'video';
  }
  return 'unknown';
}

export const KIND_LABELS = { dicom: 'DICOM', image: 'Picture', pdf: 'PDF document', video: 'Video' };
