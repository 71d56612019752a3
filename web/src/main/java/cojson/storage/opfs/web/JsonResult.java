package cojson.storage.opfs.web;

import cojson.storage.opfs.cojson.JsonBytes;
import java.nio.ByteBuffer;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSBuffer;
import org.teavm.jso.JSBufferType;
import org.teavm.jso.typedarrays.Uint8Array;

/**
 * Row results (UTF-8 JSON in a {@link JsonBytes}) to JS, and a tab's commit bytes from JS, through
 * one reused direct buffer (linear memory on Wasm GC, an Int8Array on the JS build): one bulk copy
 * each way. A result leaves as a fresh {@code Uint8Array} that JS owns: the worker-side clients
 * decode it at once ({@code TextDecoder}, one {@code JSON.parse}); an owner worker transfers it to
 * the tab untouched. Building a Java string instead cost a UTF-8 decode into chars, char buffers,
 * and a char-by-char conversion to a JS string.
 *
 * <p>The buffer grows by doubling; a view over it is made per call and dropped at once, because a
 * later {@code allocateDirect} may grow linear memory and detach it.
 */
final class JsonResult {
    private ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
    private byte[] incoming = new byte[0];

    /** A fresh Uint8Array holding the JSON, or null (undefined-to-be on the JS side) for null. */
    Uint8Array bytes(JsonBytes json) {
        if (json == null) {
            return null;
        }
        int length = json.length();
        ensure(length);
        buffer.clear();
        buffer.put(json.array(), 0, length);
        return sliceCopy(buffer, length);
    }

    /** The bytes of {@code source} in a Java array (reused: valid until the next call); {@code [0, length)} hold them. */
    byte[] incoming(Uint8Array source, int length) {
        ensure(length);
        buffer.clear();
        copyInto(buffer, source);
        if (incoming.length < length) {
            incoming = new byte[Math.max(length, incoming.length * 2)];
        }
        buffer.get(incoming, 0, length);
        return incoming;
    }

    private void ensure(int length) {
        if (buffer.capacity() < length) {
            buffer = ByteBuffer.allocateDirect(Math.max(length, buffer.capacity() * 2));
        }
    }

    @JSBody(params = { "buffer", "length" }, script = "return buffer.slice(0, length);")
    private static native Uint8Array sliceCopy(@JSBuffer(JSBufferType.UINT8) ByteBuffer buffer, int length);

    @JSBody(params = { "buffer", "source" }, script = "buffer.set(source, 0);")
    private static native void copyInto(@JSBuffer(JSBufferType.UINT8) ByteBuffer buffer, Uint8Array source);
}
