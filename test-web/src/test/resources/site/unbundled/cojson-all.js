// cojson for the import map of the unbundled page: cojson is ESM with bare imports of its own
// dependencies, so the page gets it as one module (bundled by CojsonBrowserBundle into
// /pkg/target/cojson-all.js), WasmCrypto included.
export * from "cojson";
export { WasmCrypto } from "cojson/crypto/WasmCrypto";
