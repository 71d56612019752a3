// The storage worker of another deployed version of the package, as far as this one can see it:
// it holds that version's lock of the store named by its worker name (protocol v0) and the OPFS
// file's sync access handle, and answers its tab with v: 0 in every message.
const name = self.name;
navigator.locks.request(`cojson-storage-opfs:v0:${name}`, async () => {
  const root = await navigator.storage.getDirectory();
  const file = await root.getFileHandle(name, { create: true });
  await file.createSyncAccessHandle();
  self.postMessage({ v: 0, type: "holding" });
  await new Promise(() => {});
});
self.onmessage = ({ data }) => {
  if (data?.type === "requests") {
    self.postMessage({ v: 0, type: "responses", responses: data.requests.map(({ id }) => ({ id, value: {} })) });
  }
};
