package cojson.storage.opfs.testweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browser's own quota, not a simulated one: Chromium caps the origin's quota (DevTools
 * protocol {@code Storage.overrideQuotaForOrigin}), a store on a real OPFS file is filled until
 * the browser refuses a write, and then: the refused commit fails with QUOTA, everything committed
 * before it is there and verifies, and once the quota is raised the same store takes commits again.
 */
class RealQuotaTest extends BrowserTest {
    private static final int PAYLOAD_BYTES = 16 << 10;
    private static final long HEADROOM_BYTES = 3L << 20;

    @Test
    @SuppressWarnings("unchecked")
    void aStoreFilledToTheOriginsQuotaFailsWithQuotaKeepsItsDataAndWritesAgainOnceTheQuotaIsRaised(
            @TempDir Path profileDir) {
        Browsers.assumeKind(Browsers.Kind.CHROMIUM, "the origin's quota is set through the DevTools protocol "
                + "(CDP Storage.overrideQuotaForOrigin), and CDP sessions exist only in Chromium");
        try (BrowserContext browser = launch(profileDir)) {
            Page page = browser.newPage();
            page.navigate(server.url("/site/faults/faults.html"));
            CDPSession cdp = browser.newCDPSession(page);
            String origin = server.url("").replaceAll("/$", "");
            call(page, Map.of("op", "open", "name", "real-quota"));
            int next = ((Number) ((Map<String, Object>) call(page, Map.of("op", "commit", "from", 0, "count", 20,
                    "payloadBytes", 1000))).get("next")).intValue();
            long usage = ((Number) page.evaluate("async () => (await navigator.storage.estimate()).usage")).longValue();
            overrideQuota(cdp, origin, usage + HEADROOM_BYTES);
            try {
                Map<String, Object> filled = (Map<String, Object>) call(page, Map.of("op", "fill", "from", next,
                        "payloadBytes", PAYLOAD_BYTES, "limit", 2000));
                assertEquals("QUOTA", filled.get("code"), "the commit the browser refused: " + filled);
                next = ((Number) filled.get("next")).intValue();
                Map<String, Object> full = (Map<String, Object>) call(page, Map.of("op", "check"));
                QuotaAndIoErrorTest.assertIdx(next, full, "at the quota, every commit before the refused one");
                assertTrue(((Number) full.get("recoveries")).intValue() >= 1);
                System.out.printf("real quota: usage %d B + %d B headroom; %d commits of %d B, then QUOTA (%s); file %s B%n",
                        usage, HEADROOM_BYTES, next - 20, PAYLOAD_BYTES, filled.get("message"), full.get("fileBytes"));

                overrideQuota(cdp, origin, usage + 64 * HEADROOM_BYTES);
                next = ((Number) ((Map<String, Object>) call(page, Map.of("op", "commit", "from", next, "count", 10,
                        "payloadBytes", PAYLOAD_BYTES))).get("next")).intValue();
                QuotaAndIoErrorTest.assertIdx(next, call(page, Map.of("op", "check")), "once the quota was raised");
                call(page, Map.of("op", "close"));
                call(page, Map.of("op", "open", "name", "real-quota"));
                QuotaAndIoErrorTest.assertIdx(next, call(page, Map.of("op", "check")), "reopened");
                call(page, Map.of("op", "close"));
            } finally {
                JsonObject reset = new JsonObject();
                reset.addProperty("origin", origin);
                cdp.send("Storage.overrideQuotaForOrigin", reset);
            }
        }
    }

    private static void overrideQuota(CDPSession cdp, String origin, long bytes) {
        JsonObject params = new JsonObject();
        params.addProperty("origin", origin);
        params.addProperty("quotaSize", bytes);
        cdp.send("Storage.overrideQuotaForOrigin", params);
    }

    private static Object call(Page page, Map<String, Object> request) {
        Map<String, Object> withEngine = new java.util.HashMap<>(request);
        withEngine.put("engine", "wasm-gc");
        return page.evaluate("request => callWorker(request)", withEngine);
    }
}
