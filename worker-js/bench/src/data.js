// The seeded operation stream every peer gets: the same ids, sessions and transactions, byte for
// byte, on every run. Transactions look like cojson's trusting ones (~220 B of JSON each).

/** xorshift32: a small seeded generator, the same sequence in every JS engine. */
export function random(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

/** A seeded shuffle of 0..n-1. */
export function permutation(n, seed) {
  const next = random(seed);
  const out = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

function word(next, length) {
  let s = "";
  for (let i = 0; i < length; i++) {
    s += ALPHABET[Math.floor(next() * ALPHABET.length)];
  }
  return s;
}

export function coValueId(i) {
  return `co_zBench${String(i).padStart(7, "0")}`;
}

export function sessionId(v, s) {
  return `co_zAccount${String(s).padStart(3, "0")}_session_zS${v}x${s}`;
}

export const HEADER = (i) => ({
  type: "comap",
  ruleset: { type: "ownedByGroup", group: "co_zGroupBench" },
  meta: null,
  uniqueness: `u${i}`,
});

/** Transaction `idx` of session `s` of CoValue `v`: trusting, ~220 B of JSON. */
export function transaction(v, s, idx) {
  const next = random((v * 7919 + s * 104729 + idx * 31) ^ 0x9e3779b9);
  const changes = JSON.stringify([{ op: "set", key: word(next, 8), value: word(next, 120) }]);
  return { privacy: "trusting", madeAt: 1732480000000 + idx * 1000 + s, changes };
}

/** A binary chunk transaction: `bytes` of seeded data, base64 in the changes (as BinaryCoStream). */
export function binaryChunk(idx, bytes) {
  const next = random(idx + 17);
  const raw = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) {
    raw[i] = Math.floor(next() * 256);
  }
  let bin = "";
  for (let i = 0; i < raw.length; i += 0x8000) {
    bin += String.fromCharCode(...raw.subarray(i, i + 0x8000));
  }
  const changes = JSON.stringify([{ type: "chunk", chunk: `binary_U${btoa(bin)}` }]);
  return { privacy: "trusting", madeAt: 1732480000000 + idx, changes };
}

/**
 * Content messages as cojson's StorageApi.store() writes them: one CoValue, one session, `count`
 * new transactions after `after`. N CoValues x S sessions x T transactions, cut into messages of
 * `perMessage`, interleaved across CoValues (message k of every CoValue before message k+1).
 */
export function* ingestStream(n, sessions, perSession, perMessage, makeTx = transaction) {
  for (let after = 0; after < perSession; after += perMessage) {
    for (let s = 0; s < sessions; s++) {
      for (let v = 0; v < n; v++) {
        const count = Math.min(perMessage, perSession - after);
        const txs = [];
        for (let i = 0; i < count; i++) {
          txs.push(makeTx(v, s, after + i));
        }
        yield { v, id: coValueId(v), header: HEADER(v), sessionID: sessionId(v, s), after, txs };
      }
    }
  }
}
