package cojson.storage.opfs.cojson;

import static org.junit.jupiter.api.Assertions.*;

import cojson.storage.opfs.ErrorCode;
import cojson.storage.opfs.StoreException;
import cojson.storage.opfs.engine.StoreOptions;
import cojson.storage.opfs.io.MemoryFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every method of cojson's DBClientInterfaceSync contract (CONTRACT.md) on the row store. */
class RowStoreTest {
    private static final String HEADER = "{\"type\":\"comap\",\"ruleset\":{\"type\":\"unsafeAllowAll\"},\"meta\":null,\"uniqueness\":\"z1\"}";
    private static final String SIG = "signature_z1234";
    private MemoryFile file;
    private RowStore rows;

    @BeforeEach
    void open() {
        file = new MemoryFile();
        rows = RowStore.open(file, StoreOptions.defaults());
    }

    @AfterEach
    void close() {
        rows.close();
    }

    private void reopen() {
        rows.close();
        file = MemoryFile.of(file.snapshot());
        rows = RowStore.open(file, StoreOptions.defaults());
    }

    /** A coValue with one session holding {@code n} transactions; returns the session rowID. */
    private long coValueWithTransactions(String id, String sessionID, int n) {
        double co = rows.upsertCoValue(id, HEADER);
        try (RowTransaction tx = rows.begin()) {
            double ses = tx.addSessionUpdate(co, sessionID, n, SIG, -1);
            for (int i = 0; i < n; i++) {
                tx.addTransaction(ses, i, tx(i));
            }
            tx.commit();
            return (long) ses;
        }
    }

    private static String tx(int i) {
        return "{\"privacy\":\"trusting\",\"madeAt\":1732456789012" + i + ",\"changes\":\"[" + i + "]\"}";
    }

    @Test
    void upsertWithAHeaderInsertsOnceAndNeverOverwritesIt() {
        assertEquals(1, rows.upsertCoValue("co_zA", HEADER));
        assertEquals(1, rows.upsertCoValue("co_zA", "{\"other\":true}"));
        assertEquals("{\"rowID\":1,\"id\":\"co_zA\",\"header\":" + HEADER + "}", text(rows.getCoValue("co_zA")));
    }

    @Test
    void upsertWithoutAHeaderOnlyLooksTheRowIdUp() {
        assertEquals(-1, rows.upsertCoValue("co_zMissing", null));
        assertNull(text(rows.getCoValue("co_zMissing")));
        rows.upsertCoValue("co_zA", HEADER);
        assertEquals(1, rows.upsertCoValue("co_zA", null));
        assertEquals(1, rows.getCoValueCount());
    }

    @Test
    void rowIdsStartAtOneAndAreNeverReusedAfterARollbackOrAReopen() {
        assertEquals(1, rows.upsertCoValue("co_zA", HEADER));
        RowTransaction rolledBack = rows.begin();
        assertEquals(1, rolledBack.addSessionUpdate(1, "s_session_z1", 0, SIG, -1));
        rolledBack.rollback();
        try (RowTransaction tx = rows.begin()) {
            assertEquals(2, tx.addSessionUpdate(1, "s_session_z1", 0, SIG, -1));
            tx.commit();
        }
        reopen();
        assertEquals(2, rows.upsertCoValue("co_zB", HEADER));
        try (RowTransaction tx = rows.begin()) {
            assertEquals(3, tx.addSessionUpdate(2, "s_session_z2", 0, SIG, -1));
            tx.commit();
        }
    }

    @Test
    void transactionRangesAreInclusiveAscendingAndNeverLeakOutside() {
        long ses = coValueWithTransactions("co_zA", "s_session_z1", 10);
        coValueWithTransactions("co_zB", "s_session_z2", 3);
        String got = text(rows.getNewTransactionInSession(ses, 3, 5));
        assertEquals("[{\"ses\":1,\"idx\":3,\"tx\":" + tx(3) + "},{\"ses\":1,\"idx\":4,\"tx\":" + tx(4)
                + "},{\"ses\":1,\"idx\":5,\"tx\":" + tx(5) + "}]", got);
        assertEquals("[]", text(rows.getNewTransactionInSession(ses, 6, 5)));
        assertTrue(text(rows.getNewTransactionInSession(ses, 9, 1e12)).contains("\"idx\":9"));
        assertEquals("[]", text(rows.getNewTransactionInSession(ses, 10, 20)));
    }

    @Test
    void transactionTextComesBackExactlySoLargeTimestampsKeepEveryDigit() {
        long ses = coValueWithTransactions("co_zA", "s_session_z1", 1);
        String original = "{\"privacy\":\"private\",\"madeAt\":9007199254740991,\"keyUsed\":\"key_z1\",\"encryptedChanges\":\"encrypted_U\u00e9\u4e2d\"}";
        try (RowTransaction tx = rows.begin()) {
            tx.addTransaction(ses, 0, original);
            tx.commit();
        }
        assertEquals("[{\"ses\":1,\"idx\":0,\"tx\":" + original + "}]", text(rows.getNewTransactionInSession(ses, 0, 0)));
    }

    @Test
    void signaturesStartAtTheFirstNewIndexInAscendingOrder() {
        long ses = coValueWithTransactions("co_zA", "s_session_z1", 300);
        try (RowTransaction tx = rows.begin()) {
            tx.addSignatureAfter(ses, 199, "signature_z199");
            tx.addSignatureAfter(ses, 99, "signature_z99");
            tx.addSignatureAfter(ses, 299, "signature_z299");
            tx.commit();
        }
        assertEquals("[{\"ses\":1,\"idx\":199,\"signature\":\"signature_z199\"},{\"ses\":1,\"idx\":299,\"signature\":\"signature_z299\"}]",
                text(rows.getSignatures(ses, 100)));
    }

    @Test
    void sessionsUpsertByCoValueAndSessionIdAndListInRowIdOrder() {
        double co = rows.upsertCoValue("co_zA", HEADER);
        try (RowTransaction tx = rows.begin()) {
            tx.addSessionUpdate(co, "z_session_z9", 1, SIG, 120);
            tx.addSessionUpdate(co, "a_session_z1", 2, SIG, -1);
            tx.commit();
        }
        try (RowTransaction tx = rows.begin()) {
            assertEquals(1, tx.addSessionUpdate(co, "z_session_z9", 5, "signature_zNew", 10));
            tx.commit();
        }
        assertEquals("[{\"rowID\":1,\"coValue\":1,\"sessionID\":\"z_session_z9\",\"lastIdx\":5,\"lastSignature\":\"signature_zNew\",\"bytesSinceLastSignature\":10},"
                + "{\"rowID\":2,\"coValue\":1,\"sessionID\":\"a_session_z1\",\"lastIdx\":2,\"lastSignature\":\"signature_z1234\"}]",
                text(rows.getCoValueSessions(co)));
    }

    @Test
    void aTransactionReadsItsOwnWritesAndARollbackLeavesNothing() {
        double co = rows.upsertCoValue("co_zA", HEADER);
        RowTransaction tx = rows.begin();
        assertNull(tx.getSingleCoValueSession(co, "s_session_z1"));
        double ses = tx.addSessionUpdate(co, "s_session_z1", 1, SIG, -1);
        tx.addTransaction(ses, 0, tx(0));
        assertTrue(tx.getSingleCoValueSession(co, "s_session_z1").contains("\"lastIdx\":1"));
        assertEquals("[]", text(rows.getCoValueSessions(co)), "uncommitted writes are invisible outside");
        tx.rollback();
        assertEquals("[]", text(rows.getCoValueSessions(co)));
        assertEquals("[]", text(rows.getNewTransactionInSession(ses, 0, 10)));
    }

    @Test
    void aMetaEntryCommitsWithItsTransactionSurvivesAReopenAndARollbackLeavesNone() {
        RowTransaction rolledBack = rows.begin();
        rolledBack.putMeta("migration:indexeddb:db", "{\"n\":1}");
        assertEquals("{\"n\":1}", rolledBack.getMeta("migration:indexeddb:db"), "a transaction reads its own meta");
        rolledBack.rollback();
        assertNull(rows.getMeta("migration:indexeddb:db"));

        double co = rows.upsertCoValue("co_zA", HEADER);
        try (RowTransaction tx = rows.begin()) {
            tx.addSessionUpdate(co, "s_session_z1", 0, SIG, -1);
            tx.putMeta("migration:indexeddb:db", "{\"n\":2}");
            assertNull(rows.getMeta("migration:indexeddb:db"), "uncommitted meta is invisible outside");
            tx.commit();
        }
        reopen();
        assertEquals("{\"n\":2}", rows.getMeta("migration:indexeddb:db"));
        assertNull(rows.getMeta("migration:indexeddb:other"));
        assertEquals("[\"co_zA\"]", rows.getCoValueIDs(10, 0).replace("{\"id\":", "").replace("}", ""),
                "meta entries are not coValues");
    }

    @Test
    void coValuesUpsertedInsideATransactionCountOnlyOnceItCommitsAndKeepRowIdsUnique() {
        assertEquals(1, rows.upsertCoValue("co_zA", HEADER));
        RowTransaction rolledBack = rows.begin();
        assertEquals(2, rolledBack.upsertCoValue("co_zB", HEADER));
        assertEquals(2, rolledBack.upsertCoValue("co_zB", "{\"other\":true}"), "a transaction sees its own insert");
        rolledBack.rollback();
        assertEquals(1, rows.getCoValueCount());
        assertNull(rows.getCoValue("co_zB"));

        try (RowTransaction tx = rows.begin()) {
            assertEquals(1, tx.upsertCoValue("co_zA", "{\"other\":true}"), "never overwrites");
            assertEquals(-1, tx.upsertCoValue("co_zC", null), "without a header only looks up");
            double c = tx.upsertCoValue("co_zC", HEADER);
            assertEquals(3, c, "the rolled-back rowID 2 is never reused");
            tx.addSessionUpdate(c, "s_session_z1", 0, SIG, -1);
            assertEquals(1, rows.getCoValueCount(), "uncommitted inserts do not count");
            tx.commit();
        }
        assertEquals(2, rows.getCoValueCount());
        reopen();
        assertEquals(2, rows.getCoValueCount());
        assertEquals(4, rows.upsertCoValue("co_zD", HEADER), "the row counter was committed with the insert");
        assertEquals("{\"rowID\":3,\"id\":\"co_zC\",\"header\":" + HEADER + "}", rows.getCoValue("co_zC").toString());
        assertEquals("[{\"id\":\"co_zA\"},{\"id\":\"co_zC\"},{\"id\":\"co_zD\"}]", rows.getCoValueIDs(10, 0));
    }

    @Test
    void aTransactionObjectUsedAfterItEndedThrowsClosed() {
        double co = rows.upsertCoValue("co_zA", HEADER);
        RowTransaction tx = rows.begin();
        tx.commit();
        assertCode(ErrorCode.CLOSED, () -> tx.addSessionUpdate(co, "s_session_z1", 1, SIG, -1));
        assertCode(ErrorCode.CLOSED, () -> tx.getSingleCoValueSession(co, "s_session_z1"));
        assertCode(ErrorCode.CLOSED, tx::commit);
    }

    @Test
    void syncTrackingInsertsDeletesAndListsDistinctIds() {
        rows.trackCoValuesSyncState(new String[] {"co_zA", "co_zA", "co_zB"}, new String[] {"p1", "p2", "p1"},
                new boolean[] {false, false, false});
        assertEquals("[\"co_zA\",\"co_zB\"]", rows.getUnsyncedCoValueIDs());
        rows.trackCoValuesSyncState(new String[] {"co_zA", "co_zB"}, new String[] {"p1", "p1"}, new boolean[] {true, true});
        assertEquals("[\"co_zA\"]", rows.getUnsyncedCoValueIDs());
        rows.stopTrackingSyncState("co_zA");
        assertEquals("[]", rows.getUnsyncedCoValueIDs());
    }

    @Test
    void aDeleteIsQueuedOnceAndStaysDoneAfterTheErase() {
        long ses = coValueWithTransactions("co_zA", "s_session_z1", 5);
        try (RowTransaction tx = rows.begin()) {
            double del = tx.addSessionUpdate(1, "s_session_z1$", 1, SIG, -1);
            tx.addTransaction(del, 0, tx(0));
            tx.markCoValueAsDeleted("co_zA");
            tx.markCoValueAsDeleted("co_zA");
            tx.commit();
        }
        assertEquals("[\"co_zA\"]", rows.getAllCoValuesWaitingForDelete());
        assertTrue(rows.eraseCoValueButKeepTombstone("co_zA"));
        assertEquals("[]", rows.getAllCoValuesWaitingForDelete());
        try (RowTransaction tx = rows.begin()) {
            tx.markCoValueAsDeleted("co_zA");
            tx.commit();
        }
        assertEquals("[]", rows.getAllCoValuesWaitingForDelete(), "done stays done");
        assertNotNull(text(rows.getCoValue("co_zA")), "the coValue row is the tombstone");
        assertEquals("[]", text(rows.getNewTransactionInSession(ses, 0, 100)));
        String sessions = text(rows.getCoValueSessions(1));
        assertTrue(sessions.contains("s_session_z1$") && !sessions.contains("\"s_session_z1\""), sessions);
        assertEquals("{\"id\":\"co_zA\",\"header\":true,\"sessions\":{\"s_session_z1$\":1}}", text(rows.getCoValueKnownState("co_zA")));
    }

    @Test
    void erasingAnUnknownIdWritesNothing() {
        long writes = rows.store().stats().writeCalls;
        assertFalse(rows.eraseCoValueButKeepTombstone("co_zNothing"));
        assertEquals(writes, rows.store().stats().writeCalls);
    }

    @Test
    void knownStateListsSessionCountersOrNothingForAnUnknownId() {
        coValueWithTransactions("co_zA", "s_session_z1", 7);
        assertEquals("{\"id\":\"co_zA\",\"header\":true,\"sessions\":{\"s_session_z1\":7}}", text(rows.getCoValueKnownState("co_zA")));
        assertNull(text(rows.getCoValueKnownState("co_zB")));
    }

    @Test
    void coValueIdsPageByRowIdAfterTheOffset() {
        for (int i = 1; i <= 5; i++) {
            rows.upsertCoValue("co_z" + (char) ('F' - i), HEADER);
        }
        assertEquals("[{\"id\":\"co_zE\"},{\"id\":\"co_zD\"}]", rows.getCoValueIDs(2, 0));
        assertEquals("[{\"id\":\"co_zB\"},{\"id\":\"co_zA\"}]", rows.getCoValueIDs(100, 3));
        assertEquals(5, rows.getCoValueCount());
    }

    @Test
    void reconciliationLocksFollowTheAcquireRenewReleaseRules() {
        long day = 86_400_000L;
        long month = 30 * day;
        assertEquals("{\"acquired\":true,\"lastProcessedOffset\":0}", rows.tryAcquireStorageReconciliationLock("s1", "peer", 1000, day, month));
        assertEquals("{\"acquired\":false,\"reason\":\"lock_held\"}", rows.tryAcquireStorageReconciliationLock("s2", "peer", 2000, day, month));
        rows.renewStorageReconciliationLock("s1", "peer", 300);
        rows.renewStorageReconciliationLock("s2", "peer", 999);
        assertEquals("{\"acquired\":true,\"lastProcessedOffset\":300}", rows.tryAcquireStorageReconciliationLock("s2", "peer", 1000 + day + 1, day, month),
                "an expired lock is taken over with its offset");
        rows.releaseStorageReconciliationLock("s2", "peer", 5000 + day);
        assertEquals("{\"acquired\":false,\"reason\":\"not_due\"}", rows.tryAcquireStorageReconciliationLock("s1", "peer", 6000 + day, day, month));
        assertEquals("{\"acquired\":true,\"lastProcessedOffset\":0}", rows.tryAcquireStorageReconciliationLock("s1", "peer", 5000 + day + month, day, month));
        try (RowTransaction tx = rows.begin()) {
            assertEquals("{\"key\":\"lock#peer\",\"holderSessionId\":\"s1\",\"acquiredAt\":" + (5000 + day + month) + ",\"lastProcessedOffset\":0}",
                    tx.getStorageReconciliationLock("lock#peer"));
        }
    }

    @Test
    void badArgumentsThrowInvalidArgumentAndChangeNothing() {
        long ses = coValueWithTransactions("co_zA", "s_session_z1", 3);
        byte[] before = file.snapshot();
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> rows.getNewTransactionInSession(ses, -1, 3));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> rows.getNewTransactionInSession(ses, 1.5, 3));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> rows.getCoValueSessions(0));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> rows.upsertCoValue(null, HEADER));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> rows.upsertCoValue("", HEADER));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> rows.getCoValueIDs(Double.NaN, 0));
        try (RowTransaction tx = rows.begin()) {
            assertCode(ErrorCode.INVALID_ARGUMENT, () -> tx.addTransaction(999, 0, tx(0)));
            assertCode(ErrorCode.INVALID_ARGUMENT, () -> tx.addSessionUpdate(42, "s_session_z2", 0, SIG, -1));
            assertCode(ErrorCode.INVALID_ARGUMENT, () -> tx.addTransaction(ses, -2, tx(0)));
            assertCode(ErrorCode.INVALID_ARGUMENT, () -> tx.addTransaction(ses, 0, null));
        }
        assertArrayEquals(before, file.snapshot());
        rows.store().verify();
    }

    private static void assertCode(ErrorCode code, Executable call) {
        StoreException e = assertThrows(StoreException.class, call);
        assertEquals(code, e.code(), e.getMessage());
    }

    /** A row result as text; null stays null. */
    private static String text(JsonBytes json) {
        return json == null ? null : json.toString();
    }
}
