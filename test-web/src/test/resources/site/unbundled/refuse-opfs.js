// Makes this worker's OPFS refuse as Firefox private browsing does: getDirectory() rejects with
// SecurityError. Imported before the storage worker's own modules (refusing-owner-worker.js).
StorageManager.prototype.getDirectory = function getDirectory() {
  return Promise.reject(new DOMException("The operation is insecure.", "SecurityError"));
};
