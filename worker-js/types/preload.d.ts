// `import "cojson-storage-opfs/preload";` first in an app's entry module starts the storage worker
// before the rest of the app evaluates; getOpfsStorage() later adopts it.
export { preloadOpfsStorage } from "./index.js";
