package cojson.storage.opfs.web;

import java.nio.ByteBuffer;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSBuffer;
import org.teavm.jso.JSBufferType;
import org.teavm.jso.typedarrays.Uint8Array;

/**
 * Byte arrays across the boundary, the same way on both builds: through a direct buffer, because
 * Wasm GC cannot show a {@code byte[]} to JS. Views over the buffer are used at once and never kept
 * (a later {@code allocateDirect} may grow linear memory and detach them).
 */
final class Bytes {
    private Bytes() {
    }

    /** A Java copy of a JS Uint8Array. */
    static byte[] fromJs(Uint8Array source) {
        int length = source.getLength();
        ByteBuffer buffer = ByteBuffer.allocateDirect(length);
        copyInto(buffer, source);
        byte[] out = new byte[length];
        buffer.get(out);
        return out;
    }

    /** A JS Uint8Array that owns a copy of {@code bytes[0, length)}. */
    static Uint8Array toJs(byte[] bytes, int length) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(length);
        buffer.put(bytes, 0, length).flip();
        return copyOf(buffer, length);
    }

    /** A JS Uint8Array that owns a copy of a direct buffer's first {@code length} bytes. */
    static Uint8Array copyOf(ByteBuffer direct, int length) {
        return sliceCopy(direct, length);
    }

    @JSBody(params = { "buffer", "source" }, script = "buffer.set(source, 0);")
    private static native void copyInto(@JSBuffer(JSBufferType.UINT8) ByteBuffer buffer, Uint8Array source);

    @JSBody(params = { "buffer", "length" }, script = "return buffer.slice(0, length);")
    private static native Uint8Array sliceCopy(@JSBuffer(JSBufferType.UINT8) ByteBuffer buffer, int length);
}
