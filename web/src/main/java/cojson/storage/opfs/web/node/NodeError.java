package cojson.storage.opfs.web.node;

import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;

/** The last failed fs call of a {@link NodeFile}: {@code code} is the errno name ("ENOSPC", "EBADF", ...). */
public interface NodeError extends JSObject {
    @JSProperty
    String getCode();

    @JSProperty
    String getMessage();
}
