package cojson.storage.opfs.engine;

import cojson.storage.opfs.StoreException;
import cojson.storage.opfs.io.BlockFile;
import java.nio.ByteBuffer;

/** Sequential reads of the log through a 1 MiB window, so recovery makes few read calls. */
final class LogReader {
    private static final int WINDOW = 1 << 20;
    private final BlockFile file;
    private final long fileSize;
    /** Allocated at the first read, no larger than the log in the file (most opens read no frame). */
    private ByteBuffer window;
    private long windowStart = -1;
    private int windowLength;

    LogReader(BlockFile file, long fileSize) {
        this.file = file;
        this.fileSize = fileSize;
    }

    void read(long at, byte[] into, int offset, int length) {
        while (length > 0) {
            if (windowStart < 0 || at < windowStart || at >= windowStart + windowLength) {
                fill(at);
            }
            int inWindow = (int) (at - windowStart);
            int n = Math.min(length, windowLength - inWindow);
            window.position(inWindow);
            window.get(into, offset, n);
            at += n;
            offset += n;
            length -= n;
        }
    }

    private void fill(long at) {
        if (window == null) {
            window = ByteBuffer.allocateDirect((int) Math.max(1, Math.min(WINDOW, fileSize - at)));
        }
        window.clear();
        window.limit((int) Math.min(window.capacity(), fileSize - at));
        int n = file.read(at, window);
        if (n <= 0) {
            throw StoreException.corrupt("log ends unexpectedly at byte " + at);
        }
        windowStart = at;
        windowLength = n;
    }
}
