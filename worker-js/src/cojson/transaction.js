// The `tx` object cojson gets inside transaction(cb), over one engine transaction, built from the
// transaction operations of the table (src/protocol/operations.js). The engine transaction refuses
// every call once it has ended (CLOSED), so a tx kept past its callback cannot write.

import { TX_OPERATIONS } from "../protocol/operations.js";

/** The synchronous tx (DBTransactionInterfaceSync). */
export function syncTransaction(engineTx, context) {
  const tx = {};
  for (const [name, op] of TX_OPERATIONS) {
    if (!op.asyncOnly) tx[name] = call(engineTx, op, context);
  }
  return tx;
}

/** The asynchronous tx (DBTransactionInterfaceAsync): the same calls as promises, plus deleteCoValueContent. */
export function asyncTransaction(engineTx, context) {
  const tx = {};
  for (const [name, op] of TX_OPERATIONS) {
    const method = call(engineTx, op, context);
    tx[name] = async (...callArgs) => method(...callArgs);
  }
  return tx;
}

function call(engineTx, op, context) {
  return (...callArgs) => {
    const wire = op.check(callArgs, context);
    return op.decode(op.engine(engineTx, ...wire), wire, context);
  };
}
