package cojson.storage.opfs.cojson;

import cojson.storage.opfs.ErrorCode;
import cojson.storage.opfs.StoreException;
import cojson.storage.opfs.engine.Store;

/**
 * The version of the cojson key layout ({@link Keys}), apart from the engine's file format: the
 * engine can read a file whose rows this build would misread, so the row store checks the layout
 * before its first read. The version is the meta entry {@link Keys#LAYOUT_VERSION_META}, as decimal
 * text; a store without it has layout 1, the layout that existed before the entry did, so layout 1
 * never writes it and opening costs one read, no write. A later layout writes its number there
 * (in the same commit as the rows it converts), and this build then refuses the store with
 * UNSUPPORTED_FORMAT instead of misreading it.
 */
final class KeyLayout {
    /** The layout of every store without the meta entry. */
    static final int UNRECORDED_VERSION = 1;

    private KeyLayout() {
    }

    /** The store's layout version; throws UNSUPPORTED_FORMAT for a layout this build cannot read. */
    static int check(Store store) {
        int version = versionOf(store);
        if (version > Keys.LAYOUT_VERSION) {
            throw StoreException.of(ErrorCode.UNSUPPORTED_FORMAT, "the store's cojson rows use key layout version "
                    + version + "; this build reads layout " + Keys.LAYOUT_VERSION
                    + ": it was written by a newer cojson-storage-opfs, update this one");
        }
        return version;
    }

    static int versionOf(Store store) {
        byte[] v = store.get(Keys.withString(Keys.META, Keys.LAYOUT_VERSION_META));
        if (v == null) {
            return UNRECORDED_VERSION;
        }
        String text = Keys.string(v, 0, v.length);
        try {
            int version = Integer.parseInt(text);
            if (version >= UNRECORDED_VERSION) {
                return version;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw StoreException.corrupt("the key layout version of the store's cojson rows reads \"" + text + "\"");
    }
}
