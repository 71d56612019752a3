package cojson.storage.opfs.tools;

import cojson.storage.opfs.cojson.RowDump;
import cojson.storage.opfs.io.JvmFile;

/**
 * The dump tool on the JVM: prints {@link RowDump} of a store's file, opened read-only (never
 * written, never created). From the repository root: {@code bash scripts/dump.sh FILE}. It runs on
 * core's test class path, beside {@link JvmFile} (see why there); the Node command
 * {@code npx cojson-storage-opfs dump FILE} prints the same text from the JS build.
 */
public final class DumpCommand {
    private DumpCommand() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: dump FILE    (prints the store file's structure; never writes)");
            System.exit(2);
        }
        try (JvmFile file = JvmFile.openReadOnly(args[0])) {
            System.out.print(RowDump.of(file));
        }
    }
}
