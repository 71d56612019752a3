// Makes this worker's OPFS refuse as Firefox private browsing does: getDirectory() rejects with
// SecurityError. Imported before the storage worker's own modules (refusing-owner-worker.js). A
// worker named "opfs-as-is" keeps the browser's own OPFS (Firefox's real private mode).
if (self.name !== "opfs-as-is") {
  StorageManager.prototype.getDirectory = function getDirectory() {
    return Promise.reject(new DOMException("The operation is insecure.", "SecurityError"));
  };
}
