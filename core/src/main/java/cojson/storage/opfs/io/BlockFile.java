package cojson.storage.opfs.io;

import java.nio.ByteBuffer;

/**
 * The narrow seam between the engine and storage: one file, read and written at byte offsets.
 *
 * <p>Every implementation (memory, JVM file, OPFS sync access handle, Node fs, the
 * fault-injecting and counting wrappers) keeps these rules:
 * <ul>
 *   <li>{@link #read} and {@link #write} move the bytes between {@code buffer.position()} and
 *       {@code buffer.limit()}, and advance the position by the count moved. Page I/O passes
 *       direct buffers so that the browser builds hand linear memory to the file without a copy.</li>
 *   <li>A write is not durable until {@link #flush} returns; a crash may keep any subset of the
 *       writes since the last flush, some of them torn.</li>
 *   <li>Failures surface as {@link cojson.storage.opfs.StoreException} with code {@code IO} or
 *       {@code QUOTA}.</li>
 * </ul>
 */
public interface BlockFile extends AutoCloseable {

    /** Reads up to {@code dst.remaining()} bytes at {@code byteOffset}; returns the count (short only at end of file). */
    int read(long byteOffset, ByteBuffer dst);

    /** Writes all of {@code src.remaining()} bytes at {@code byteOffset}, growing the file if needed. */
    void write(long byteOffset, ByteBuffer src);

    /** The file's size in bytes. */
    long size();

    /** Sets the file's size; bytes past a growth read as zero. */
    void truncate(long byteSize);

    /** Makes every write so far durable. */
    void flush();

    @Override
    void close();
}
