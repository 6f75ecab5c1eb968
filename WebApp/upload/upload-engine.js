// The engine (Plugin/Core compiled to WebAssembly) in a few Web Workers, configured with what
// GET /api/invite/engine serves: the invite's resolved profile, its own key and the UID root. Calls wait for a free
// worker; 'high' calls (sending) go before 'low' ones (describing files for the tree).

export class EngineError extends Error {}

const ENGINE_DIR = new URL('./engine/', import.meta.url);
const START_TIMEOUT_MS = 90000;   // a worker whose script failed answers nothing more: do not wait for ever

function withTimeout(promise, ms, words) {
  let timer;
  return Promise.race([promise, new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new EngineError(words)), ms);
  })]).finally(() => clearTimeout(timer));
}

async function configureOne(engine, served) {
  const profile = served.Profile;
  const profileName = profile && typeof profile === 'object' ? profile.Name : profile;
  const options = { secret: served.Secret, uidRoot: served.UidRoot || '' };
  const attempts = [];
  // The served document is the resolved profile: loaded as a profile of its own, then chosen by its name.
  if (profile && typeof profile === 'object') {
    const loaded = await engine.loadProfile(JSON.stringify(profile), 'the invite’s profile');
    if (loaded && loaded.ok) {
      attempts.push(loaded.name || profileName);
    } else {
      console.warn('the engine did not load the served profile:', loaded && loaded.error);
    }
  }
  // Without it (an engine that cannot read a resolved profile yet), a built-in profile of the same name:
  // the keyId check below and the server's stamp check still make sure the output is what the invite needs.
  if (profileName && !attempts.includes(profileName)) {
    attempts.push(profileName);
  }
  let answer = { ok: false, error: 'the invite names no profile' };
  for (const name of attempts) {
    answer = await engine.configure({ ...options, profile: name });
    if (answer && answer.ok) {
      break;
    }
  }
  if (!answer || !answer.ok) {
    throw new EngineError(`the engine refused the invite’s settings: ${answer && answer.error}`);
  }
  if (served.KeyId && answer.keyId && served.KeyId !== answer.keyId) {
    throw new EngineError('the engine’s key does not match the invite’s key');
  }
  return answer;
}

// The invite's Metadata as the profile's placeholders ({CourseId}...): the engine takes strings only.
function placeholders(metadata) {
  const result = {};
  for (const [key, value] of Object.entries(metadata && typeof metadata === 'object' ? metadata : {})) {
    if (typeof value === 'string') {
      result[key] = value;
    } else if (typeof value === 'number' || typeof value === 'boolean') {
      result[key] = String(value);
    }
  }
  return result;
}

export class EnginePool {
  constructor(engines) {
    this.workers = engines.map((engine) => ({ engine, busy: false }));
    this.queues = { high: [], low: [] };
  }

  // Starts and configures `size` workers; rejects with an EngineError the page can show.
  static async start(served, size) {
    let startEngineWorker;
    try {
      ({ startEngineWorker } = await import(new URL('ratatoskr-engine-client.mjs', ENGINE_DIR).href));
    } catch (error) {
      throw new EngineError(`the anonymization engine could not be loaded (${error.message})`);
    }
    const workerUrl = new URL('ratatoskr-engine-worker.mjs', ENGINE_DIR);
    const engines = [];
    try {
      const first = startEngineWorker(workerUrl);
      engines.push(first);
      const configured = await withTimeout(configureOne(first, served), START_TIMEOUT_MS,
        'the anonymization engine did not start in time');
      const others = [];
      for (let i = 1; i < size; i++) {
        others.push(startEngineWorker(workerUrl));
      }
      engines.push(...others);
      await withTimeout(Promise.all(others.map((engine) => configureOne(engine, served))), START_TIMEOUT_MS,
        'the anonymization engine did not start in time');
      const pool = new EnginePool(engines);
      pool.profile = configured.profile;
      pool.keyId = configured.keyId;
      pool.metadata = placeholders(served.Metadata);
      return pool;
    } catch (error) {
      engines.forEach((engine) => engine.terminate());
      throw error instanceof EngineError ? error : new EngineError(`the engine failed to start (${error.message})`);
    }
  }

  get size() {
    return this.workers.length;
  }

  // Whether the engine has this method (e.g. 'wrap', written by another part of the project).
  offers(method) {
    return this.workers.length > 0 && typeof this.workers[0].engine[method] === 'function';
  }

  run(method, args, priority = 'low') {
    return new Promise((resolve) => {
      this.queues[priority].push({ method, args, resolve });
      this.dispatch();
    });
  }

  // Drops calls not started yet (cancel): each is answered with a 'cancelled' value.
  dropQueued(priority) {
    for (const job of this.queues[priority].splice(0)) {
      job.resolve({ ok: false, status: 'cancelled', error: 'cancelled' });
    }
  }

  dispatch() {
    for (const worker of this.workers) {
      if (worker.busy) {
        continue;
      }
      const job = this.queues.high.shift() || this.queues.low.shift();
      if (!job) {
        return;
      }
      worker.busy = true;
      Promise.resolve(worker.engine[job.method](...job.args))
        .catch((error) => ({ ok: false, status: 'failed', error: String(error), reason: String(error) }))
        .then((result) => {
          worker.busy = false;
          job.resolve(result);
          this.dispatch();
        });
    }
  }

  terminate() {
    this.dropQueued('high');
    this.dropQueued('low');
    this.workers.forEach((worker) => worker.engine.terminate());
    this.workers = [];
  }
}
