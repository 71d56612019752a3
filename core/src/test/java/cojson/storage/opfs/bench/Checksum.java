package cojson.storage.opfs.bench;

import java.util.zip.CRC32C;

/**
 * What an engine returned, folded into a CRC-32C with a count: keys and values with their
 * lengths, in the order returned, and a marker for every key that was not found. Two engines
 * (and the reference model) agree exactly when their checksums are equal.
 */
final class Checksum {
    private final CRC32C crc = new CRC32C();
    private long entries;
    private long missing;

    void addEntry(byte[] key, byte[] value) {
        addBytes(key);
        addBytes(value);
        entries++;
    }

    /** A get's result; null (not found) counts as missing and still changes the checksum. */
    void addValue(byte[] value) {
        if (value == null) {
            missing++;
            crc.update(0xFF);
        } else {
            addBytes(value);
            entries++;
        }
    }

    /** Marks the end of one scan, so that two scans of 50 differ from one of 100. */
    void endScan(int count) {
        addInt(count);
    }

    private void addBytes(byte[] bytes) {
        addInt(bytes.length);
        crc.update(bytes, 0, bytes.length);
    }

    private void addInt(int v) {
        crc.update(v >>> 24);
        crc.update(v >>> 16);
        crc.update(v >>> 8);
        crc.update(v);
    }

    boolean sameAs(Checksum other) {
        return entries == other.entries && missing == other.missing && crc.getValue() == other.crc.getValue();
    }

    @Override
    public String toString() {
        return entries + " entries, " + missing + " missing, crc32c " + Long.toHexString(crc.getValue());
    }
}
