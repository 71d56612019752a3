// Relaxed durability on a phone: commits return at once and their log waits in memory, so the
// store is flushed (1) when the app leaves the foreground, because iOS may suspend it a few seconds
// later and then kill it without a word, and Android may kill it in the background; (2) every
// `flushEveryMs` while commits are pending, which bounds what a crash in the foreground can lose;
// (3) on close(). Flushing when nothing is pending costs one call and no I/O.

import { warn } from "../cojson/reconciliation.js";

/** Default bound on how long a relaxed commit waits for its flush while the app is in the foreground. */
export const FLUSH_EVERY_MS = 1000;

/**
 * Starts flushing `store` as above; returns stop(), which ends it (close() calls it). `appState`
 * is react-native's AppState (anything with addEventListener("change", listener) returning
 * { remove() }), or null where there is no app lifecycle.
 */
export function keepFlushed(store, appState, flushEveryMs) {
  let stopped = false;
  let timer;

  function flushNow(why) {
    try {
      store.flush();
    } catch (error) {
      // The store recovered in place and keeps the commits in memory: the next flush retries.
      warn(`cojson-storage-opfs: flushing the store (${why}) failed`, { err: error });
    }
  }

  function tick() {
    timer = undefined;
    if (stopped) {
      return;
    }
    flushNow("timer");
    timer = setTimeout(tick, flushEveryMs);
  }

  const subscription = appState === null ? null : appState.addEventListener("change", (state) => {
    // "background" on both platforms; iOS passes through "inactive" first (app switcher, a call),
    // the last moment it surely still runs.
    if (state !== "active" && !stopped) {
      flushNow(`app ${state}`);
    }
  });
  if (flushEveryMs > 0) {
    timer = setTimeout(tick, flushEveryMs);
  }

  return function stop() {
    stopped = true;
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    subscription?.remove();
  };
}
