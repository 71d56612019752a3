// A dedicated module worker that opens one OPFS store through the package's /worker entry, does
// what the request says, closes the store and answers once.
//   { name, engine, batches: [[["put", key, value] | ["delete", key], ...], ...] }  commits each batch
//   { name, engine, keys: [...] }  reads: { values: [get(key) for each key], entries: scan() }
// Every answer carries the engine's stats, whose `engine` says which build ran.

import { openOpfsStore } from "/pkg/src/worker.js";

self.onmessage = async ({ data: { name, engine, batches = [], keys = [] } }) => {
  try {
    const store = await openOpfsStore({ name, engine });
    try {
      for (const operations of batches) {
        const batch = store.begin();
        for (const [op, key, value] of operations) {
          op === "put" ? batch.put(key, value) : batch.delete(key);
        }
        batch.commit();
      }
      const values = keys.map((key) => store.get(key));
      postMessage({ ok: true, value: { values, entries: store.scan(), stats: store.stats() } });
    } finally {
      store.close();
    }
  } catch (e) {
    postMessage({ ok: false, code: e.code, message: String(e.message ?? e) });
  }
};
