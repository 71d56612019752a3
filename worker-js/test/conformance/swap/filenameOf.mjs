// The file name testStorage.ts gave its SQLite driver: the driver keeps its Database in `db`.
export function filenameOf(driver) {
  const filename = driver?.db?.filename;
  if (typeof filename !== "string") {
    throw new Error("conformance harness: the driver carries no file name; has testStorage.ts changed?");
  }
  return filename;
}
