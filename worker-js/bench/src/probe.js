// The physical limit: what one FileSystemSyncAccessHandle does in this browser, now, with no
// engine in between. Measured at the start of every bench run, on its own scratch file.

const NAME = "bench-raw-probe";

function time(fn) {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

export async function probe(scale) {
  const root = await navigator.storage.getDirectory();
  const file = await root.getFileHandle(NAME, { create: true });
  const h = await file.createSyncAccessHandle();
  try {
    h.truncate(0);
    const calls = Math.round(2000 * scale);
    const small = new Uint8Array(4096).fill(7);
    const big = new Uint8Array(65536).fill(9);
    const tiny = new Uint8Array(200).fill(3);

    // Fixed cost of a write call: 1-byte writes at distinct offsets.
    const one = new Uint8Array(1);
    const writeCallMs = time(() => {
      for (let i = 0; i < calls; i++) h.write(one, { at: i * 4096 });
    });
    h.truncate(0);
    const w4k = time(() => {
      for (let i = 0; i < calls; i++) h.write(small, { at: i * 4096 });
    });
    const bigCalls = Math.max(16, Math.round(calls / 4));
    h.truncate(0);
    const w64k = time(() => {
      for (let i = 0; i < bigCalls; i++) h.write(big, { at: i * 65536 });
    });
    h.flush();
    const readBuf = new Uint8Array(4096);
    const readMs = time(() => {
      for (let i = 0; i < calls; i++) h.read(readBuf, { at: (i % bigCalls) * 65536 });
    });
    // A durable commit at its cheapest: append a small record, flush.
    h.truncate(0);
    const appends = Math.round(500 * scale);
    let at = 0;
    const appendMs = time(() => {
      for (let i = 0; i < appends; i++) {
        h.write(tiny, { at });
        at += tiny.length;
        h.flush();
      }
    });
    return {
      writeCallUs: (writeCallMs * 1000) / calls,
      write4kMBps: (calls * 4096) / 1e6 / (w4k / 1000),
      write64kMBps: (bigCalls * 65536) / 1e6 / (w64k / 1000),
      readCallUs: (readMs * 1000) / calls,
      appendFlushPerSec: appends / (appendMs / 1000),
    };
  } finally {
    h.close();
    await root.removeEntry(NAME).catch(() => {});
  }
}
