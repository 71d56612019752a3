// A writer process for the kill test: opens the store file through the Expo adapter (a fake Expo
// FileHandle over the real file, as an app on a phone would through expo-file-system), checks what
// it holds, and commits from there on until it is killed, printing "ack <n>" once n commits are
// acknowledged: after each commit ("durable"), or after each flush() every 4 commits ("relaxed").
// Every 50 commits it closes and reopens the store, so kills also land in close() and open.

import { writeSync } from "node:fs";
import { fromExpoFileHandle, openFileStore } from "cojson-storage-opfs/react-native";
import { fakeExpoFileHandle } from "../shared/fakeExpoFileHandle.js";
import { fdBackend } from "./fdBackend.mjs";
import { commit, committed } from "./workload.mjs";

const [path, durability] = process.argv.slice(2);
const open = () => openFileStore({ file: fromExpoFileHandle(fakeExpoFileHandle(fdBackend(path))), durability,
  appState: null, flushEveryMs: 0 });
const ack = (n) => writeSync(1, `ack ${n}\n`);

let store = open();
let i = committed(store.client);
writeSync(1, `start ${i}\n`);
for (;;) {
  commit(store.client, i);
  i++;
  if (durability === "durable") {
    ack(i);
  } else if (i % 4 === 0) {
    store.flush();
    ack(i);
  }
  if (i % 50 === 0) {
    store.close();
    ack(i);
    store = open();
  }
}
