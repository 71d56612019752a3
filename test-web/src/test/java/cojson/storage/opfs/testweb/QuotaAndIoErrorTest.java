package cojson.storage.opfs.testweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The engine on a real OPFS file whose handle throws, at a chosen write, the DOMException the
 * browser throws when the origin's quota is exhausted (QuotaExceededError, the engine's QUOTA) or
 * another one (IO): inside a commit, inside a checkpoint, and while opening a file that needs
 * recovery. Each time the failing call reports the code, the store stays usable, and every
 * acknowledged commit is there, in the same store and after a reopen ({@code site/faults/}).
 */
class QuotaAndIoErrorTest extends BrowserTest {
    @TempDir
    static Path profilesDir;
    /** One browser per class and browser kind (each scenario uses its own file): a launch costs seconds. */
    static BrowserContext browser;
    static Page page;

    @BeforeParameterizedClassInvocation
    static void launchBrowser(Browsers.Kind kind) {
        browser = Browsers.launch(playwright, profilesDir.resolve(kind.name()), kind);
        page = browser.newPage();
        page.navigate(server.url("/site/faults/faults.html"));
    }

    @AfterParameterizedClassInvocation
    static void quit() {
        browser.close();
    }

    @ParameterizedTest(name = "{0} build, {1}: a failed commit write fails only that commit")
    @CsvSource({ "wasm-gc, QuotaExceededError, QUOTA", "js, InvalidStateError, IO" })
    void aFailedWriteInsideACommitFailsThatCommitAndTheStoreGoesOn(String engine, String error, String code) {
        Map<String, Object> r = scenario("commit", engine, error);
        assertEquals(code, r.get("code"), "the failed commit's code");
        assertIdx(20, r.get("afterFailure"), "right after the failure (the failed commit is absent)");
        assertIdx(30, r.get("afterMore"), "after 10 more commits");
        assertEquals(code, r.get("secondCode"));
        assertEquals("IO", r.get("whileUnreadable"), "a call while the file cannot be read back");
        assertIdx(30, r.get("readable"), "once the reads work again");
        assertTrue(((Number) r.get("recoveries")).intValue() >= 2, "recoveries: " + r.get("recoveries"));
        assertIdx(35, r.get("afterReopen"), "reopened");
    }

    @ParameterizedTest(name = "{0} build, {1}: a failed checkpoint write leaves the commit acknowledged")
    @CsvSource({ "wasm-gc, QuotaExceededError, QUOTA", "js, InvalidStateError, IO" })
    @SuppressWarnings("unchecked")
    void aFailedWriteInsideACheckpointLeavesTheCommitThatTriggeredItAcknowledged(String engine, String error,
                                                                                 String code) {
        Map<String, Object> r = scenario("checkpoint", engine, error);
        int next = ((Number) r.get("next")).intValue();
        assertEquals(null, r.get("code"), "the commit whose checkpoint failed");
        Map<String, Object> afterFailure = (Map<String, Object>) r.get("afterFailure");
        assertEquals(1, ((Number) afterFailure.get("checkpointFailures")).intValue());
        assertEquals(0, ((Number) afterFailure.get("checkpoints")).intValue());
        assertIdx(next - 23, afterFailure, "right after the failed checkpoint (its commit included)");
        Map<String, Object> afterRetry = (Map<String, Object>) r.get("afterRetry");
        assertEquals(1, ((Number) afterRetry.get("checkpoints")).intValue(), "the retried checkpoint");
        assertIdx(next - 3, afterRetry, "after the retried checkpoint");
        assertEquals(code, r.get("closeCode"), "a close whose checkpoint fails");
        assertIdx(next, r.get("afterReopen"), "reopened after the failed close");
    }

    @ParameterizedTest(name = "{0} build, {1}: opening a file that needs recovery while writes fail")
    @CsvSource({ "wasm-gc, QuotaExceededError", "js, InvalidStateError" })
    @SuppressWarnings("unchecked")
    void aFileThatNeedsRecoveryOpensWhileWritesFailAndAReadErrorFailsOnlyThatOpen(String engine, String error) {
        Map<String, Object> r = scenario("recovery", engine, error);
        int next = ((Number) r.get("next")).intValue();
        assertTrue(((Number) r.get("logBytesAtDeath")).longValue() >= 256 << 10, "the log to recover: " + r);
        assertEquals("IO", r.get("openCode"), "an open whose read fails");
        Map<String, Object> afterOpen = (Map<String, Object>) r.get("afterOpen");
        assertEquals(1, ((Number) afterOpen.get("checkpointFailures")).intValue(), "the checkpoint at open failed");
        assertIdx(next - 5, afterOpen, "after the open recovered the log");
        assertIdx(next, r.get("afterReopen"), "reopened");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> scenario(String which, String engine, String error) {
        return (Map<String, Object>) page.evaluate("request => callWorker(request)", Map.of("op", "scenario",
                "which", which, "name", "faults-" + which + "-" + engine, "engine", engine, "error", error));
    }

    /** The store holds exactly idx 0..n-1 and its session says so. */
    @SuppressWarnings("unchecked")
    static void assertIdx(int n, Object stored, String when) {
        Map<String, Object> s = (Map<String, Object>) stored;
        List<Integer> idx = ((List<Number>) s.get("idx")).stream().map(Number::intValue).toList();
        assertEquals(IntStream.range(0, n).boxed().toList(), idx, when);
        assertEquals(n, ((Number) s.get("lastIdx")).intValue(), when + ": the session's lastIdx");
    }
}
