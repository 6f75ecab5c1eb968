// What the page says: sizes, durations, dates, and the server's Reason codes in words a person understands.

export function bytesText(n) {
  if (n === null || n === undefined || !Number.isFinite(n)) {
    return '';
  }
  // Binary multiples, as file managers mostly show them (512 MB is 536,870,912 bytes).
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

export function durationText(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) {
    return '';
  }
  if (seconds < 60) {
    return `${Math.max(1, Math.round(seconds))} s`;
  }
  if (seconds < 3600) {
    const m = Math.floor(seconds / 60);
    const s = Math.round(seconds % 60);
    return s ? `${m} min ${s} s` : `${m} min`;
  }
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds % 3600) / 60);
  return m ? `${h} h ${m} min` : `${h} h`;
}

export function dateTimeText(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso || '';
  }
  return date.toLocaleString(undefined, { dateStyle: 'long', timeStyle: 'short' });
}

// DICOM DA "YYYYMMDD" as a local date.
export function dicomDateText(value) {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value || '');
  if (!m) {
    return value || '';
  }
  const date = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return date.toLocaleDateString(undefined, { dateStyle: 'medium' });
}

export function plural(n, one, many = one + 's') {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

export const KIND_WORDS = { dicom: 'DICOM files', image: 'pictures (JPEG, PNG)', pdf: 'PDF documents',
                            video: 'videos (MP4)' };

// A link that cannot be used at all: {title, text}.
export function linkProblem(error, invite) {
  const minutes = error.retryAfter ? Math.ceil(error.retryAfter / 60) : null;
  switch (error.reason) {
    case 'missing-token':
      return { title: 'This link is incomplete',
               text: 'The page was opened without the secret part of its link (everything after “#”). Open the ' +
                     'complete link you received, for example by copying it again from the message.' };
    case 'unknown':
      return { title: 'This link is not valid',
               text: 'The server does not know this link. Check that you copied all of it, or ask the person ' +
                     'who sent it to you for a new one.' };
    case 'locked-out':
      return { title: 'Too many attempts',
               text: 'Too many invalid links were tried from your network, so this page is blocked for a while' +
                     (minutes ? ` (about ${plural(minutes, 'minute')}).` : '.') + ' Try again later.' };
    case 'expired':
      return { title: 'This link has expired',
               text: (invite && invite.ExpiresAt ? `It was valid until ${dateTimeText(invite.ExpiresAt)}. ` : '') +
                     'Ask the person who sent it to extend it or to send you a new one.' };
    case 'revoked':
      return { title: 'This link has been withdrawn',
               text: 'The person who sent it has revoked it: nothing more can be sent with it. Ask them if you ' +
                     'think this is a mistake.' };
    case 'exhausted':
      return { title: 'This link has reached its limit',
               text: 'It has received as many files, bytes or studies as it allows. Files already sent are safe; ' +
                     'ask the person who sent it for a new link to send more.' };
    case 'rate-limited':
      return { title: 'The server is busy',
               text: 'Too many requests in a short time. Wait a moment and reload the page.' };
    default:
      return { title: 'The server cannot be reached',
               text: `${error.message || 'No answer'}. Check your network connection and reload the page.` };
  }
}

// Why the server refused one file, in words (the server's own Error text is added when it has one).
export function refusalText(error, limits) {
  const detail = error.message && !/^the server answered/.test(error.message) ? ` (${error.message})` : '';
  switch (error.reason) {
    case 'too-large':
      return `Too large: this link accepts files up to ${bytesText(limits && limits.MaxFileBytes)}.`;
    case 'kind-not-allowed':
      return 'Type not allowed by this link.';
    case 'not-dicom':
      return `The server could not read it as DICOM${detail}.`;
    case 'refused-by-profile':
      return `Refused by the anonymization rules of this link${detail}.`;
    case 'no-stamp':
      return 'Refused by the server: it was not anonymized with this link’s settings. Reload the page and try again.';
    case 'exhausted':
      return 'Not sent: the link has reached its limit of files, bytes or studies.';
    case 'expired':
      return 'Not sent: the link has expired.';
    case 'revoked':
      return 'Not sent: the link has been withdrawn.';
    case 'unknown':
    case 'missing-token':
      return 'Not sent: the server no longer accepts this link.';
    case 'locked-out':
      return 'Not sent: too many invalid links were tried from your network.';
    case 'bad-request':
      return `Refused by the server${detail}.`;
    default:
      if (error.status === 0) {
        return `Not sent: ${error.message}; gave up after several attempts.`;
      }
      return `Refused by the server (${error.status})${detail}.`;
  }
}
