// A worker of the app's own that opens a store with cojson-storage-opfs/worker where OPFS is
// refused (bundled by CojsonBrowserBundle: the /worker entry runs next to the app's cojson).
import "./refuse-opfs.js";
import { openOpfsStore } from "cojson-storage-opfs/worker";

openOpfsStore({ name: "refused-in-a-worker" }).then(
  () => self.postMessage({ opened: true }),
  (error) => self.postMessage({ code: error.code, message: error.message }));
