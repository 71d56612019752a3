package cojson.storage.opfs.web;

import cojson.storage.opfs.StoreException;
import org.teavm.jso.JSBody;

/**
 * Turns a {@link StoreException} into a JS {@code Error} whose {@code code} is the error code, so
 * that JS callers branch on {@code e.code} the same way on both builds.
 */
final class JsErrors {
    private JsErrors() {
    }

    /** Throws the JS error; returns only to let callers write {@code throw JsErrors.toJs(e)}. */
    static RuntimeException toJs(StoreException e) {
        throwError(e.code().name(), e.getMessage());
        return e;
    }

    /**
     * Any failure as a JS error with a code: a {@link StoreException} keeps its own; anything else
     * (a bug, not bad input) becomes {@code FAILED}, so JS never sees a bare Java exception.
     */
    static RuntimeException toJs(RuntimeException e) {
        if (e instanceof StoreException) {
            return toJs((StoreException) e);
        }
        throwError("FAILED", "FAILED: unexpected engine failure (" + e + ")");
        return e;
    }

    @JSBody(params = { "code", "message" }, script = "var e = new Error(message); e.code = code; throw e;")
    private static native void throwError(String code, String message);
}
