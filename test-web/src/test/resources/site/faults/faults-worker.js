// A dedicated module worker that runs the engine's row store (the dist export openRowsHandle) on a
// real OPFS file through a FaultyHandle, and answers one request at a time:
//   { op: "scenario", which: "commit" | "checkpoint" | "recovery", name, engine, error }
//     runs one failure scenario (below) and answers what it saw;
//   { op: "open" | "fill" | "commit" | "check" | "close", ... }  steps of the real-quota test, whose
//     page lowers and raises the origin's quota between them.
// `error` is the DOMException name the faulty write throws: "QuotaExceededError" (the engine's
// QUOTA) or "InvalidStateError" (any other error: IO).

import { loadEngine } from "/pkg/src/browserEngines.js";
import { FaultyHandle } from "./faulty-handle.js";
import { commitTx, commitUntilFailure, createCoValue, storedIdx } from "./rows.js";

// The engine checkpoints a small store once its log passes 256 KiB.
const CHECKPOINT_LOG_BYTES = 256 << 10;

async function realHandle(name) {
  const root = await navigator.storage.getDirectory();
  const file = await root.getFileHandle(name, { create: true });
  return file.createSyncAccessHandle();
}

class Opened {
  static async open(api, name, arm = () => undefined) {
    const handle = new FaultyHandle(await realHandle(name));
    arm(handle);
    const rows = api.openRowsHandle(handle, name);
    return new Opened(rows, handle, createCoValue(rows));
  }

  constructor(rows, handle, coValue) {
    this.rows = rows;
    this.handle = handle;
    this.coValue = coValue;
  }

  commit(from, to, payloadBytes) {
    for (let idx = from; idx < to; idx++) commitTx(this.rows, this.coValue, idx, payloadBytes);
    return to;
  }

  /** The idx held, after verify() passed. */
  check() {
    this.rows.verify();
    return storedIdx(this.rows, this.coValue);
  }

  stats() {
    return JSON.parse(this.rows.stats());
  }

  /** Commits until the log is one commit short of a checkpoint; returns the next idx. */
  commitToCheckpointThreshold(from, payloadBytes) {
    let idx = from;
    while (this.stats().logBytes + 2 * payloadBytes < CHECKPOINT_LOG_BYTES) commitTx(this.rows, this.coValue, idx++, payloadBytes);
    return idx;
  }

  /** A worker that dies: the handle goes, nothing is checkpointed or trimmed. */
  abandon() {
    this.handle.real.close();
  }
}

function codeOf(action) {
  try {
    action();
    return null;
  } catch (e) {
    if (!e.code) throw e;
    return e.code;
  }
}

async function codeOfAsync(action) {
  try {
    await action();
    return null;
  } catch (e) {
    if (!e.code) throw e;
    return e.code;
  }
}

// A failed write inside a commit: that commit fails, the store goes on.
async function commitScenario(api, { name, error }) {
  const s = await Opened.open(api, name);
  let next = s.commit(0, 20, 1000);
  s.handle.failWrite(0, error);
  const code = codeOf(() => commitTx(s.rows, s.coValue, next, 1000));
  const afterFailure = s.check();
  next = s.commit(next, next + 10, 1000);
  const afterMore = s.check();
  // A read error while the store rebuilds itself: each call fails with IO until the reads work.
  s.handle.failWrite(0, error);
  s.handle.failReads(2);
  const secondCode = codeOf(() => commitTx(s.rows, s.coValue, next, 1000));
  const whileUnreadable = codeOf(() => s.check());
  const readable = s.check();
  next = s.commit(next, next + 5, 1000);
  const recoveries = s.stats().recoveries;
  s.rows.close();
  const again = await Opened.open(api, name);
  const afterReopen = again.check();
  again.rows.close();
  return { code, afterFailure, afterMore, secondCode, whileUnreadable, readable, recoveries, afterReopen, next };
}

// A failed write inside the checkpoint that a commit triggers: the commit stands, the checkpoint
// is retried once the log has grown; a failed write in close's checkpoint fails close only.
async function checkpointScenario(api, { name, error }) {
  const s = await Opened.open(api, name);
  let next = s.commitToCheckpointThreshold(0, 4000);
  s.handle.failWrite(1, error); // write 0 is the commit's log frame, write 1 the checkpoint's first
  const code = codeOf(() => commitTx(s.rows, s.coValue, next++, 8000));
  const afterFailure = { ...s.check(), ...pick(s.stats(), "checkpoints", "checkpointFailures", "recoveries") };
  // 64 KiB more log and the checkpoint runs again, and works.
  next = s.commit(next, next + 20, 4000);
  const afterRetry = { ...s.check(), ...pick(s.stats(), "checkpoints", "checkpointFailures", "logBytes") };
  next = s.commit(next, next + 3, 4000);
  s.handle.failWrite(0, error);
  const closeCode = codeOf(() => s.rows.close());
  const again = await Opened.open(api, name);
  const afterReopen = again.check();
  again.rows.close();
  return { code, afterFailure, afterRetry, closeCode, afterReopen, next };
}

// A file that needs recovery (a worker died with a long log) opened while writes fail: the open's
// checkpoint fails, the open does not; a read error fails the open with IO, and a retry opens.
async function recoveryScenario(api, { name, error }) {
  const s = await Opened.open(api, name);
  let next = s.commitToCheckpointThreshold(0, 4000);
  s.handle.failWrite(1, error);
  commitTx(s.rows, s.coValue, next++, 8000); // its checkpoint fails: the log stays past the limit
  const logBytesAtDeath = s.stats().logBytes;
  s.abandon();
  const openCode = await codeOfAsync(() => Opened.open(api, name, (h) => h.failReads(1)));
  const r = await Opened.open(api, name, (h) => h.failWrite(0, error));
  const afterOpen = { ...r.check(), ...pick(r.stats(), "checkpoints", "checkpointFailures", "logBytes") };
  next = r.commit(next, next + 5, 4000);
  r.rows.close();
  const again = await Opened.open(api, name);
  const afterReopen = again.check();
  again.rows.close();
  return { logBytesAtDeath, openCode, afterOpen, afterReopen, next };
}

function pick(object, ...keys) {
  return Object.fromEntries(keys.map((k) => [k, object[k]]));
}

const SCENARIOS = { commit: commitScenario, checkpoint: checkpointScenario, recovery: recoveryScenario };

// The real-quota steps share one open store.
let open = null;

const OPS = {
  async scenario(api, request) {
    return SCENARIOS[request.which](api, request);
  },
  async open(api, { name }) {
    open = await Opened.open(api, name);
    return open.check();
  },
  async fill(api, { from, payloadBytes, limit }) {
    return commitUntilFailure(open.rows, open.coValue, from, payloadBytes, limit);
  },
  async commit(api, { from, count, payloadBytes }) {
    return { next: open.commit(from, from + count, payloadBytes) };
  },
  async check() {
    return { ...open.check(), ...pick(open.stats(), "fileBytes", "recoveries") };
  },
  async close() {
    open.rows.close();
    open = null;
    return null;
  },
};

self.onmessage = async ({ data: request }) => {
  try {
    const api = await loadEngine(request.engine);
    postMessage({ ok: true, value: await OPS[request.op](api, request) });
  } catch (e) {
    postMessage({ ok: false, code: e.code, message: String(e.stack ?? e.message ?? e) });
  }
};
