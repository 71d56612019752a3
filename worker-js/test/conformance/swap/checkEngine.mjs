// run.mjs says which engine build this Node must run (JS on Node 20, Wasm GC on Node 22+);
// checking every store makes the report's claim about the engine a tested one.
export function checkEngine(store) {
  const expected = process.env.CONFORMANCE_ENGINE;
  const actual = store.stats().engine;
  if (expected && actual !== expected) {
    throw new Error(`conformance harness: expected the ${expected} engine, the store runs ${actual}`);
  }
}
