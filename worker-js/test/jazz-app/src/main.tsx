import React from "react";
import { createRoot } from "react-dom/client";
import { JazzReactProvider } from "jazz-tools/react";
import { configureOpfsStorage } from "cojson-storage-opfs/jazz";
import { App } from "./App";
import { AppAccount } from "./schema";
import { exposeStorageProbe } from "./testHooks";

// The tests open the app as ?fallback=error to check that a refused OPFS then fails with
// UNSUPPORTED_RUNTIME instead of starting in memory.
if (new URLSearchParams(location.search).get("fallback") === "error") {
  configureOpfsStorage({ fallback: "error" });
}

exposeStorageProbe();

createRoot(document.getElementById("root")!).render(
  <JazzReactProvider sync={{ when: "never" }} AccountSchema={AppAccount} fallback={<p id="starting">Starting Jazz…</p>}>
    <App />
  </JazzReactProvider>,
);
