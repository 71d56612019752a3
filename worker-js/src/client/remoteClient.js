// cojson's DBClientInterfaceAsync on the main thread, over requests to the owner worker, built
// from the operation table (src/protocol/operations.js). It keeps the async contract as
// src/cojson/asyncClient.js does (CONTRACT.md): transactions one at a time in call order, a failed
// one rolls back (nothing was sent) and rejects without blocking the next, calls made inside a
// callback go straight out (not queued behind it), erase runs through this.transaction, the
// fire-and-forget methods never reject. Rows are fresh objects (parsed from the owner's answer, or
// handed out once from it: readCache.js) and undefined stays undefined.
//
// Round trips: a read the tab can answer (readCache.js: the rest of a load, the rowID of a known
// coValue, the session rows a transaction reads) costs none; every other request one (requests of
// the same tick share a message); a transaction's writes one commit.

import { cojsonContext } from "../cojson/context.js";
import { serialQueue } from "../cojson/serialQueue.js";
import { storeError } from "../protocol/errors.js";
import { asyncErase, CLIENT_OPERATIONS, KIND } from "../protocol/operations.js";
import { bufferedTransaction } from "./bufferedTransaction.js";
import { CONFLICT_RETRIES } from "./protocol.js";
import { createReadCache, MISS } from "./readCache.js";

const MAX_BACKOFF_MS = 100;

export function createRemoteClient(request, context = cojsonContext) {
  const inTurn = serialQueue();
  const cache = createReadCache();
  const counters = { commits: 0, conflicts: 0, answeredLocally: {} };
  const countLocal = (name) => {
    counters.answeredLocally[name] = (counters.answeredLocally[name] ?? 0) + 1;
  };

  // Answers in flight of reads whose answer the cache receives (a load's getCoValue), by request:
  // cojson often starts two loads of one CoValue at once; they share one request and one answer,
  // each receiving its own parse of it (readCache.js, 1.).
  const inFlight = new Map();

  function shared(name, wire) {
    const key = `${name}\0${wire.join("\0")}`;
    let answer = inFlight.get(key);
    if (answer === undefined) {
      answer = request(name, wire).finally(() => inFlight.delete(key));
      inFlight.set(key, answer);
    } else {
      countLocal(name);
    }
    return answer;
  }

  async function call(name, op, callArgs) {
    const wire = op.check(callArgs, context);
    const known = cache.read(name, wire);
    if (known !== MISS) {
      countLocal(name);
      return known;
    }
    if (cache.receives(name)) {
      return cache.receive(name, wire, await (op.kind === KIND.READ ? shared(name, wire) : request(name, wire)));
    }
    const raw = await request(name, wire);
    const value = op.decode(raw, wire, context);
    cache.learn(name, wire, value);
    return value;
  }

  const client = {};
  for (const [name, op] of CLIENT_OPERATIONS) {
    if (op.kind === KIND.READ || op.kind === KIND.WRITE) {
      client[name] = (...callArgs) => call(name, op, callArgs);
    } else if (op.kind === KIND.FIRE_AND_FORGET) {
      client[name] = async (...callArgs) => {
        try {
          await call(name, op, callArgs);
        } catch (error) {
          context.warn(`cojson-storage-opfs: ${name} failed`, { err: error });
        }
      };
    } else if (op.kind === KIND.TRANSACTION) {
      client[name] = transaction(op);
    } else if (op.kind === KIND.ERASE) {
      client[name] = asyncErase(context);
    }
  }

  /**
   * Runs cb against a tx that buffers its writes, after every earlier transaction has settled,
   * and sends them in one commit when cb's promise resolves. When what cb read was changed by
   * another tab (or was stale here), cb runs again on the rows the conflict answered (cojson's
   * callbacks derive their writes from their reads).
   */
  function transaction(op) {
    return (cb) => inTurn(async () => {
      op.check([cb], context);
      for (let attempt = 0; attempt <= CONFLICT_RETRIES; attempt++) {
        const buffered = bufferedTransaction({ request, cache, context, countLocal });
        let result;
        try {
          result = await cb(buffered.tx);
        } finally {
          buffered.end();
        }
        if (!buffered.hasWrites()) return result;
        counters.commits++;
        const answer = buffered.parseAnswer(await request("commit", [buffered.commitBytes()]));
        if (!answer.conflict) {
          cache.committed(buffered.writes, answer.rowIDs);
          return result;
        }
        if (answer.replaced) {
          cache.clear();
          throw storeError("CONFLICT", "a coValue rowID this transaction used names another CoValue now: the store "
            + "behind this tab was replaced; nothing was written, reload the page");
        }
        counters.conflicts++;
        cache.conflicted(buffered.sessionChecks(), answer.sessions);
        // A random pause, longer after each conflict, so that two tabs retrying the same rows
        // stop colliding instead of taking turns at making each other retry.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2 ** attempt, MAX_BACKOFF_MS)));
      }
      throw storeError("CONFLICT", `the transaction's reads were changed by another tab ${CONFLICT_RETRIES + 1} times `
        + "in a row; nothing was written, retry it later");
    });
  }

  return {
    client,
    transactionCounters: () => ({ commits: counters.commits, conflicts: counters.conflicts,
      answeredLocally: { ...counters.answeredLocally } }),
  };
}
