// One process at a time per store file under Node. The engine assumes it is the file's only
// writer, and Node's fs has no advisory locks, so a lock file next to the store (`<path>.lock`,
// created exclusively, holding the owner's pid) keeps a second process out with LOCKED. A lock
// whose process is gone (killed, crashed) is stale and taken over.

import { storeError } from "../engines.js";

export function acquireFileLock(fs, storePath) {
  const lockPath = `${storePath}.lock`;
  // The pid is written to a private file first and then linked into place: link() either creates
  // the lock with its content or fails with EEXIST, so no one ever reads a half-written lock.
  const draft = `${lockPath}.${process.pid}`;
  try {
    fs.writeFileSync(draft, String(process.pid));
  } catch (e) {
    throw storeError("IO", `cannot write next to ${storePath} (${e?.message ?? e})`, e);
  }
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        fs.linkSync(draft, lockPath);
        return () => releaseFileLock(fs, lockPath);
      } catch (e) {
        if (e?.code !== "EEXIST") {
          throw storeError("IO", `cannot create the lock file ${lockPath} (${e?.message ?? e})`, e);
        }
      }
      const owner = readOwner(fs, lockPath);
      if (owner !== null && owner !== process.pid && isAlive(owner)) {
        throw storeError("LOCKED", `${storePath} is open in process ${owner}; close it there first`);
      }
      // Stale (its process is gone), or this process's own from a close that never ran: take it over.
      releaseFileLock(fs, lockPath);
    }
    throw storeError("LOCKED", `${storePath} is being opened by another process at the same time; retry`);
  } finally {
    releaseFileLock(fs, draft);
  }
}

function releaseFileLock(fs, lockPath) {
  try {
    fs.unlinkSync(lockPath);
  } catch {
    // Already gone: nothing to release.
  }
}

function readOwner(fs, lockPath) {
  try {
    const pid = Number.parseInt(fs.readFileSync(lockPath, "utf8"), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return e?.code === "EPERM";
  }
}
