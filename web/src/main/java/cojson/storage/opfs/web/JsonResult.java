package cojson.storage.opfs.web;

import cojson.storage.opfs.cojson.JsonBytes;
import java.nio.ByteBuffer;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSBuffer;
import org.teavm.jso.JSBufferType;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSString;

/**
 * Hands a row result (UTF-8 JSON in a {@link JsonBytes}) to JS as a JS string: one bulk copy into
 * a direct buffer (linear memory on Wasm GC, an Int8Array on the JS build), then the runtime's
 * native {@code TextDecoder} over a view of it. Building a Java string instead cost a UTF-8 decode
 * into chars, char buffers, and a char-by-char conversion to a JS string.
 *
 * <p>The buffer is reused and grows by doubling; the view is made per call and dropped at once,
 * because a later {@code allocateDirect} may grow linear memory and detach it.
 */
final class JsonResult {
    private final JSObject decoder = newDecoder();
    private ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);

    /** The text of {@code json}, or null (undefined-to-be on the JS side) for null. */
    JSString text(JsonBytes json) {
        if (json == null) {
            return null;
        }
        int length = json.length();
        if (buffer.capacity() < length) {
            buffer = ByteBuffer.allocateDirect(Math.max(length, buffer.capacity() * 2));
        }
        buffer.clear();
        buffer.put(json.array(), 0, length);
        return decode(decoder, buffer, length);
    }

    @JSBody(script = "return new TextDecoder();")
    private static native JSObject newDecoder();

    @JSBody(params = { "decoder", "buffer", "length" }, script = "return decoder.decode(buffer.subarray(0, length));")
    private static native JSString decode(JSObject decoder, @JSBuffer(JSBufferType.UINT8) ByteBuffer buffer, int length);
}
