// The demo's dedicated worker: owns the store and answers the page's requests, one at a time.

import { openOpfsStore } from "../src/worker.js";

let store = null;

function openStore() {
  if (store === null) {
    throw Object.assign(new Error("no store is open; press Open"), { code: "CLOSED" });
  }
  return store;
}

function commitOne(write) {
  const batch = openStore().begin();
  try {
    write(batch);
    batch.commit();
  } catch (e) {
    try {
      batch.rollback();
    } catch {
      // A failed commit may already have ended the batch; the first error is the one to show.
    }
    throw e;
  }
}

const operations = {
  async open({ name, engine }) {
    if (store !== null) {
      store.close();
      store = null;
    }
    store = await openOpfsStore({ name, engine });
    const { engine: running, fileBytes } = store.stats();
    return { name, engine: running, fileBytes };
  },
  close() {
    openStore().close();
    store = null;
    return "closed";
  },
  put({ key, value }) {
    commitOne((batch) => batch.put(key, value));
    return "committed";
  },
  delete({ key }) {
    commitOne((batch) => batch.delete(key));
    return "committed";
  },
  get({ key }) {
    return openStore().get(key);
  },
  scan() {
    return openStore().scan();
  },
  stats() {
    return openStore().stats();
  },
};

// Requests are handled strictly in order: the engine is synchronous, and an async open must
// finish before the next request touches the store.
let queue = Promise.resolve();
self.onmessage = ({ data: { id, op, args } }) => {
  queue = queue.then(async () => {
    try {
      postMessage({ id, ok: true, value: await operations[op](args) });
    } catch (e) {
      postMessage({ id, ok: false, code: e.code, message: String(e.message ?? e) });
    }
  });
};
