package cojson.storage.opfs.cojson;

import cojson.storage.opfs.engine.ByteSink;
import java.nio.charset.StandardCharsets;

/**
 * JSON text built as UTF-8 bytes in one buffer that is reused from call to call. Row results are
 * written here: stored header and transaction texts are already UTF-8 JSON in the pages, so they
 * are copied as bytes, never decoded into Java chars (that decoding, the char buffers and the
 * Java-to-JS string conversion were most of a large read). The JS side decodes the bytes once
 * (TextDecoder) for one {@code JSON.parse}.
 *
 * <p>Numbers that fit an {@code int} are written with {@code int} arithmetic: on the TeaVM JS
 * build every {@code long} operation is a BigInt operation.
 */
public final class JsonBytes implements ByteSink {
    private static final byte[] MIN_LONG = "-9223372036854775808".getBytes(StandardCharsets.US_ASCII);

    private byte[] bytes = new byte[256];
    private int length;

    /** Empties the buffer (keeping its capacity) for the next result. */
    public JsonBytes clear() {
        length = 0;
        return this;
    }

    public int length() {
        return length;
    }

    /** The buffer itself: bytes {@code [0, length())} are the text. Valid until the next write. */
    public byte[] array() {
        return bytes;
    }

    /** As a sink, appends what it is given as it is (a stored value that is JSON text). */
    @Override
    public void accept(byte[] src, int offset, int count) {
        raw(src, offset, count);
    }

    JsonBytes ascii(char c) {
        ensure(1);
        bytes[length++] = (byte) c;
        return this;
    }

    /** Punctuation and names: ASCII only. */
    JsonBytes ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[length++] = (byte) s.charAt(i);
        }
        return this;
    }

    /** Bytes that are already JSON text (a stored header or transaction, a prepared prefix). */
    JsonBytes raw(byte[] src, int offset, int count) {
        ensure(count);
        System.arraycopy(src, offset, bytes, length, count);
        length += count;
        return this;
    }

    JsonBytes number(int v) {
        if (v < 0) {
            if (v == Integer.MIN_VALUE) {
                return ascii("-2147483648");
            }
            ascii('-');
            v = -v;
        }
        int digits = 1;
        for (int rest = v / 10; rest != 0; rest /= 10) {
            digits++;
        }
        ensure(digits);
        int at = length + digits;
        do {
            bytes[--at] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        length += digits;
        return this;
    }

    JsonBytes number(long v) {
        if (v == (int) v) {
            return number((int) v);
        }
        if (v == Long.MIN_VALUE) {
            return raw(MIN_LONG, 0, MIN_LONG.length);
        }
        if (v < 0) {
            ascii('-');
            v = -v;
        }
        // Split so the digit loop runs on ints: v = high * 10^9 + low.
        long high = v / 1_000_000_000L;
        int low = (int) (v - high * 1_000_000_000L);
        number(high);
        ensure(9);
        for (int at = length + 8; at >= length; at--) {
            bytes[at] = (byte) ('0' + low % 10);
            low /= 10;
        }
        length += 9;
        return this;
    }

    /** A JSON string literal of a Java string (ids, session ids): UTF-8, with RFC 8259 escapes. */
    JsonBytes quoted(String s) {
        byte[] utf8 = Utf8.encode(s);
        return quotedUtf8(utf8, 0, utf8.length);
    }

    /**
     * A JSON string literal of stored UTF-8 text. Bytes of multi-byte characters are all >= 0x80,
     * so only the quote, the backslash and control bytes need an escape.
     */
    JsonBytes quotedUtf8(byte[] src, int offset, int count) {
        ensure(count + 2);
        bytes[length++] = '"';
        for (int i = offset; i < offset + count; i++) {
            byte b = src[i];
            if (b == '"' || b == '\\') {
                ensure(2 + offset + count - i);
                bytes[length++] = '\\';
                bytes[length++] = b;
            } else if (b >= 0 && b < 0x20) {
                ensure(7 + offset + count - i);
                ascii("\\u00");
                bytes[length++] = (byte) Character.forDigit(b >> 4, 16);
                bytes[length++] = (byte) Character.forDigit(b & 15, 16);
            } else {
                bytes[length++] = b;
            }
        }
        bytes[length++] = '"';
        return this;
    }

    /** The text as a Java string (tests and the JVM; the web builds hand the bytes to JS). */
    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            byte[] grown = new byte[Math.max(bytes.length * 2, length + more)];
            System.arraycopy(bytes, 0, grown, 0, length);
            bytes = grown;
        }
    }
}
