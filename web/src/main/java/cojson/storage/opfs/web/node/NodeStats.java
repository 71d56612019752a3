package cojson.storage.opfs.web.node;

import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;

/** The result of {@code fs.fstatSync}: only the size is read. */
public interface NodeStats extends JSObject {
    @JSProperty
    double getSize();
}
