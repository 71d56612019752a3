package cojson.storage.opfs.web;

import cojson.storage.opfs.StoreException;
import cojson.storage.opfs.engine.Cursor;
import java.nio.charset.StandardCharsets;

/** JS strings to stored bytes (UTF-8) and back, and scan results as one JSON text. */
final class Text {
    private Text() {
    }

    static byte[] key(String key) {
        StoreException.check(key != null, "key is null");
        return bytes(key);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bytesOrNull(String text) {
        return text == null ? null : bytes(text);
    }

    static String stringOrNull(byte[] utf8) {
        return utf8 == null ? null : new String(utf8, StandardCharsets.UTF_8);
    }

    /** Drains the cursor into {@code [[key, value], ...]}. */
    static String entriesJson(Cursor cursor) {
        StringBuilder json = new StringBuilder().append('[');
        boolean first = true;
        while (cursor.next()) {
            if (!first) {
                json.append(',');
            }
            first = false;
            json.append('[');
            appendJsonString(json, stringOrNull(cursor.key()));
            json.append(',');
            appendJsonString(json, stringOrNull(cursor.value()));
            json.append(']');
        }
        return json.append(']').toString();
    }

    /** A JSON string literal (RFC 8259): quote, backslash and control characters escaped. */
    static void appendJsonString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
