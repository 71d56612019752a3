// A dedicated module worker that checks the OPFS file lock through the package's /worker entry:
// opens a store, tries a second store on the same file while the first is open, closes the
// first, and opens again. Answers { whileOpen: error code or "opened", afterClose: "opened" }.

import { openOpfsStore } from "/pkg/src/worker.js";

self.onmessage = async ({ data: { name, engine } }) => {
  try {
    const first = await openOpfsStore({ name, engine });
    let whileOpen = "opened";
    try {
      (await openOpfsStore({ name, engine })).close();
    } catch (e) {
      whileOpen = e.code ?? String(e);
    }
    first.close();
    (await openOpfsStore({ name, engine })).close();
    postMessage({ ok: true, value: { whileOpen, afterClose: "opened" } });
  } catch (e) {
    postMessage({ ok: false, code: e.code, message: String(e.message ?? e) });
  }
};
