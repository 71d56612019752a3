/** True inside a Web Worker. */
export function isInWorker(): boolean;
/** True where `cojson-storage-opfs/worker` can open a store (a dedicated worker with OPFS sync access handles). */
export function supportsOpfs(): boolean;
export type { Durability, Store, StoreError, StoreErrorCode, StoreStats } from "./store.js";
