// A dedicated module worker that writes cojson-shaped commits at the DB-client level (the package's
// /worker entry on an OPFS file) until the page terminates it, and checks what an earlier, killed
// worker left behind. The workload is plan.js: every row, commit size and signature follows from
// the session id and row index, so a check needs no record of what was written.
//   { op: "round", name, engine, seed, round, stream, check, maxCommits }  opens the file (retrying LOCKED),
//     checks the sessions of `check` (an earlier round: { seed, round, stream, picks, acked }, or
//     null) and posts { check: { sessions, problems, checkpoints, ms: [open, rows, verify] } },
//     then writes round `round`'s picks one commit each, posting { ack: { session, lastIdx },
//     checkpoints } after every transaction() that returned; after maxCommits posts { idle } and
//     waits to be terminated; with untilKilled, writes multi-row commits until terminated, without
//     a task boundary.
//   { op: "checkAll", name, engine, acked: { sessionID: lastIdx } }  reads the header's generation
//     (checkpoints since creation), then checks every session; posts { value: { sessions, problems,
//     stats, generation } } and closes.
// Bare import: CrashPointsTest bundles this file with the package (see CojsonBrowserBundle).
import { openOpfsStore } from "cojson-storage-opfs/worker";
import { allSessions, commitAt, coValueID, header, picks, signature, transaction } from "./plan.js";

/** An until-killed round writes at most this long: it bounds the file when the forced stop is slow. */
const UNTIL_KILLED_MAX_MS = 3000;

/** How long this worker's open took, reported with its check. */
let openMs = 0;

async function openRetrying(name, engine) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await openOpfsStore({ name, engine });
    } catch (e) {
      // A terminated worker's sync access handle is released a moment after terminate().
      if (e.code !== "LOCKED" || attempt >= 200) throw e;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/** One cojson-shaped commit: the session's next commit of plan.js, as cojson's storage writes it. */
function writeCommit(client, s) {
  const coRowID = client.upsertCoValue(coValueID(s.file, s.coValue), header(s.coValue));
  return client.transaction((tx) => {
    const row = tx.getSingleCoValueSession(coRowID, s.id);
    const start = row ? row.lastIdx : 0;
    const { rows, signed } = commitAt(s, start);
    const end = start + rows;
    const sessionRowID = tx.addSessionUpdate({
      sessionUpdate: { coValue: coRowID, sessionID: s.id, lastIdx: end, lastSignature: signature(s, end),
        bytesSinceLastSignature: end },
      sessionRow: row,
    });
    if (signed) tx.addSignatureAfter({ sessionRowID, idx: end - 1, signature: signature(s, end - 1) });
    for (let idx = start; idx < end; idx++) tx.addTransaction(sessionRowID, idx, transaction(s, idx));
    return end;
  });
}

/**
 * What is wrong with session s in the store, given that a commit up to `acked` rows was
 * acknowledged: returns { id, lastIdx, problems }.
 */
function checkSession(client, s, acked) {
  const problems = [];
  const result = { id: s.id, lastIdx: 0, problems };
  const coValue = client.getCoValue(coValueID(s.file, s.coValue));
  const row = coValue && client.getCoValueSessions(coValue.rowID).find((r) => r.sessionID === s.id);
  if (coValue && JSON.stringify(coValue.header) !== JSON.stringify(header(s.coValue))) {
    problems.push(`header ${JSON.stringify(coValue.header)}`);
  }
  if (!row) {
    if (acked > 0) problems.push(`missing, though ${acked} rows were acknowledged`);
    return result;
  }
  const lastIdx = row.lastIdx;
  result.lastIdx = lastIdx;
  if (lastIdx < acked) problems.push(`lastIdx ${lastIdx}, but ${acked} rows were acknowledged`);
  const expectedSignatures = [];
  let boundary = 0;
  while (boundary < lastIdx) {
    const { rows, signed } = commitAt(s, boundary);
    boundary += rows;
    if (signed) expectedSignatures.push({ idx: boundary - 1, signature: signature(s, boundary - 1) });
  }
  if (boundary !== lastIdx) problems.push(`lastIdx ${lastIdx} is inside a commit (the commit ends at ${boundary})`);
  if (lastIdx > 0 && row.lastSignature !== signature(s, lastIdx)) problems.push(`lastSignature ${row.lastSignature}`);
  if (row.bytesSinceLastSignature !== lastIdx) problems.push(`bytesSinceLastSignature ${row.bytesSinceLastSignature}`);
  // Past lastIdx by more than one commit could ever write, so a half-written commit's rows show.
  const rows = client.getNewTransactionInSession(row.rowID, 0, lastIdx + 400);
  if (rows.length !== lastIdx) problems.push(`${rows.length} rows stored for lastIdx ${lastIdx}`);
  for (let i = 0; i < rows.length && problems.length < 8; i++) {
    if (rows[i].idx !== i) problems.push(`row ${i} has idx ${rows[i].idx}`);
    else if (JSON.stringify(rows[i].tx) !== JSON.stringify(transaction(s, i))) problems.push(`row ${i} differs: ${JSON.stringify(rows[i].tx).slice(0, 120)}`);
  }
  const signatures = JSON.stringify(client.getSignatures(row.rowID, 0).map(({ idx, signature }) => ({ idx, signature })));
  if (signatures !== JSON.stringify(expectedSignatures)) {
    problems.push(`signatures ${signatures.slice(0, 200)}, expected ${JSON.stringify(expectedSignatures).slice(0, 200)}`);
  }
  return result;
}

function checkSessions(store, sessions, acked) {
  const t0 = performance.now();
  const checked = sessions.map((s) => checkSession(store.client, s, acked[s.id] ?? 0));
  const problems = [];
  const t1 = performance.now();
  try {
    store.verify();
  } catch (e) {
    problems.push(`verify(): ${e.code} ${e.message}`);
  }
  const t2 = performance.now();
  return { sessions: checked, problems, checkpoints: store.stats().checkpoints, ms: [openMs, t1 - t0, t2 - t1] };
}

/** The distinct sessions among the first `count` picks of a round. */
function sessionsPicked(file, seed, round, stream, count) {
  const byId = new Map();
  const it = picks(file, seed, round, stream);
  for (let i = 0; i < count; i++) {
    const s = it.next().value;
    byId.set(s.id, s);
  }
  return [...byId.values()];
}

async function round({ name, seed, round, stream, check, maxCommits, untilKilled }, store) {
  if (check) {
    const sessions = sessionsPicked(name, check.seed, check.round, check.stream, check.picks);
    postMessage({ ok: true, check: checkSessions(store, sessions, check.acked) });
  } else {
    postMessage({ ok: true, check: { sessions: [], problems: [], checkpoints: store.stats().checkpoints } });
  }
  let commits = 0;
  const roundStarted = performance.now();
  for (const s of picks(name, seed, round, stream)) {
    if (untilKilled) {
      // Chromium stops a worker busy in one task only after a grace period (about a second here):
      // writing on, without a task boundary, a commit every few milliseconds, is what lets that
      // forced stop land inside a commit. The pause between commits bounds the file's growth.
      const writeMs = performance.now();
      const lastIdx = writeCommit(store.client, s);
      postMessage({ ok: true, ack: { session: s.id, lastIdx }, checkpoints: store.stats().checkpoints });
      const until = performance.now() + 4 * (performance.now() - writeMs);
      while (performance.now() < until);
      if (performance.now() - roundStarted < UNTIL_KILLED_MAX_MS) continue;
      // Killed too late to land in a commit: stop writing and wait, idle, like a bounded round.
      postMessage({ ok: true, idle: true });
      return;
    }
    if (commits++ === maxCommits) {
      // Enough for this round: wait, idle, for terminate(). A worker that never yields would
      // otherwise write on (megabytes a second) until the page's kill arrives; one that spins takes
      // Chromium a second or more to stop, and keeps the file locked meanwhile.
      postMessage({ ok: true, idle: true });
      return;
    }
    const lastIdx = writeCommit(store.client, s);
    postMessage({ ok: true, ack: { session: s.id, lastIdx }, checkpoints: store.stats().checkpoints });
    // Multi-row commits follow each other without a task boundary, on purpose: Chromium lets a
    // worker that yields run to its next task before terminate() takes effect, so every kill would
    // land between commits (measured: a writer that split each commit in two went unnoticed over 50
    // kills when it yielded, and was caught within 4 kills when it did not). A worker that never
    // yields is stopped wherever it is. A stream yields after each commit, as cojson does between
    // transactions (a stream that never yields floods the page with acknowledgements faster than
    // it reads them): its kills land between one-row commits.
    if (stream) await nextTask();
  }
}

function nextTask() {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(undefined);
  });
}

async function checkAll({ name, acked }, store) {
  return { ...checkSessions(store, allSessions(name), acked), stats: store.stats() };
}

/**
 * The higher generation of the two header slots (Format.java: magic at 0, generation at 16, big
 * endian): the checkpoints the file went through since its creation, read before the store opens.
 */
async function headerGeneration(name) {
  const file = await (await navigator.storage.getDirectory()).getFileHandle(name);
  for (let attempt = 0; ; attempt++) {
    let handle;
    try {
      handle = await file.createSyncAccessHandle();
    } catch (e) {
      if (e.name !== "NoModificationAllowedError" || attempt >= 200) throw e;
      await new Promise((resolve) => setTimeout(resolve, 25));
      continue;
    }
    try {
      let generation = 0;
      for (const at of [0, 4096]) {
        const bytes = new Uint8Array(24);
        if (handle.read(bytes, { at }) === 24 && new TextDecoder().decode(bytes.subarray(0, 8)) === "COJSOPFS") {
          generation = Math.max(generation, Number(new DataView(bytes.buffer).getBigUint64(16)));
        }
      }
      return generation;
    } finally {
      handle.close();
    }
  }
}

self.onmessage = async ({ data: request }) => {
  try {
    const generation = request.op === "checkAll" ? await headerGeneration(request.name) : 0;
    const t = performance.now();
    const store = await openRetrying(request.name, request.engine);
    openMs = performance.now() - t;
    if (request.op === "round") {
      await round(request, store); // runs until terminated
    } else {
      try {
        postMessage({ ok: true, value: { ...(await checkAll(request, store)), generation } });
      } finally {
        store.close();
      }
    }
  } catch (e) {
    postMessage({ ok: false, code: e.code, message: String(e.stack ?? e.message ?? e) });
  }
};
