// cojson's DBClientInterfaceAsync over the same row store (CONTRACT.md), built from the operation
// table (src/protocol/operations.js). Every method is the sync client's call in a promise, except
// for the rules that are the point of the async contract: transactions run one at a time in call
// order and a failed one rolls back and rejects without blocking the next; erase runs through
// this.transaction (cojson's tests spy on it); the fire-and-forget methods never reject.

import { asyncErase, CLIENT_OPERATIONS, KIND } from "../protocol/operations.js";
import { asyncTransaction } from "./transaction.js";
import { serialQueue } from "./serialQueue.js";

export function createAsyncClient(rows, syncClient, context) {
  const inTurn = serialQueue();
  const client = {};
  for (const [name, op] of CLIENT_OPERATIONS) {
    if (op.kind === KIND.READ || op.kind === KIND.WRITE) {
      // Not queued behind transactions: cojson calls these from inside transaction callbacks too.
      client[name] = async (...callArgs) => syncClient[name](...callArgs);
    } else if (op.kind === KIND.FIRE_AND_FORGET) {
      client[name] = async (...callArgs) => {
        try {
          syncClient[name](...callArgs);
        } catch (error) {
          context.warn(`cojson-storage-opfs: ${name} failed`, { err: error });
        }
      };
    } else if (op.kind === KIND.TRANSACTION) {
      /** Runs after every earlier transaction has settled; commits when cb's promise resolves. */
      client[name] = function transaction(cb) {
        return inTurn(async () => {
          op.check([cb], context);
          const engineTx = rows().begin();
          let result;
          try {
            result = await cb(asyncTransaction(engineTx, context));
          } catch (error) {
            engineTx.close();
            throw error;
          }
          engineTx.commit();
          return result;
        });
      };
    } else if (op.kind === KIND.ERASE) {
      client[name] = asyncErase(context);
    }
  }
  return client;
}
