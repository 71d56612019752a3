// A dedicated module worker for the termination test.
//   { mode: "stream", name, engine, from }  commits pairs a<i>, b<i> (one batch each, durable) for
//     i = from, from+1, … and posts { acked: i } after each commit returns, until it is terminated.
//   { mode: "read", name, engine }  opens the store (retrying while the killed worker's handle is
//     still being released), verifies it and posts { entries, stats }.

import { openOpfsStore } from "/pkg/src/worker.js";

const pad = (i) => String(i).padStart(8, "0");

async function openRetrying(name, engine) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await openOpfsStore({ name, engine });
    } catch (e) {
      if (e.code !== "LOCKED" || attempt >= 100) throw e;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

self.onmessage = async ({ data: { mode, name, engine, from = 0 } }) => {
  try {
    const store = await openRetrying(name, engine);
    if (mode === "read") {
      store.verify();
      postMessage({ ok: true, entries: store.scan(), stats: store.stats() });
      store.close();
      return;
    }
    postMessage({ ok: true, started: true });
    for (let i = from; ; i++) {
      const batch = store.begin();
      batch.put("a" + pad(i), "value " + i);
      batch.put("b" + pad(i), "value " + i);
      batch.commit();
      postMessage({ ok: true, acked: i });
      // Yield now and then so the page's terminate() can land between commits as well as inside them.
      if (i % 16 === 0) await new Promise((resolve) => setTimeout(resolve, 0));
    }
  } catch (e) {
    postMessage({ ok: false, code: e.code, message: String(e.message ?? e) });
  }
};
