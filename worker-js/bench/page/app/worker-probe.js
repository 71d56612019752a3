// Seen from the page, without touching the package: when the package creates its worker and when
// that worker first answers. Installed before anything else of the OPFS build (it is the first
// module of bench:preload), so a worker the package starts on import is seen too. A subclass, so
// the package's worker is otherwise unchanged.

export const seen = { workers: [] };

const NativeWorker = globalThis.Worker;
globalThis.Worker = class extends NativeWorker {
  constructor(url, options) {
    const entry = { url: String(url), constructing: performance.now() };
    super(url, options);
    entry.created = performance.now();
    seen.workers.push(entry);
    this.addEventListener("message", () => {
      entry.firstMessage ??= performance.now();
    });
  }
};
