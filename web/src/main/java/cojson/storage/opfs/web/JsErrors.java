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

    @JSBody(params = { "code", "message" }, script = "var e = new Error(message); e.code = code; throw e;")
    private static native void throwError(String code, String message);
}
