package cojson.storage.opfs.cojson;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {
    @Test
    void encodesExactlyLikeGetBytesIncludingUnpairedSurrogates() {
        String[] fixed = {"", "abc", "é", "€", "😀", "a\uD83Db", "\uDE00x", "x\uD83D", "\uDE00\uD83D", "\u0000\u007f\u0080\u07ff\u0800\uffff"};
        for (String s : fixed) {
            assertArrayEquals(s.getBytes(StandardCharsets.UTF_8), Utf8.encode(s), s);
        }
        Random random = new Random(11);
        char[] pool = {'a', '"', '\\', '\n', 'é', 'ß', '€', '中', '\uD83D', '\uDE00', '\uDBFF', '\uDC00', '\uFFFF', '\u0000'};
        for (int t = 0; t < 20_000; t++) {
            char[] chars = new char[random.nextInt(12)];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = random.nextInt(4) == 0 ? (char) random.nextInt(0x10000) : pool[random.nextInt(pool.length)];
            }
            String s = new String(chars);
            assertArrayEquals(s.getBytes(StandardCharsets.UTF_8), Utf8.encode(s), "seed 11, case " + t);
        }
    }
}
