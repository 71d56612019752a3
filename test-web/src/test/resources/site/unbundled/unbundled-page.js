// A cojson app on a page with no bundler: the package imported from node_modules as it is, cojson
// through the import map (index.html). Its functions are the page's globals, called by
// UnbundledPageTest; each answers plain data.

import "cojson-storage-opfs/preload";
import { LocalNode, WasmCrypto } from "cojson";
import { getOpfsStorage } from "cojson-storage-opfs";

const cryptoReady = WasmCrypto.create();
const refusingWorker = new URL("./refusing-owner-worker.js", import.meta.url);

// The nodes and storages this page keeps open, so a test can look at the workers meanwhile.
const open = [];

async function newAccountWithMap(storage, fields) {
  const { node, accountID, accountSecret } = await LocalNode.withNewlyCreatedAccount({
    creationProps: { name: "unbundled" }, crypto: await cryptoReady, peers: [], storage,
  });
  const map = node.createGroup().createMap();
  for (const [key, value] of Object.entries(fields)) map.set(key, value);
  await Promise.all([accountID, map.id].map((id) => node.syncManager.waitForStorageSync(id)));
  return { node, accountID, accountSecret, mapID: map.id };
}

async function loadMap(storage, { accountID, accountSecret, mapID }) {
  const node = await LocalNode.withLoadedAccount({
    accountID, accountSecret, sessionID: undefined, peers: [], crypto: await cryptoReady, storage,
  });
  const map = await node.load(mapID);
  return { node, fields: map === "unavailable" ? "unavailable" : map.toJSON() };
}

const failure = (error) => ({ code: error.code, message: error.message });

// { name, fields, refused?, fallback?, persist? }: a new account and a CoMap holding `fields`, kept
// open; `refused`: the storage worker's OPFS refuses as in Firefox private browsing.
window.createMap = async ({ name, fields, refused = false, fallback, persist = false }) => {
  try {
    const storage = await getOpfsStorage({ name, fallback, persist, ...(refused ? { workerUrl: refusingWorker } : {}) });
    const { node, ...credentials } = await newAccountWithMap(storage, fields);
    open.push(node);
    return { ...credentials, stats: await storage.dbClient.stats() };
  } catch (error) {
    return failure(error);
  }
};

// { name, accountID, accountSecret, mapID }: the CoMap loaded through a new storage, kept open.
window.readMap = async ({ name, refused = false, ...credentials }) => {
  const storage = await getOpfsStorage({ name, ...(refused ? { workerUrl: refusingWorker } : {}) });
  const { node, fields } = await loadMap(storage, credentials);
  open.push(node);
  return { fields, stats: await storage.dbClient.stats() };
};

// { name }: log in (an account and a CoMap), log out as jazz-tools does (node.gracefulShutdown(),
// which closes the storage), log in again on a new storage; the second node stays open.
window.logOutAndIn = async ({ name }) => {
  const first = await getOpfsStorage({ name });
  const firstClientId = (await first.dbClient.stats()).clientId;
  const { node, ...credentials } = await newAccountWithMap(first, { session: "first" });
  await node.gracefulShutdown();
  const second = await getOpfsStorage({ name });
  const { node: again, fields } = await loadMap(second, credentials);
  open.push(again);
  const stats = await second.dbClient.stats();
  const { held } = await navigator.locks.query();
  return { fields, firstClientId, clientId: stats.clientId, ownerId: stats.ownerId, held: held.map((lock) => lock.name) };
};

// Shuts every node of this page down (closing their storages and workers).
window.closeAll = async () => {
  await Promise.all(open.splice(0).map((node) => node.gracefulShutdown()));
  return (await navigator.locks.query()).held.map((lock) => lock.name);
};

// Opens a store with cojson-storage-opfs/worker in a worker of the app's own whose OPFS is refused
// (by refuse-opfs.js, or with { asIs: true } by the browser itself, as in Firefox private browsing).
window.workerEntryRefused = ({ asIs = false } = {}) => new Promise((resolve) => {
  const worker = new Worker("/pkg/target/refused-worker-entry.js", { type: "module", name: asIs ? "opfs-as-is" : "refused" });
  worker.onmessage = ({ data }) => {
    worker.terminate();
    resolve(data);
  };
  worker.onerror = (event) => resolve({ code: "WORKER_ERROR", message: event.message });
});

/** Resolves once the store `name`'s Web Lock is held (by some worker of this origin); rejects after 60 s. */
async function lockHeld(name) {
  const deadline = performance.now() + 60_000;
  const pattern = new RegExp(`^cojson-storage-opfs:v\\d+:${name}$`);
  while (!(await navigator.locks.query()).held.some((lock) => pattern.test(lock.name))) {
    if (performance.now() > deadline) throw new Error(`the lock of ${name} was never taken`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// { name }: waits until the worker the page started at import holds the lock of "jazz-storage"
// (it opens that store when its file exists, before the app asks), then opens `name`. Answers when
// the app asked, the start-up timeline, and who owns the store.
window.openAfterPreload = async ({ name }) => {
  await lockHeld("jazz-storage");
  const asked = performance.now();
  const storage = await getOpfsStorage({ name });
  const stats = await storage.dbClient.stats();
  open.push({ gracefulShutdown: () => storage.close() });
  return { asked, startup: stats.startup, ownerId: stats.ownerId, clientId: stats.clientId,
    held: (await navigator.locks.query()).held.map((lock) => lock.name) };
};

// { name }: a tab of another deployed version holds the store `name` (other-version-worker.js);
// this version's getOpfsStorage must not share its owner. Answers how this tab's open failed.
window.openBesideAnotherVersion = async ({ name }) => {
  const other = new Worker(new URL("./other-version-worker.js", import.meta.url), { type: "module", name });
  await new Promise((resolve) => other.addEventListener("message", resolve, { once: true }));
  const started = performance.now();
  try {
    await getOpfsStorage({ name });
    return { opened: true };
  } catch (error) {
    return { code: error.code, message: error.message, ms: performance.now() - started };
  } finally {
    other.terminate();
  }
};

// A page whose storage worker script is of another version (a stale workerUrl or cache).
window.openWithStaleWorker = async ({ name }) => {
  try {
    await getOpfsStorage({ name, workerUrl: new URL("./other-version-worker.js", import.meta.url) });
    return { opened: true };
  } catch (error) {
    return { code: error.code, message: error.message };
  }
};
