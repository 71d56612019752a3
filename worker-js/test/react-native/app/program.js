// The test program that runs on the Hermes VM, bundled by Metro as an app is. Hermes' command
// line has no file API, so a file crosses runs as an image: it comes in as base64 in
// globalThis.__INPUT__ (a line put before the bundle), lives in memory behind a fake Expo
// FileHandle with Expo's documented semantics, and goes out, after close(), as an "@@IMAGE" line
// the Node side writes to a real file. Results come out as "@@RESULT <json>"; "@@DONE" last.

import { StorageApiSync } from "cojson";
import * as root from "cojson-storage-opfs";
import {
  fromExpoFileHandle, openFileStore, openMemoryStore, salvageFileStore,
} from "cojson-storage-opfs/react-native";
import { fromBase64, toBase64 } from "../shared/base64.js";
import { runBench } from "../shared/bench.js";
import { canonical, checksum, loadAll, summarize } from "../shared/coValues.js";
import { runContractChecks } from "../shared/contract.js";
import { fakeExpoFileHandle, memoryBackend } from "../shared/fakeExpoFileHandle.js";

const input = globalThis.__INPUT__;

function emit(tag, value) {
  print(`@@${tag} ${typeof value === "string" ? value : JSON.stringify(value)}`);
}

/** react-native's AppState as far as the store uses it, with a way to switch the app's state. */
function fakeAppState() {
  const listeners = [];
  return {
    addEventListener(type, listener) {
      if (type !== "change") throw new Error(`unexpected AppState event ${type}`);
      listeners.push(listener);
      return { remove() { listeners.splice(listeners.indexOf(listener), 1); } };
    },
    set(state) {
      listeners.slice().forEach((listener) => listener(state));
    },
    listenerCount() {
      return listeners.length;
    },
  };
}

function fileOn(backend) {
  return fromExpoFileHandle(fakeExpoFileHandle(backend));
}

async function write() {
  const backend = memoryBackend();
  const appState = fakeAppState();
  const store = openFileStore({ file: fileOn(backend), appState });
  const storage = new StorageApiSync(store.client);
  for (const msg of input.messages) {
    if (!storage.store(msg, () => undefined)) throw new Error(`StorageApiSync refused ${msg.id}`);
  }
  // Relaxed (the default): the commits wait in memory until the app leaves the foreground.
  const before = store.stats();
  appState.set("background");
  const after = store.stats();
  const loaded = await loadAll(new StorageApiSync(store.client), store.client, input.ids);
  const stored = canonical(summarize(input.messages));
  const back = canonical(summarize(loaded));
  if (stored !== back) throw new Error("what StorageApiSync loaded differs from what it stored");
  store.verify();
  const stats = store.stats();
  store.close();
  if (appState.listenerCount() !== 0) throw new Error("close() left its AppState listener");
  const image = backend.bytes();

  const salvage = salvageFileStore({ file: fileOn(memoryBackend(image)) });
  const contract = await runContractChecks(() => openFileStore({ file: fileOn(memoryBackend()), durability: "durable" }));
  const memoryContract = await runContractChecks(() => openMemoryStore());
  emit("RESULT", {
    checksum: checksum(back),
    messages: input.messages.length,
    relaxed: { logBytesBefore: before.logBytes, flushesBefore: before.flushes, flushesAfter: after.flushes },
    stats,
    salvageIntact: salvage.intact.length,
    contract,
    memoryContract: memoryContract.length,
    rootConditionGivesThisEntry: root.openFileStore === openFileStore,
  });
  emit("IMAGE", toBase64(image));
}

async function reopen() {
  const backend = memoryBackend(fromBase64(input.image));
  const store = openFileStore({ file: fileOn(backend), durability: "durable" });
  const loaded = await loadAll(new StorageApiSync(store.client), store.client, input.ids);
  const found = checksum(canonical(summarize(loaded)));
  const { id, sessionID, count } = input.add;
  const rowID = store.client.upsertCoValue(id, { type: "comap", ruleset: { type: "unsafeAllowAll" }, meta: null, uniqueness: id });
  for (let i = 0; i < count; i++) {
    store.client.transaction((tx) => {
      const row = tx.getSingleCoValueSession(rowID, sessionID);
      const ses = tx.addSessionUpdate({ sessionUpdate: { coValue: rowID, sessionID, lastIdx: i + 1, lastSignature: `signature_zH${i}` },
        sessionRow: row });
      tx.addTransaction(ses, i, { privacy: "trusting", madeAt: 1732480000123 + i, changes: JSON.stringify([{ op: "set", key: "n", value: i }]) });
    });
  }
  store.verify();
  const stats = store.stats();
  store.close();
  emit("RESULT", { checksum: found, stats });
  emit("IMAGE", toBase64(backend.bytes()));
}

function bench() {
  const results = {};
  for (const mode of input.modes) {
    const store = mode === "memory" ? openMemoryStore()
      : openFileStore({ file: fileOn(memoryBackend()), durability: mode, appState: null, flushEveryMs: 0 });
    results[mode] = runBench(store, input.options);
    store.close();
  }
  emit("RESULT", results);
}

const commands = { write, reopen, bench };

Promise.resolve()
  .then(() => commands[input.command]())
  .then(() => emit("DONE", ""), (error) => emit("FAIL", String((error && error.stack) || error)));
