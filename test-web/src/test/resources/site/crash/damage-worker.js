// Damage to a closed store's OPFS file, and salvage, in a dedicated worker. The worker writes a store
// of COVALUES CoValues through the package, keeps its file's bytes, then for each case puts those
// bytes back, damages them through a sync access handle of its own (the store is closed), and
// reopens: the store must open to exactly the data it held, or fail with CORRUPT naming the
// damage (its log frames were all acknowledged, and the log watermark says so); never open to
// other data. Then salvage: a damaged tree page, salvageOpfsStore, and
// every exported CoValue compared row by row with the original.
// Request: { name, engine }; answer: { value: { cases: [{ name, outcome, message }], salvage } }.
// Bare imports: bundled with the package (see CojsonBrowserBundle).
import { openOpfsStore, salvageOpfsStore } from "cojson-storage-opfs/worker";

const COVALUES = 30;
const HEADER_SLOT_BYTES = 4096;

const header = (n) => ({ type: "comap", ruleset: { type: "unsafeAllowAll" }, meta: null, uniqueness: `u${n}` });
const tx = (n, i) => ({ privacy: "trusting", madeAt: 1732480000123 + i, changes: JSON.stringify([{ op: "set", key: `k${i}`, value: "v".repeat((n * 37 + i * 11) % 300) }]) });

function writeCoValue(client, n, sessions, count) {
  const id = `co_zDamage${n}`;
  // One commit per session for a CoValue that exists; one more (the header) for a new one.
  const row = client.getCoValue(id)?.rowID ?? client.upsertCoValue(id, header(n));
  for (let j = 0; j < sessions; j++) {
    client.transaction((t) => {
      const existing = t.getSingleCoValueSession(row, `${id}_session_z${j}`);
      const start = existing ? existing.lastIdx : 0;
      const ses = t.addSessionUpdate({ sessionUpdate: { coValue: row, sessionID: `${id}_session_z${j}`,
        lastIdx: start + count, lastSignature: `signature_z${n}x${j}x${start + count}` }, sessionRow: existing });
      for (let i = start; i < start + count; i++) t.addTransaction(ses, i, tx(n, i));
      t.addSignatureAfter({ sessionRowID: ses, idx: start + count - 1, signature: `signature_z${n}s${start + count}` });
    });
  }
}

/** Everything cojson's reads return for every CoValue of the fixture, as one text per CoValue. */
function dump(client) {
  const out = {};
  for (let n = 0; n <= COVALUES; n++) {
    const id = `co_zDamage${n}`;
    const coValue = client.getCoValue(id);
    if (!coValue) continue;
    out[id] = JSON.stringify([coValue, ...client.getCoValueSessions(coValue.rowID).map((s) =>
      [s, client.getNewTransactionInSession(s.rowID, 0, Infinity), client.getSignatures(s.rowID, 0)])]);
  }
  return out;
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

async function withHandle(name, body) {
  const file = await (await navigator.storage.getDirectory()).getFileHandle(name, { create: true });
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await file.createSyncAccessHandle();
      try {
        return body(handle);
      } finally {
        handle.flush();
        handle.close();
      }
    } catch (e) {
      if (e.name !== "NoModificationAllowedError" || attempt > 100) throw e;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** Puts `bytes` into the file, then lets `damage(bytes copy)` return the damaged bytes to write. */
async function writeDamaged(name, pristine, damage) {
  const bytes = damage(pristine.slice());
  await withHandle(name, (handle) => {
    handle.truncate(0);
    handle.write(bytes, { at: 0 });
  });
}

/**
 * Opens, reads everything and verifies: EXACT, PREFIX (the state before the last commit),
 * CHECKPOINT (the state before the log tail), EMPTY, or the error's code.
 */
async function judge(name, engine, states) {
  let store;
  try {
    store = await openOpfsStore({ name, engine });
    const found = dump(store.client);
    store.verify();
    if (same(found, states.last)) return { outcome: "EXACT", message: "" };
    if (same(found, states.beforeLast)) return { outcome: "PREFIX", message: "" };
    if (same(found, states.checkpointed)) return { outcome: "CHECKPOINT", message: "" };
    if (Object.keys(found).length === 0) return { outcome: "EMPTY", message: "" };
    return { outcome: "WRONG DATA", message: `opened with ${Object.keys(found).length} CoValues that match no committed state` };
  } catch (e) {
    return { outcome: e.code ?? `${e.name} without a code`, message: String(e.message).slice(0, 200) };
  } finally {
    store?.close();
  }
}

function flip(offset) {
  return (bytes) => {
    bytes[offset] ^= 0x20;
    return bytes;
  };
}

const cut = (length) => (bytes) => bytes.slice(0, length);

async function run({ name, engine }) {
  const store = await openOpfsStore({ name, engine });
  for (let n = 0; n < COVALUES; n++) writeCoValue(store.client, n, 1 + (n % 3), 5 + (n * 7) % 40);
  store.close(); // checkpoints: everything is in the tree's pages now
  const reopened = await openOpfsStore({ name, engine });
  const pageCount = reopened.stats().pageCount;
  const checkpointed = dump(reopened.client);
  // A log tail: commits after the checkpoint (a new CoValue: its header, then a session), the last
  // of them one commit that appends to an existing session.
  writeCoValue(reopened.client, COVALUES, 1, 2);
  const beforeLast = dump(reopened.client);
  writeCoValue(reopened.client, 0, 1, 3);
  const last = dump(reopened.client);
  const pristine = reopened.exportBytes(); // as a crash would leave it: pages, then the log tail
  reopened.close();
  const states = { last, beforeLast, checkpointed };
  const logStart = pageCount * 4096;
  const pageSpace = (page) => page * 4096 + 1000;
  const cases = {
    "nothing damaged (the bytes as written back)": (b) => b,
    "a byte of header slot 0": flip(30),
    "a byte of header slot 1": flip(HEADER_SLOT_BYTES + 30),
    "a byte of both header slots": (b) => flip(HEADER_SLOT_BYTES + 30)(flip(30)(b)),
    "a byte of the root's page region (page 2)": flip(pageSpace(2)),
    "a byte of a tree page in the middle": flip(pageSpace(Math.floor(pageCount / 2))),
    "a byte of the last tree page": flip(pageSpace(pageCount - 1)),
    "a byte of the first log frame's header": flip(logStart + 10),
    "a byte of the last log frame": flip(pristine.length - 5),
    "cut to 0 bytes": cut(0),
    "cut to 1 byte": cut(1),
    "cut to 100 bytes (less than a header)": cut(100),
    "cut to 127 bytes": cut(127),
    "cut inside header slot 1": cut(HEADER_SLOT_BYTES + 64),
    "cut inside the page space": cut(Math.floor(logStart / 2)),
    "cut at the end of the page space (the whole log)": cut(logStart),
    "cut inside the last log frame": cut(pristine.length - 5),
  };
  const results = [];
  for (const [caseName, damage] of Object.entries(cases)) {
    await writeDamaged(name, pristine, damage);
    results.push({ name: caseName, ...(await judge(name, engine, states)) });
  }
  return { cases: results, salvage: await salvage(name, engine, pristine, pageCount, last) };
}

/**
 * Damages one tree page after another until salvage has to leave some CoValues out and can keep
 * others, then checks that
 * every CoValue it exported is exactly the original, both from the returned bytes and from a new
 * OPFS file written with them.
 */
async function salvage(name, engine, pristine, pageCount, original) {
  const { openMemoryStore } = await import("cojson-storage-opfs/memory");
  for (let page = 2; page < pageCount; page++) {
    await writeDamaged(name, pristine, flip(page * 4096 + 2000));
    const result = await salvageOpfsStore({ name, engine });
    // A page that costs nothing (free) or everything (the root) shows less: look further.
    if (result.damaged.length === 0 || result.intact.length === 0) continue;
    const memory = openMemoryStore({ bytes: result.bytes });
    const exported = dump(memory.client);
    memory.verify();
    memory.close();
    const copyName = `${name}-salvaged`;
    await writeDamaged(copyName, result.bytes, (b) => b);
    const copy = await openOpfsStore({ name: copyName, engine });
    const fromCopy = dump(copy.client);
    copy.verify();
    copy.close();
    const wrong = result.intact.filter((id) => exported[id] !== original[id] || fromCopy[id] !== original[id]);
    return { damagedPage: page, intact: result.intact.length, damaged: result.damaged, wrong,
      exportedIds: Object.keys(exported).length, report: result.report };
  }
  return { damagedPage: -1, intact: 0, damaged: [], wrong: ["no damaged page made salvage leave a CoValue out"] };
}

self.onmessage = async ({ data }) => {
  try {
    postMessage({ ok: true, value: await run(data) });
  } catch (e) {
    postMessage({ ok: false, code: e.code, message: String(e.stack ?? e.message ?? e) });
  }
};
