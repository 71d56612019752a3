// cojson's DBClientInterfaceSync over the engine's row store (CONTRACT.md), built from the
// operation table (src/protocol/operations.js): each method checks its arguments, makes its one
// engine call and decodes the answer. `rows()` gives the open engine store or throws CLOSED once
// this handle is closed; `context` gives cojson's reconciliation settings and logger.

import { CLIENT_OPERATIONS, KIND } from "../protocol/operations.js";
import { syncTransaction } from "./transaction.js";

export function createSyncClient(rows, context) {
  const client = {};
  for (const [name, op] of CLIENT_OPERATIONS) {
    client[name] = op.kind === KIND.TRANSACTION ? transaction(op) : (...callArgs) => {
      const wire = op.check(callArgs, context);
      return op.decode(op.engine(rows(), ...wire), wire, context);
    };
  }

  /** Runs cb(tx) synchronously: all of it commits, or (cb throws) none of it and the error is rethrown. */
  function transaction(op) {
    return (cb) => {
      op.check([cb], context);
      const engineTx = rows().begin();
      let result;
      try {
        result = cb(syncTransaction(engineTx, context));
      } catch (error) {
        engineTx.close();
        throw error;
      }
      engineTx.commit();
      return result;
    };
  }

  return client;
}
