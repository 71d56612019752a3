package cojson.storage.opfs.web.node;

import org.teavm.jso.JSObject;
import org.teavm.jso.typedarrays.Uint8Array;

/**
 * The part of Node's {@code fs} module the store uses (synchronous calls on a file descriptor).
 * TeaVM cannot import Node modules, so JS passes the module object in. Failures arrive as JS
 * errors with a string {@code code} such as {@code "ENOSPC"}.
 */
public interface NodeFs extends JSObject {
    int readSync(int fd, Uint8Array buffer, int offset, int length, double position);

    int writeSync(int fd, Uint8Array buffer, int offset, int length, double position);

    void fsyncSync(int fd);

    void ftruncateSync(int fd, double length);

    NodeStats fstatSync(int fd);

    void closeSync(int fd);
}
