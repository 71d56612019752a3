package cojson.storage.opfs;

/**
 * The one exception type of the core. Built by the factories below so that every error
 * carries a {@link ErrorCode}, says where it happened, and keeps its cause.
 */
public final class StoreException extends RuntimeException {
    private final ErrorCode code;

    private StoreException(ErrorCode code, String message, Throwable cause) {
        super(code + ": " + message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static StoreException of(ErrorCode code, String message) {
        return new StoreException(code, message, null);
    }

    public static StoreException of(ErrorCode code, String message, Throwable cause) {
        return new StoreException(code, message, cause);
    }

    public static StoreException corrupt(String message) {
        return new StoreException(ErrorCode.CORRUPT, message, null);
    }

    /** Corruption found in a page: the message always carries the page id. */
    public static StoreException corruptPage(long pageId, String message) {
        return new StoreException(ErrorCode.CORRUPT, "page " + pageId + ": " + message, null);
    }

    public static StoreException io(String message, Throwable cause) {
        return new StoreException(ErrorCode.IO, message, cause);
    }

    public static StoreException invalidArgument(String message) {
        return new StoreException(ErrorCode.INVALID_ARGUMENT, message, null);
    }

    public static StoreException closed(String message) {
        return new StoreException(ErrorCode.CLOSED, message, null);
    }

    public static StoreException illegalState(String message) {
        return new StoreException(ErrorCode.ILLEGAL_STATE, message, null);
    }

    /** The handle is poisoned by an internal failure: reports it as the cause of every later call. */
    public static StoreException failed(Throwable firstCause) {
        return new StoreException(ErrorCode.FAILED,
                "an earlier failure left this store unusable; reopen it to recover (first cause: "
                        + firstCause.getMessage() + ")", firstCause);
    }

    /** One-line argument check. */
    public static void check(boolean condition, String message) {
        if (!condition) {
            throw invalidArgument(message);
        }
    }
}
