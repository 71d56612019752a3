// The message loop of the package's storage worker (owner-worker.js and owner-worker-js.js, one per
// engine build). What does not depend on the store's name starts before the tab says which store
// it wants: the engine loads (Wasm GC: fetched and compiled) and the OPFS root is asked for, while
// the tab is still evaluating the app. A worker started early (src/client/prestart.js) is told the
// store it will probably serve ("open" with ifExists: only if its file exists already) and opens it
// at once: the store's lock, its file and handle (ownership.js). The client's own "open" then
// finds it done, or switches the worker to the store it names. Each start-up step is reported to
// the tab as it happens, as absolute time (timeOrigin + now), which the tab turns into its own
// clock (stats().startup).
//
// Tab → worker: { v, type: "open", name, engine, fallback, clientId, ifExists? },
// { v, type: "requests", requests }, { v, type: "close" }.
// Worker → tab: { v, type: "startup", step, at }, { v, type: "startup-reset", steps },
// { v, type: "responses", responses }, { v, type: "progress", id, progress }, { v, type: "closed" }.

import { storeError } from "../engines.js";
import { opfsFile, opfsRoot } from "../opfs/opfsFiles.js";
import { messageTransferables } from "../protocol/transfer.js";
import { PROTOCOL_VERSION } from "../protocol/version.js";
import { failingNode, startNode } from "./ownership.js";

/** The steps of a node's store, reported again by the node of another store. */
const STORE_STEPS = ["lockGranted", "handleOpened", "storeOpened"];

/** Runs the worker for the engine `build` ("wasm-gc" or "js"), whose exports `engine` promises. */
export function runOwnerWorker({ build, engine }) {
  // The engine's JSON answers are transferred, not copied (protocol/transfer.js).
  const toTab = (message) => {
    const versioned = { v: PROTOCOL_VERSION, ...message };
    self.postMessage(versioned, messageTransferables(versioned));
  };
  const mark = (step) => toTab({ type: "startup", step, at: performance.timeOrigin + performance.now() });
  mark("scriptRunning");
  // Failures surface where they are awaited (ownership.js), with their codes.
  opfsRoot().catch(() => undefined);
  engine.then(() => mark("engineReady"), () => undefined);

  let node; // { name, fallback, ...the node of ownership.js }
  // Messages are handled one after another: an "open" may wait for a file check or a node's close.
  let handled = Promise.resolve();

  async function open(data) {
    if (node && node.name === data.name && node.fallback === data.fallback) return;
    if (data.ifExists && !(await exists(data.name))) return;
    if (node) {
      await node.close();
      toTab({ type: "startup-reset", steps: STORE_STEPS });
    }
    node = data.engine === build
      ? startNode(data, toTab, { engine, mark })
      : failingNode(storeError("INVALID_ARGUMENT", `this storage worker script runs the ${build} build, not ${data.engine}: `
        + `workerUrl must name cojson-storage-opfs's src/owner/${data.engine === "js" ? "owner-worker-js.js" : "owner-worker.js"} (bundled)`), toTab);
    node.name = data.name;
    node.fallback = data.fallback;
  }

  async function handle(data) {
    if (data?.v !== PROTOCOL_VERSION) {
      node ??= failingNode(storeError("FAILED", `the storage worker script speaks protocol v${PROTOCOL_VERSION}, the page's `
        + `cojson-storage-opfs v${data?.v}: serve the worker of the same package version (check workerUrl and caches)`), toTab);
    }
    if (data?.type === "open") {
      await open(data);
    } else if (data?.type === "requests") {
      node.submit(data.requests);
    } else if (data?.type === "close") {
      await node?.close();
      toTab({ type: "closed" });
    }
  }

  self.onmessage = ({ data }) => {
    handled = handled.then(() => handle(data)).catch((error) => console.error("cojson-storage-opfs: the storage worker failed", error));
  };
}

/** Whether the OPFS file `name` exists (false where OPFS is refused). */
async function exists(name) {
  try {
    await opfsFile(name, false);
    return true;
  } catch {
    return false;
  }
}
