package cojson.storage.opfs.web;

import cojson.storage.opfs.ErrorCode;
import cojson.storage.opfs.StoreException;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;

/**
 * Turns a {@link StoreException} into a JS {@code Error} whose {@code code} is the error code, so
 * that JS callers branch on {@code e.code} the same way on both builds, with the Java cause chain as
 * the JS {@code cause} chain (each an Error with its message, and its code where it has one).
 */
final class JsErrors {
    /** How many causes deep the chain is carried over (a cycle would otherwise never end). */
    private static final int MAX_CAUSES = 4;

    private JsErrors() {
    }

    /**
     * Throws any failure as a JS error with a code: a {@link StoreException} keeps its own; anything
     * else (a bug, not bad input) becomes {@code FAILED}, so JS never sees a bare Java exception.
     * Returns only to let callers write {@code throw JsErrors.toJs(e)}.
     */
    static RuntimeException toJs(RuntimeException e) {
        throwError(jsError(e, 0));
        return e;
    }

    private static JSObject jsError(Throwable e, int depth) {
        Throwable cause = e.getCause();
        JSObject jsCause = cause == null || cause == e || depth >= MAX_CAUSES ? null : jsError(cause, depth + 1);
        if (e instanceof StoreException) {
            return newError(((StoreException) e).code().name(), e.getMessage(), jsCause);
        }
        String message = depth == 0 ? ErrorCode.FAILED.name() + ": unexpected engine failure (" + e + ")" : String.valueOf(e);
        return newError(depth == 0 ? ErrorCode.FAILED.name() : null, message, jsCause);
    }

    /** The codes Java knows, in declaration order: the list JS and the .d.ts must match (a Node test compares them). */
    static String codesJson() {
        StringBuilder out = new StringBuilder().append('[');
        for (ErrorCode code : ErrorCode.values()) {
            out.append(out.length() > 1 ? ",\"" : "\"").append(code.name()).append('"');
        }
        return out.append(']').toString();
    }

    @JSBody(params = { "code", "message", "cause" }, script = "var e = cause == null ? new Error(message)"
            + " : new Error(message, { cause: cause }); if (code != null) e.code = code; return e;")
    private static native JSObject newError(String code, String message, JSObject cause);

    @JSBody(params = "error", script = "throw error;")
    private static native void throwError(JSObject error);
}
