// The store handles our factories opened, by file name, until testStorage.ts deletes the file.
// cojson's SQLite storage never closes its database (StorageApi*.close() leaves it open, and
// cojson keeps writing sync state through a closed storage during shutdown), so a handle here
// lives exactly as long as cojson's SQLite connection would: until its file is deleted when the
// test ends. Reopening a file within a test therefore shares the open store, as it would share
// the SQLite file.
const handlesByFilename = new Map();

export function keepOpen(filename, store) {
  const handles = handlesByFilename.get(filename) ?? [];
  handles.push(store);
  handlesByFilename.set(filename, handles);
}

export function releaseAll(filename) {
  for (const store of handlesByFilename.get(filename) ?? []) {
    store.close();
  }
  handlesByFilename.delete(filename);
}
