// The system's browsers through playwright-core, which never downloads one: Chromium (Debian's
// `chromium`) and Firefox (Debian's `firefox-esr`, through the `moz-firefox` channel, i.e.
// WebDriver BiDi, no patched build). Both on a persistent profile in a fresh folder: Playwright's
// default context is off the record, and OPFS there lives in memory (TOOLCHAIN.md).

import { existsSync } from "node:fs";
import { chromium, firefox } from "playwright-core";

// As TOOLCHAIN.md: headless, no sandbox (root), nothing that phones home.
const CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync"];

export const BROWSERS = {
  chromium: { path: () => process.env.CHROMIUM ?? "/usr/bin/chromium", install: "apt-get install -y chromium" },
  firefox: { path: () => process.env.FIREFOX ?? "/usr/bin/firefox-esr", install: "apt-get install -y firefox-esr" },
};

/** Launches `name` ("chromium" or "firefox") on the profile folder; resolves with its context. */
export async function launch(name, profileDir) {
  const browser = BROWSERS[name];
  if (!browser) throw new Error(`unknown browser ${name} (chromium or firefox)`);
  const executablePath = browser.path();
  if (!existsSync(executablePath)) {
    throw new Error(`${name} is not installed at ${executablePath}: ${browser.install} (or set ${name.toUpperCase()} to its path)`);
  }
  if (name === "chromium") {
    return chromium.launchPersistentContext(profileDir, { executablePath, headless: true, args: CHROMIUM_FLAGS });
  }
  return firefox.launchPersistentContext(profileDir, { channel: "moz-firefox", executablePath, headless: true });
}

/** The browser's name and version, e.g. "Chromium 156.0.8078.114". */
export async function version(name, context, page) {
  const v = context.browser()?.version();
  if (v) return `${name === "chromium" ? "Chromium" : "Firefox"} ${v}`;
  if (name === "chromium") {
    const cdp = await context.newCDPSession(page);
    try {
      return (await cdp.send("Browser.getVersion")).product.replace("HeadlessChrome", "Chromium");
    } finally {
      await cdp.detach();
    }
  }
  return `Firefox (${await page.evaluate(() => navigator.userAgent)})`;
}
