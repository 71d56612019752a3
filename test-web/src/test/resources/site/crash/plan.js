// The deterministic workload of the crash tests, shared by the writing and the checking side: what
// a session's rows, commit sizes and signatures are follows from its id and row index alone, so a
// checker can tell any stored state apart from every state the writer could have left.

/** FNV-1a, 32 bits, of a string. */
export function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A seeded PRNG (mulberry32): the order in which one crash round picks sessions. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const COVALUES = 24;
export const SESSIONS_PER_COVALUE = 3;
export const STREAM_SESSIONS = 4;

export const coValueID = (file, n) => `co_zcrash${file}x${n}`;
export const header = (n) => ({ type: "comap", ruleset: { type: "unsafeAllowAll" }, meta: null, uniqueness: `u${n}` });

/** A multi-row session (commits of 1–200 rows) or a stream session (one row per commit). */
export function session(file, coValue, j, stream) {
  return { file, coValue, id: `${coValueID(file, coValue)}_session_z${stream ? "stream" : "multi"}${j}`, stream };
}

/** Every session of the file, multi-row ones first. */
export function allSessions(file) {
  const all = [];
  for (let n = 0; n < COVALUES; n++) {
    for (let j = 0; j < SESSIONS_PER_COVALUE; j++) all.push(session(file, n, j, false));
  }
  for (let j = 0; j < STREAM_SESSIONS; j++) all.push(session(file, COVALUES, j, true));
  return all;
}

/** The sessions round `round` writes, in order (it is killed somewhere along them). */
export function* picks(file, seed, round, stream) {
  const next = random(seed * 7919 + round);
  for (;;) {
    yield stream
      ? session(file, COVALUES, Math.floor(next() * STREAM_SESSIONS), true)
      : session(file, Math.floor(next() * COVALUES), Math.floor(next() * SESSIONS_PER_COVALUE), false);
  }
}

/** The commit that starts at row `start` of session `s`: its size, and whether it writes a signature. */
export function commitAt(s, start) {
  const h = hash(`${s.id}#${start}`);
  return { rows: s.stream ? 1 : 1 + (h % 200), signed: h % 4 === 0 };
}

export const signature = (s, idx) => `signature_z${hash(`${s.id}@${idx}`).toString(36)}`;

/** The transaction stored at row idx of session s. */
export function transaction(s, idx) {
  const h = hash(`${s.id}:${idx}`);
  return {
    privacy: "trusting",
    madeAt: 1763000000000 + idx * 1000 + (h % 1000),
    changes: JSON.stringify([{ op: "set", key: `k${idx}`, value: "v".repeat(h % 160) }]),
  };
}
