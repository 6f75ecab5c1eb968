// The public invite API (brief: "Public listener HTTP API"): the link's token, JSON calls and the upload of one
// instance with its progress, retried by itself on network errors, 5xx and 429 (Retry-After respected), never on
// a refusal (4xx), which comes back as an ApiError with the server's Reason.

const STORAGE_KEY = 'ratatoskr-invite-token';
const TOKEN_PATTERN = /^inv_[0-9a-f]+\.[A-Za-z0-9_-]+$/;   // "<ID>.<secret>" (brief: Vocabulary)

// The token of the invite link ("#<token>"), then removed from the address bar (so it stays out of the history,
// bookmarks and screenshots) and kept in sessionStorage (a reload of this tab still works, another tab does not).
export function takeToken() {
  let fromHash = location.hash.replace(/^#/, '');
  try {
    fromHash = decodeURIComponent(fromHash).trim();
  } catch {
    fromHash = fromHash.trim();   // a broken escape: the pattern below refuses it
  }
  if (fromHash) {
    history.replaceState(null, '', location.pathname + location.search);
    if (TOKEN_PATTERN.test(fromHash)) {
      sessionStorage.setItem(STORAGE_KEY, fromHash);
      return fromHash;
    }
    sessionStorage.removeItem(STORAGE_KEY);
    return { malformed: true };
  }
  return sessionStorage.getItem(STORAGE_KEY);
}

export class ApiError extends Error {
  constructor(status, reason, message, retryAfter) {
    super(message || `the server answered ${status}`);
    this.status = status;         // 0: no answer (network)
    this.reason = reason || '';   // the brief's Reason codes
    this.retryAfter = retryAfter; // seconds, or null
  }

  // Worth trying again later by itself: no answer, the server's own trouble, or "slow down".
  get transient() {
    return this.status === 0 || this.status >= 500 || (this.status === 429 && this.reason !== 'locked-out');
  }

  // The link itself can no longer be used: no other file can go either.
  get fatal() {
    return ['missing-token', 'unknown', 'locked-out', 'expired', 'revoked', 'exhausted'].includes(this.reason);
  }
}

function retryAfterSeconds(value) {
  if (!value) {
    return null;
  }
  const seconds = Number(value);
  if (Number.isFinite(seconds)) {
    return Math.max(0, seconds);
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, (date - Date.now()) / 1000);
}

function errorFrom(status, text, retryAfter) {
  let body = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  const reason = body && typeof body.Reason === 'string' ? body.Reason : '';
  const message = body && typeof body.Error === 'string' ? body.Error : '';
  return new ApiError(status, reason, message, retryAfterSeconds(retryAfter));
}

// Waits `ms` or until `signal` aborts (then rejects with an AbortError).
export function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal && signal.aborted) {
      reject(new DOMException('cancelled', 'AbortError'));
      return;
    }
    const timer = setTimeout(resolve, ms);
    if (signal) {
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(new DOMException('cancelled', 'AbortError'));
      }, { once: true });
    }
  });
}

export const RETRY_DELAYS_S = [1, 2, 4, 8, 15, 30, 30, 60];

// Runs `attempt()` again after a transient failure, waiting the server's Retry-After or the next backoff delay
// (with jitter); onRetry(error, seconds) says so to the person. Refusals and aborts go through at once.
export async function withRetries(attempt, { signal, onRetry } = {}) {
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof ApiError) || !error.transient || tries >= RETRY_DELAYS_S.length) {
        throw error;
      }
      const base = error.retryAfter !== null && error.retryAfter !== undefined ? error.retryAfter
        : RETRY_DELAYS_S[tries] * (0.8 + Math.random() * 0.4);
      if (onRetry) {
        onRetry(error, Math.ceil(base));
      }
      await sleep(base * 1000, signal);
    }
  }
}

export class InviteApi {
  constructor(token) {
    this.token = token;
  }

  async request(method, path, body, signal) {
    let response;
    try {
      response = await fetch(path, {
        method, signal, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer',
        headers: body === undefined ? { 'X-Invite-Token': this.token }
          : { 'X-Invite-Token': this.token, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      if (error && error.name === 'AbortError') {
        throw error;
      }
      throw new ApiError(0, '', 'no answer from the server');
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      throw errorFrom(response.status, text, response.headers.get('Retry-After'));
    }
    try {
      return JSON.parse(text);
    } catch {
      throw new ApiError(response.status, 'bad-answer', 'the server gave an answer this page cannot read');
    }
  }

  invite(options) {
    return withRetries(() => this.request('GET', '/api/invite', undefined, options && options.signal), options);
  }

  engine(options) {
    return withRetries(() => this.request('GET', '/api/invite/engine', undefined, options && options.signal),
      options);
  }

  // The SOP Instance UIDs (as this page's engine wrote them) the server already has for this invite.
  async have(uids, options) {
    const answer = await withRetries(() => this.request('POST', '/api/invite/have', { SOPInstanceUIDs: uids },
      options && options.signal), options);
    return new Set(Array.isArray(answer.Have) ? answer.Have : []);
  }

  finish(options) {
    return withRetries(() => this.request('POST', '/api/invite/finish', {}, options && options.signal), options);
  }

  // One anonymized instance; onProgress(bytesSent) while it goes. Resolves with the server's answer
  // ({SOPInstanceUID, Status, Upload}); rejects with an ApiError, or an AbortError when `signal` aborts.
  // `kind`: what the instance was made from (X-Upload-Kind: dicom, or image/pdf/video once converted).
  sendInstance(bytes, { signal, onProgress, kind = 'dicom' } = {}) {
    return new Promise((resolve, reject) => {
      if (signal && signal.aborted) {
        reject(new DOMException('cancelled', 'AbortError'));
        return;
      }
      const xhr = new XMLHttpRequest();
      const abort = () => xhr.abort();
      xhr.open('POST', '/api/invite/instances');
      xhr.setRequestHeader('X-Invite-Token', this.token);
      xhr.setRequestHeader('Content-Type', 'application/dicom');
      xhr.setRequestHeader('X-Upload-Kind', kind);
      xhr.upload.onprogress = (event) => {
        if (onProgress) {
          onProgress(event.loaded);
        }
      };
      xhr.onload = () => {
        if (signal) {
          signal.removeEventListener('abort', abort);
        }
        if (xhr.status >= 200 && xhr.status < 300) {
          try {
            resolve(JSON.parse(xhr.responseText));
          } catch {
            resolve({});
          }
        } else {
          reject(errorFrom(xhr.status, xhr.responseText, xhr.getResponseHeader('Retry-After')));
        }
      };
      xhr.onerror = () => reject(new ApiError(0, '', 'the connection to the server was interrupted'));
      xhr.ontimeout = () => reject(new ApiError(0, '', 'the server did not answer in time'));
      xhr.onabort = () => reject(new DOMException('cancelled', 'AbortError'));
      if (signal) {
        signal.addEventListener('abort', abort, { once: true });
      }
      xhr.send(bytes);
    });
  }
}
