// The package's storage worker, unbundled, in a worker whose OPFS is refused (refuse-opfs.js runs first).
import "./refuse-opfs.js";
import "/pkg/target/node_modules/cojson-storage-opfs/src/owner/owner-worker.js";
