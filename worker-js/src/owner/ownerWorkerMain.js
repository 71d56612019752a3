// The message loop of the package's storage worker (owner-worker.js and owner-worker-js.js, one per
// engine build). What does not depend on the store's name starts before the tab says which store
// it wants: the engine loads (Wasm GC: fetched and compiled) and the OPFS root is asked for, while
// the tab is still evaluating the app; the store's lock, its file and handle follow the "open"
// message (ownership.js). Each start-up step is reported to the tab as it happens, as absolute
// time (timeOrigin + now), which the tab turns into its own clock (stats().startup).
//
// Tab → worker: { v, type: "open", name, engine, fallback, clientId }, { v, type: "requests", requests },
// { v, type: "close" }. Worker → tab: { v, type: "startup", step, at }, { v, type: "responses", responses },
// { v, type: "progress", id, progress }, { v, type: "closed" }.

import { storeError } from "../engines.js";
import { opfsRoot } from "../opfs/opfsFiles.js";
import { PROTOCOL_VERSION } from "../protocol/version.js";
import { failingNode, startNode } from "./ownership.js";

/** Runs the worker for the engine `build` ("wasm-gc" or "js"), whose exports `engine` promises. */
export function runOwnerWorker({ build, engine }) {
  const toTab = (message) => self.postMessage({ v: PROTOCOL_VERSION, ...message });
  const mark = (step) => toTab({ type: "startup", step, at: performance.timeOrigin + performance.now() });
  mark("scriptRunning");
  // Failures surface where they are awaited (ownership.js), with their codes.
  opfsRoot().catch(() => undefined);
  engine.then(() => mark("engineReady"), () => undefined);

  let node;
  self.onmessage = async ({ data }) => {
    if (data?.v !== PROTOCOL_VERSION) {
      node ??= failingNode(storeError("FAILED", `the storage worker script speaks protocol v${PROTOCOL_VERSION}, the page's `
        + `cojson-storage-opfs v${data?.v}: serve the worker of the same package version (check workerUrl and caches)`), toTab);
    }
    if (data?.type === "open") {
      node ??= data.engine === build
        ? startNode(data, toTab, { engine, mark })
        : failingNode(storeError("INVALID_ARGUMENT", `this storage worker script runs the ${build} build, not ${data.engine}: `
          + `workerUrl must name cojson-storage-opfs's src/owner/${data.engine === "js" ? "owner-worker-js.js" : "owner-worker.js"} (bundled)`), toTab);
    } else if (data?.type === "requests") {
      node.submit(data.requests);
    } else if (data?.type === "close") {
      await node?.close();
      toTab({ type: "closed" });
    }
  };
}
