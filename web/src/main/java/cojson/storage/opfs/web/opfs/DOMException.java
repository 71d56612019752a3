package cojson.storage.opfs.web.opfs;

import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;

/**
 * The Web IDL interface {@code DOMException}, as far as we read it: what OPFS calls throw. The
 * {@code name} says which failure it is ({@code QuotaExceededError}, {@code InvalidStateError},
 * {@code NoModificationAllowedError}, ...); the message is the browser's own words.
 */
public interface DOMException extends JSObject {
    @JSProperty
    String getName();

    @JSProperty
    String getMessage();
}
