package cojson.storage.opfs.cojson;

import cojson.storage.opfs.engine.Cursor;
import cojson.storage.opfs.engine.Store;
import cojson.storage.opfs.engine.WriteBatch;

/** Reads from committed state or through an open transaction (its own writes first). */
interface Reads {
    byte[] get(byte[] key);

    Cursor scanPrefix(byte[] prefix);

    static Reads of(Store store) {
        return new Reads() {
            @Override
            public byte[] get(byte[] key) {
                return store.get(key);
            }

            @Override
            public Cursor scanPrefix(byte[] prefix) {
                return store.scanPrefix(prefix);
            }
        };
    }

    static Reads of(WriteBatch batch) {
        return new Reads() {
            @Override
            public byte[] get(byte[] key) {
                return batch.get(key);
            }

            @Override
            public Cursor scanPrefix(byte[] prefix) {
                return batch.scanPrefix(prefix);
            }
        };
    }
}
