package cojson.storage.opfs.engine;

/** Receives a slice of bytes that is valid only during the call (it may be a page of the cache). */
public interface ByteSink {
    void accept(byte[] bytes, int offset, int length);
}
