import { defineConfig } from "vite7";

export default defineConfig({
  resolve: {
    // The README's recipe: jazz-tools' storage becomes cojson-storage-opfs.
    alias: { "cojson-storage-indexeddb": "cojson-storage-opfs/jazz" },
  },
});
