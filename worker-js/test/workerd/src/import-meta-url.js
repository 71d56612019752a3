// workerd gives every module an empty import.meta (cloudflare/workerd#2963), but the package's
// src/engines.js evaluates new URL("../dist/", import.meta.url) as soon as it is imported, which
// throws "Invalid URL string" before the Worker starts: a Cloudflare user would hit this too.
// Until the package computes that URL only where it loads a build by URL, the Worker supplies one
// first: worker.js imports this module before anything else, and in the bundle (one module, so
// one import.meta) it runs before engines.js. The URL is never fetched: the /memory entry's
// "workerd" build imports the JS build statically.
import.meta.url ??= "file:///worker/worker.js";
