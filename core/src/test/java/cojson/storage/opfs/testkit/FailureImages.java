package cojson.storage.opfs.testkit;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import cojson.storage.opfs.cojson.RowDump;
import cojson.storage.opfs.io.MemoryFile;

/**
 * Saves the file image of a failed trial under {@code target/failed-images/}, so a failure can be
 * reproduced even though the engine's salts make every run's bytes different, and its dump
 * beside it, so the failure explains itself.
 */
public final class FailureImages {
    private FailureImages() {
    }

    /**
     * Writes {@code image} and, beside it, its dump ({@code .dump.txt}, see {@link Dump}); returns
     * a phrase naming both, for the failure message.
     */
    public static String saveWithDump(String name, byte[] image) {
        String saved = save(name, image);
        File dump = new File(dumpPath(name));
        try (FileOutputStream out = new FileOutputStream(dump)) {
            out.write(dumpOf(image).getBytes(StandardCharsets.UTF_8));
            return saved + ", its dump as " + dump.getAbsolutePath();
        } catch (IOException | RuntimeException e) {
            return saved + " (no dump: " + e + ")";
        }
    }

    /** The dump of an image (engine and cojson tables), never throwing. */
    public static String dumpOf(byte[] image) {
        try {
            return RowDump.of(MemoryFile.of(image));
        } catch (RuntimeException e) {
            return "(the dump itself failed: " + e + ")";
        }
    }

    private static String dumpPath(String name) {
        return "target/failed-images/" + safeName(name) + ".dump.txt";
    }

    private static String safeName(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]+", "_");
        return safe.length() > 100 ? safe.substring(0, 100) + "-" + Integer.toHexString(name.hashCode()) : safe;
    }

    /** Writes {@code image} and returns a phrase naming where, for the failure message. */
    public static String save(String name, byte[] image) {
        File dir = new File("target/failed-images");
        File f = new File(dir, safeName(name) + ".bin");
        try {
            dir.mkdirs();
            try (FileOutputStream out = new FileOutputStream(f)) {
                out.write(image);
            }
            return "image saved as " + f.getAbsolutePath();
        } catch (IOException e) {
            return "image not saved (" + e + ")";
        }
    }
}
