// A browser tab's client (src/client/remoteClient.js) talking to an owner's dispatch
// (src/owner/serve.js) on a store of this process, through a stand-in for the tab↔worker
// messages: requests made in the same tick travel as one message, the owner serves messages one at
// a time in arrival order, and every argument and answer is structured-cloned as postMessage
// would (JSON bytes included), errors as their data. Several tabs made with one `owner` share its queue, as tabs share
// their owner worker. Used by the Node tests and by the conformance run of cojson's own tests
// (test/conformance, CONFORMANCE_CLIENT=tab); they import the two modules themselves and pass them in.

/** The owner of `store`: one queue that serves the messages of every tab made with it, in order. */
export function inProcessOwner(store, { createServer, asStoreErrorData, errorFromData }) {
  const serve = createServer(store, "in-process-owner");
  let served = Promise.resolve();
  return {
    /** Serves one message's requests after every earlier message, answering each with clone semantics. */
    deliver(requests) {
      served = served.then(async () => {
        // Served a few microtasks later, not a task later as postMessage would: cojson's tests drive
        // time with fake timers and wait on promises, as they do with cojson's own async storage;
        // the real messages' timing is the browser tests' to check.
        await Promise.resolve();
        for (const request of requests) {
          try {
            request.resolve(structuredClone(await serve({ op: request.op, args: structuredClone(request.args) })));
          } catch (error) {
            request.reject(errorFromData(structuredClone(asStoreErrorData(error))));
          }
        }
      });
    },
  };
}

/** A tab's client on `owner`, with roundTrips() counted as the real connection counts them. */
export function inProcessTab(owner, { createRemoteClient }, context) {
  const counters = { messages: 0, requests: 0, byOp: {} };
  let outbox = [];
  const request = (op, args) => new Promise((resolve, reject) => {
    counters.requests++;
    counters.byOp[op] = (counters.byOp[op] ?? 0) + 1;
    if (outbox.length === 0) {
      queueMicrotask(() => {
        counters.messages++;
        const requests = outbox;
        outbox = [];
        owner.deliver(requests);
      });
    }
    outbox.push({ op, args, resolve, reject });
  });
  const { client, transactionCounters } = createRemoteClient(request, context);
  client.roundTrips = () => ({ messages: counters.messages, requests: counters.requests, byOp: { ...counters.byOp },
    ...transactionCounters() });
  return client;
}
