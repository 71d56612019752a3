package cojson.storage.opfs.cojson;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonBytesTest {
    @Test
    void numbersAreWrittenExactlyOverTheWholeLongRange() {
        long[] edges = {0, 1, -1, 9, 10, 99, 100, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE + 1L,
            Integer.MIN_VALUE - 1L, 999_999_999L, 1_000_000_000L, 1_000_000_001L, 1732480000000L, -1732480000007L,
            Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1};
        for (long v : edges) {
            assertEquals(Long.toString(v), new JsonBytes().number(v).toString());
        }
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            long v = random.nextLong() >> random.nextInt(64);
            assertEquals(Long.toString(v), new JsonBytes().number(v).toString(), "seed 7, value " + v);
            int small = random.nextInt() >> random.nextInt(32);
            assertEquals(Integer.toString(small), new JsonBytes().number(small).toString(), "seed 7, value " + small);
        }
    }

    @Test
    void quotedStringsEscapeQuotesBackslashesAndControlCharactersButKeepOtherUtf8AsIs() {
        String s = "a\"b\\c\n\u0001\u001f é€😀";
        String expected = "\"a\\\"b\\\\c\\u000a\\u0001\\u001f é€😀\"";
        assertEquals(expected, new JsonBytes().quoted(s).toString());
        byte[] utf8 = ("xx" + s).getBytes(StandardCharsets.UTF_8);
        assertEquals(expected, new JsonBytes().quotedUtf8(utf8, 2, utf8.length - 2).toString());
    }

    @Test
    void theBufferGrowsAcrossWritesAndClearKeepsNothingOfTheLastResult() {
        JsonBytes out = new JsonBytes();
        byte[] chunk = "{\"k\":\"0123456789\"}".getBytes(StandardCharsets.UTF_8);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            out.raw(chunk, 0, chunk.length).ascii(',').number(i);
            expected.append("{\"k\":\"0123456789\"},").append(i);
        }
        assertEquals(expected.toString(), out.toString());
        assertEquals("[]", out.clear().ascii("[]").toString());
        assertEquals(2, out.length());
    }
}
