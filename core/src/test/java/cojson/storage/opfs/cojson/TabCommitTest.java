package cojson.storage.opfs.cojson;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cojson.storage.opfs.ErrorCode;
import cojson.storage.opfs.StoreException;
import cojson.storage.opfs.engine.StoreOptions;
import cojson.storage.opfs.io.MemoryFile;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A tab's buffered transaction as one engine call ({@link TabCommit}) and the reads a tab's load gets at once. */
class TabCommitTest {
    private static final String HEADER = "{\"type\":\"comap\",\"ruleset\":{\"type\":\"unsafeAllowAll\"},\"meta\":null,\"uniqueness\":\"z1\"}";
    private RowStore rows;

    @BeforeEach
    void open() {
        rows = RowStore.open(new MemoryFile(), StoreOptions.defaults());
    }

    @AfterEach
    void close() {
        rows.close();
    }

    /** Records as the tab's codec writes them: each field followed by NUL. */
    private static byte[] commit(Object[]... records) {
        StringBuilder out = new StringBuilder();
        for (Object[] record : records) {
            for (Object field : record) {
                out.append(field instanceof Double || field instanceof Integer || field instanceof Long
                        ? numberText(field) : field).append('\0');
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String numberText(Object n) {
        double d = ((Number) n).doubleValue();
        return d == Math.floor(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private String apply(byte[] commit) {
        return rows.commitTab(commit, commit.length).toString();
    }

    private static String tx(int i) {
        return "{\"privacy\":\"trusting\",\"madeAt\":17324567890123" + i + ",\"changes\":\"[\\\"é" + i + "\\\"]\"}";
    }

    @Test
    void aNewSessionsProvisionalRowIdBecomesRealAndItsTransactionsAndSignatureLandUnderIt() {
        double co = rows.upsertCoValue("co_zA", HEADER);
        String answer = apply(commit(
                new Object[] {"s", co, "a_session_z1", 0, 0, 0, "", -1},
                new Object[] {"U", co, "a_session_z1", 2, "signature_z2", 40, -1},
                new Object[] {"S", -1, 1, "signature_z2"},
                new Object[] {"T", -1, 0, tx(0)},
                new Object[] {"T", -1, 1, tx(1)}));
        assertEquals("{\"rowIDs\":[1]}", answer);
        assertEquals("[{\"rowID\":1,\"coValue\":1,\"sessionID\":\"a_session_z1\",\"lastIdx\":2,"
                + "\"lastSignature\":\"signature_z2\",\"bytesSinceLastSignature\":40}]", rows.getCoValueSessions(co).toString());
        assertEquals("[{\"ses\":1,\"idx\":0,\"tx\":" + tx(0) + "},{\"ses\":1,\"idx\":1,\"tx\":" + tx(1) + "}]",
                rows.getNewTransactionInSession(1, 0, 5).toString(), "the transaction bytes are stored as sent");
        assertEquals("[{\"ses\":1,\"idx\":1,\"signature\":\"signature_z2\"}]", rows.getSignatures(1, 0).toString());
    }

    @Test
    void aCheckThatNoLongerHoldsWritesNothingAndAnswersTheCurrentRows() {
        double co = rows.upsertCoValue("co_zA", HEADER);
        // Another tab stored the session after this one read it as absent.
        assertEquals("{\"rowIDs\":[1]}", apply(commit(new Object[] {"U", co, "a_session_z1", 1, "signature_z1", -1, -1},
                new Object[] {"T", -1, 0, tx(0)})));
        byte[] before = rows.getCoValueSessions(co).toString().getBytes(StandardCharsets.UTF_8);
        String answer = apply(commit(
                new Object[] {"s", co, "a_session_z1", 0, 0, 0, "", -1},
                new Object[] {"l", "lock#peer", 0, "", 0, -1, 0},
                new Object[] {"U", co, "a_session_z1", 1, "signature_zX", -1, -1},
                new Object[] {"T", -1, 0, tx(9)},
                new Object[] {"D", "co_zA"}));
        assertEquals("{\"conflict\":true,\"sessions\":[{\"rowID\":1,\"coValue\":1,\"sessionID\":\"a_session_z1\",\"lastIdx\":1,"
                + "\"lastSignature\":\"signature_z1\"}],\"locks\":[null]}", answer);
        assertArrayEquals(before, rows.getCoValueSessions(co).toString().getBytes(StandardCharsets.UTF_8));
        assertEquals("[{\"ses\":1,\"idx\":0,\"tx\":" + tx(0) + "}]", rows.getNewTransactionInSession(1, 0, 5).toString());
        assertEquals("[]", rows.getAllCoValuesWaitingForDelete());
    }

    @Test
    void aCheckOfTheRowExactlyAsItWasReadHoldsAndTheCommitApplies() {
        double co = rows.upsertCoValue("co_zA", HEADER);
        apply(commit(new Object[] {"U", co, "a_session_z1", 1, "signature_z1", 7, -1}, new Object[] {"T", -1, 0, tx(0)}));
        String answer = apply(commit(
                new Object[] {"c", co, "co_zA"},
                new Object[] {"s", co, "a_session_z1", 1, 1, 1, "signature_z1", 7},
                new Object[] {"U", co, "a_session_z1", 2, "signature_z2", 9, 0},
                new Object[] {"T", 1, 1, tx(1)}));
        assertEquals("{\"rowIDs\":[]}", answer);
        assertEquals(2, rows.getNewTransactionInSession(1, 0, 5).toString().split("\"idx\"").length - 1);
        // bytesSinceLastSignature 9 now: a check that still says 7 fails.
        assertEquals(true, apply(commit(new Object[] {"s", co, "a_session_z1", 1, 1, 2, "signature_z2", 7},
                new Object[] {"D", "co_zA"})).startsWith("{\"conflict\":true,\"sessions\""));
    }

    @Test
    void aCoValueRowIdThatNamesAnotherIdMeansTheStoreWasReplaced() {
        double co = rows.upsertCoValue("co_zA", HEADER);
        assertEquals("{\"conflict\":true,\"replaced\":true}",
                apply(commit(new Object[] {"c", co, "co_zOther"}, new Object[] {"D", "co_zA"})));
        assertEquals("[]", rows.getAllCoValuesWaitingForDelete());
    }

    @Test
    void locksAreCheckedAndWrittenExactly() {
        apply(commit(new Object[] {"l", "lock#p", 0, "", 0, -1, 0},
                new Object[] {"L", "lock#p", "s_session_z1", 1732456789012L, -1, 3}));
        String seen = "{\"key\":\"lock#p\",\"holderSessionId\":\"s_session_z1\",\"acquiredAt\":1732456789012,\"lastProcessedOffset\":3}";
        assertEquals(seen, rows.lockJson("lock#p"));
        assertEquals("{\"rowIDs\":[]}", apply(commit(new Object[] {"l", "lock#p", 1, "s_session_z1", 1732456789012L, -1, 3},
                new Object[] {"L", "lock#p", "s_session_z1", 1732456789012L, 1732456789999L, 0})));
        assertEquals("{\"conflict\":true,\"sessions\":[],\"locks\":[" + rows.lockJson("lock#p") + "]}",
                apply(commit(new Object[] {"l", "lock#p", 1, "s_session_z1", 1732456789012L, -1, 3}, new Object[] {"D", "co_z"})));
    }

    @Test
    void aBadWriteFailsTheWholeCommitWithInvalidArgument() {
        double co = rows.upsertCoValue("co_zA", HEADER);
        byte[] bad = commit(new Object[] {"U", co, "a_session_z1", 1, "signature_z1", -1, -1},
                new Object[] {"T", -1, 1.5, tx(0)});
        StoreException e = assertThrows(StoreException.class, () -> apply(bad));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertEquals("[]", rows.getCoValueSessions(co).toString());
        StoreException unknown = assertThrows(StoreException.class, () -> apply(commit(new Object[] {"T", -2, 0, tx(0)})));
        assertEquals(ErrorCode.INVALID_ARGUMENT, unknown.code());
        StoreException cut = assertThrows(StoreException.class,
                () -> apply("D\0co_zA".getBytes(StandardCharsets.UTF_8)));
        assertEquals(ErrorCode.INVALID_ARGUMENT, cut.code());
        StoreException late = assertThrows(StoreException.class,
                () -> apply(commit(new Object[] {"D", "co_zA"}, new Object[] {"c", co, "co_zA"})));
        assertEquals(ErrorCode.INVALID_ARGUMENT, late.code(), "a check after a write is refused");
    }

    @Test
    void aLoadAnswersEveryReadOfCojsonsLoadFromOneState() {
        double co = rows.upsertCoValue("co_zA", HEADER);
        apply(commit(new Object[] {"U", co, "a_session_z1", 3, "signature_z3", -1, -1},
                new Object[] {"S", -1, 1, "signature_z2"},
                new Object[] {"T", -1, 0, tx(0)}, new Object[] {"T", -1, 1, tx(1)}, new Object[] {"T", -1, 2, tx(2)},
                new Object[] {"U", co, "b_session_z1", 1, "signature_zB", -1, -2},
                new Object[] {"T", -2, 0, tx(7)}));
        String load = rows.loadCoValue("co_zA", 1e9).toString();
        assertEquals("{\"coValue\":{\"rowID\":1,\"id\":\"co_zA\",\"header\":" + HEADER + "},\"sessions\":"
                + rows.getCoValueSessions(co) + ",\"signatures\":[" + rows.getSignatures(1, 0) + ","
                + rows.getSignatures(2, 0) + "],\"transactions\":[" + rows.getNewTransactionInSession(1, 0, 9) + ","
                + rows.getNewTransactionInSession(2, 0, 9) + "],\"until\":[-1,-1]}", load);
        String cut = rows.loadCoValue("co_zA", tx(0).getBytes(StandardCharsets.UTF_8).length + 1).toString();
        assertEquals(true, cut.endsWith("\"transactions\":[[{\"ses\":1,\"idx\":0,\"tx\":" + tx(0) + "},{\"ses\":1,\"idx\":1,\"tx\":"
                + tx(1) + "}],[]],\"until\":[2,0]}"), cut);
        assertNull(rows.loadCoValue("co_zMissing", 1e9));
    }

    @Test
    void anUpsertForATabAnswersTheRowIdWithTheCoValuesSessions() {
        assertEquals("{\"rowID\":1,\"sessions\":[]}", rows.upsertCoValueAndSessions("co_zA", HEADER).toString());
        apply(commit(new Object[] {"U", 1, "a_session_z1", 1, "signature_z1", -1, -1}, new Object[] {"T", -1, 0, tx(0)}));
        assertEquals("{\"rowID\":1,\"sessions\":" + rows.getCoValueSessions(1) + "}",
                rows.upsertCoValueAndSessions("co_zA", null).toString());
        assertNull(rows.upsertCoValueAndSessions("co_zMissing", null));
        assertEquals(1, rows.getCoValueCount());
    }
}
