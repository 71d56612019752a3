// The buffers a message may transfer instead of copying: the engine's JSON answers and a tab's
// commit bytes are fresh Uint8Arrays over buffers of their own (nothing else holds them), so
// postMessage hands them over without a copy. A BroadcastChannel cannot transfer; it copies.

/** The ArrayBuffers of the whole-buffer Uint8Arrays among `values`, each once. */
export function transferables(values) {
  const buffers = new Set();
  for (const value of values) {
    if (value instanceof Uint8Array && value.byteOffset === 0 && value.byteLength === value.buffer.byteLength
        && value.buffer instanceof ArrayBuffer) {
      buffers.add(value.buffer);
    }
  }
  return [...buffers];
}

/** What a "requests" or "responses" message may transfer: request arguments and answer values. */
export function messageTransferables(message) {
  if (message?.type === "requests") return transferables(message.requests.flatMap((request) => request.args ?? []));
  if (message?.type === "responses") return transferables(message.responses.map((response) => response.value));
  return [];
}
