package cojson.storage.opfs.testkit;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** The reference model: a sorted map in unsigned byte order, with a running {@link Fingerprint}. */
public final class Model {
    private final TreeMap<byte[], byte[]> map = new TreeMap<>(UnsignedBytes.ORDER);
    private final Fingerprint fingerprint = new Fingerprint();

    public Model copy() {
        Model m = new Model();
        for (Map.Entry<byte[], byte[]> e : map.entrySet()) {
            m.put(e.getKey(), e.getValue());
        }
        return m;
    }

    public void put(byte[] key, byte[] value) {
        byte[] old = map.put(key, value);
        if (old != null) {
            fingerprint.remove(key, old);
        }
        fingerprint.add(key, value);
    }

    public void delete(byte[] key) {
        byte[] old = map.remove(key);
        if (old != null) {
            fingerprint.remove(key, old);
        }
    }

    /** Applies a batch's writes: a null value deletes. */
    public void apply(Map<byte[], byte[]> writes) {
        for (Map.Entry<byte[], byte[]> e : writes.entrySet()) {
            if (e.getValue() == null) {
                delete(e.getKey());
            } else {
                put(e.getKey(), e.getValue());
            }
        }
    }

    public byte[] get(byte[] key) {
        return map.get(key);
    }

    public int size() {
        return map.size();
    }

    public NavigableMap<byte[], byte[]> entries() {
        return map;
    }

    /** Entries with {@code from <= key < to}; null bounds are open. */
    public NavigableMap<byte[], byte[]> range(byte[] from, byte[] to) {
        return range(map, from, to);
    }

    public static NavigableMap<byte[], byte[]> range(NavigableMap<byte[], byte[]> map, byte[] from, byte[] to) {
        if (from != null && to != null && UnsignedBytes.compare(from, to) >= 0) {
            return new TreeMap<>(UnsignedBytes.ORDER);
        }
        NavigableMap<byte[], byte[]> view = map;
        if (from != null) {
            view = view.tailMap(from, true);
        }
        if (to != null) {
            view = view.headMap(to, false);
        }
        return view;
    }

    public Fingerprint fingerprint() {
        return fingerprint.copy();
    }
}
