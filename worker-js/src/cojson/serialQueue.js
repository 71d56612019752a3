// Async transactions run one at a time in call order (CONTRACT.md): a job starts once every
// earlier job has settled, and a failed job rejects only its own caller, never the queue.

/** A function that runs `job()` after every job given to it before has settled. */
export function serialQueue() {
  let tail = Promise.resolve();
  return (job) => {
    const run = tail.then(job);
    tail = run.then(() => undefined, () => undefined);
    return run;
  };
}
