package cojson.storage.opfs.engine;

/**
 * A map from page ids to values without boxing: open addressing, linear probing, backward-shift
 * removal. The page cache and the dirty set look a page up on every tree level of every
 * operation, and a boxed {@code Long} per lookup is an allocation per level (costly in the
 * TeaVM JS build above all). Keys are page ids, never {@link #EMPTY}.
 */
final class LongMap<V> {
    private static final long EMPTY = -1;
    private long[] keys;
    private Object[] values;
    private int size;
    private int mask;

    LongMap() {
        allocate(16);
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    @SuppressWarnings("unchecked")
    V get(long key) {
        for (int i = slot(key); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) {
                return (V) values[i];
            }
            if (k == EMPTY) {
                return null;
            }
        }
    }

    void put(long key, V value) {
        if ((size + 1) * 4 > keys.length * 3) {
            grow();
        }
        for (int i = slot(key); ; i = (i + 1) & mask) {
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
            if (keys[i] == EMPTY) {
                keys[i] = key;
                values[i] = value;
                size++;
                return;
            }
        }
    }

    @SuppressWarnings("unchecked")
    V remove(long key) {
        int i = slot(key);
        while (keys[i] != key) {
            if (keys[i] == EMPTY) {
                return null;
            }
            i = (i + 1) & mask;
        }
        V old = (V) values[i];
        // Backward-shift: move later entries of the probe run into the hole so lookups never stop early.
        int hole = i;
        for (int j = (i + 1) & mask; keys[j] != EMPTY; j = (j + 1) & mask) {
            int home = slot(keys[j]);
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        keys[hole] = EMPTY;
        values[hole] = null;
        size--;
        return old;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        java.util.Arrays.fill(keys, EMPTY);
        values = new Object[capacity];
        mask = capacity - 1;
    }

    @SuppressWarnings("unchecked")
    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        allocate(oldKeys.length * 2);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                put(oldKeys[i], (V) oldValues[i]);
            }
        }
    }
}
