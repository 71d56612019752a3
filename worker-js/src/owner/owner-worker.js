// The package's storage worker: a dedicated module worker that openOpfsClient starts, one per
// client. It owns the OPFS file when it holds the store's Web Lock and serves every tab's
// requests; otherwise it passes its tab's requests to the owner (ownership.js).

import { startNode } from "./ownership.js";

let node;

self.onmessage = async ({ data }) => {
  if (data.type === "open") {
    node = startNode(data, (message) => self.postMessage(message));
  } else if (data.type === "requests") {
    node.submit(data.requests);
  } else if (data.type === "close") {
    await node?.close();
    self.postMessage({ type: "closed" });
  }
};
