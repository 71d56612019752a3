import HtmlWebpackPlugin from "html-webpack-plugin";
import { fileURLToPath } from "node:url";

// A plain webpack 5 React app (TypeScript through esbuild-loader, the page from index.html);
// the README's recipe adds only the alias line.
export default {
  mode: "production",
  entry: "./src/main.tsx",
  output: { path: fileURLToPath(new URL("dist/webpack/", import.meta.url)), clean: true },
  resolve: {
    extensions: [".tsx", ".ts", ".js"],
    alias: { "cojson-storage-indexeddb": "cojson-storage-opfs/jazz" },
  },
  module: {
    rules: [{ test: /\.tsx?$/, loader: "esbuild-loader", options: { target: "es2022", jsx: "automatic" } }],
  },
  plugins: [new HtmlWebpackPlugin({ template: "webpack.html", inject: "body", scriptLoading: "module" })],
};
