// A Jazz server worker (jazz-tools' startWorker) whose storage is the package's /node file store,
// as the README's recipe has it, with an in-process sync server instead of a remote one (this
// machine has no network). One command per process, so a restart is a real one:
//   node worker.mjs create <file>                 a worker account, stored in <file>; prints its credentials
//   node worker.mjs write <file> <credentials>    the worker writes a note; prints its id
//   node worker.mjs read <file> <credentials> <noteId>   the worker reads the note back; prints its text
// Each prints one JSON line. The sync server is a fresh, empty LocalNode in each process, so what a
// process reads can only come from the file.

import { LocalNode, StorageApiSync, cojsonInternals } from "cojson";
import { WasmCrypto } from "cojson/crypto/WasmCrypto";
import { openFileStore } from "cojson-storage-opfs/node";
import { co, Group, z } from "jazz-tools";
import { startWorker } from "jazz-tools/worker";

const Note = co.map({ text: z.string(), writes: z.number() });

const [command, file, credentialsJson, noteId] = process.argv.slice(2);
const crypto = await WasmCrypto.create();

/** An empty in-process sync server and the worker's peer to it (what `syncServer` would connect to). */
function inProcessSyncServer() {
  const agentSecret = crypto.newRandomAgentSecret();
  const server = new LocalNode(agentSecret, crypto.newRandomSessionID(crypto.getAgentID(agentSecret)), crypto);
  const [workerAsPeer, serverAsPeer] = cojsonInternals.connectedPeers("worker", "sync-server", {
    peer1role: "client",
    peer2role: "server",
  });
  server.syncManager.addPeer(workerAsPeer);
  return serverAsPeer;
}

const store = openFileStore({ path: file });
const storage = new StorageApiSync(store.client);
let result;
if (command === "create") {
  // What `npx jazz-run account create` does against a sync server, here into the file.
  const { node, accountID, accountSecret } = await LocalNode.withNewlyCreatedAccount({
    creationProps: { name: "Server worker" },
    crypto,
    peers: [inProcessSyncServer()],
    storage,
  });
  await node.syncManager.waitForAllCoValuesSync();
  await node.gracefulShutdown();
  result = { accountID, accountSecret };
} else {
  const { accountID, accountSecret } = JSON.parse(credentialsJson);
  const { worker, shutdownWorker } = await startWorker({
    accountID,
    accountSecret,
    peer: inProcessSyncServer(),
    storage,
    skipInboxLoad: true,
  });
  if (command === "write") {
    const note = Note.create({ text: "written by the server worker", writes: 1 }, Group.create({ owner: worker }));
    result = { noteId: note.$jazz.id };
  } else if (command === "read") {
    const note = await Note.load(noteId, { loadAs: worker });
    if (!note.$isLoaded) throw new Error(`note ${noteId} did not load: ${note.$jazz.loadingState}`);
    note.$jazz.set("writes", note.writes + 1);
    result = { text: note.text, writes: note.writes };
  } else {
    throw new Error(`unknown command ${command}`);
  }
  // Waits until every CoValue is synced to the peer and stored, then shuts the node down.
  await shutdownWorker();
}
result.fileBytes = store.stats().fileBytes;
store.close();
console.log(JSON.stringify(result));
process.exit(0);
