package cojson.storage.opfs.testkit;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;

/**
 * Saves the file image of a failed trial under {@code target/failed-images/}, so a failure can be
 * reproduced even though the engine's salts make every run's bytes different.
 */
public final class FailureImages {
    private FailureImages() {
    }

    /** Writes {@code image} and returns a phrase naming where, for the failure message. */
    public static String save(String name, byte[] image) {
        File dir = new File("target/failed-images");
        String safe = name.replaceAll("[^A-Za-z0-9._-]+", "_");
        if (safe.length() > 100) {
            safe = safe.substring(0, 100) + "-" + Integer.toHexString(name.hashCode());
        }
        File f = new File(dir, safe + ".bin");
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
