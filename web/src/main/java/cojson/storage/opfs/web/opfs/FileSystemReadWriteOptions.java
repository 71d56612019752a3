package cojson.storage.opfs.web.opfs;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;

/** The Web IDL dictionary {@code FileSystemReadWriteOptions}: {@code { at }}, a byte offset in the file. */
public abstract class FileSystemReadWriteOptions implements JSObject {

    @JSBody(params = "byteOffset", script = "return { at: byteOffset };")
    public static native FileSystemReadWriteOptions at(double byteOffset);
}
