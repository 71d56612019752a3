package cojson.storage.opfs.testweb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The migration test's worker script, {@code site/migration/migration-worker.js}, bundled with
 * cojson, the real cojson-storage-indexeddb and the package's /worker entry by
 * worker-js/test/migration/build-browser.mjs, into worker-js/target/migration-worker.js, which
 * {@link StaticServer} serves as {@code /pkg/target/migration-worker.js}.
 */
final class MigrationBundle {
    private static boolean built;

    private MigrationBundle() {
    }

    /** Bundles once per test JVM; installs the test project's packages first on a fresh clone. */
    static synchronized void build() {
        if (built) {
            return;
        }
        Path packageDir = Path.of(System.getProperty("package.dir", "../worker-js")).toAbsolutePath().normalize();
        Path siteDir = Path.of(System.getProperty("site.dir", "src/test/resources/site")).toAbsolutePath().normalize();
        Path tools = packageDir.resolve("test/migration");
        if (!Files.isDirectory(tools.resolve("node_modules/cojson-storage-indexeddb"))) {
            // install, not ci: see worker-js/test/workerd/README.md
            CojsonBrowserBundle.run(tools, List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error"));
        }
        System.out.print(CojsonBrowserBundle.run(tools, List.of("node", "build-browser.mjs",
                siteDir.resolve("migration/migration-worker.js").toString(),
                packageDir.resolve("target/migration-worker.js").toString())));
        built = true;
    }
}
