# The Worker under workerd. build.mjs copies this file beside the bundle it embeds. The test
# overrides the socket's address with --socket-addr http=127.0.0.1:<free port>.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:8787", http = (), service = "main") ],
);

const worker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    # cojson's crypto, compiled by workerd when it loads the Worker (Workers compile no Wasm later).
    (name = "cojson_core_wasm.wasm", wasm = embed "cojson_core_wasm.wasm"),
  ],
  compatibilityDate = "2025-09-01",
);
