package cojson.storage.opfs.web.node;

import org.teavm.jso.JSObject;

/**
 * Node's {@code fs} module, which JS passes in (TeaVM cannot import Node modules). {@link NodeFile}
 * calls its synchronous descriptor functions ({@code readSync}, {@code writeSync},
 * {@code fstatSync}, {@code ftruncateSync}, {@code fsyncSync}, {@code closeSync}) from small JS
 * bodies that catch what they throw.
 */
public interface NodeFs extends JSObject {
}
