package cojson.storage.opfs.web.node;

import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;

/** A Node system error: {@code code} is the errno name ("ENOSPC", "EBADF", ...). */
interface NodeError extends JSObject {
    @JSProperty
    String getCode();

    @JSProperty
    String getMessage();
}
