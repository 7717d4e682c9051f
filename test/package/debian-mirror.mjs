// Finds the Debian archive this machine's apt uses, so debootstrap fetches from
// the same place (no mirror host is written anywhere in the repo). Reads
// /etc/apt/sources.list (one-line format) and /etc/apt/sources.list.d/*.list
// and *.sources (deb822). EDGE_GEMMA_DEBIAN_MIRROR overrides it.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

const DEBIAN_SUITE = /^(bookworm|trixie|forky|sid|bullseye|stable|testing|unstable|oldstable)(-updates|-backports)?$/;

/** One-line format: "deb [opts] URI suite component..." */
export function parseOneLineSources(text) {
  const sources = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/#.*/, "").trim();
    const match = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)\s*(.*)$/.exec(line);
    if (match) sources.push({ uris: [match[1]], suites: [match[2]], components: match[3].split(/\s+/).filter(Boolean) });
  }
  return sources;
}

/** deb822 format: stanzas separated by blank lines, with Types, URIs, Suites, Components, Enabled. */
export function parseDeb822Sources(text) {
  const sources = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    const fields = {};
    for (const line of stanza.split("\n")) {
      if (line.startsWith("#")) continue;
      const match = /^([\w-]+):\s*(.*)$/.exec(line);
      if (match) fields[match[1].toLowerCase()] = match[2].trim();
    }
    if (!(fields.types ?? "").split(/\s+/).includes("deb")) continue;
    if ((fields.enabled ?? "yes").toLowerCase() === "no") continue;
    sources.push({
      uris: (fields.uris ?? "").split(/\s+/).filter(Boolean),
      suites: (fields.suites ?? "").split(/\s+/).filter(Boolean),
      components: (fields.components ?? "").split(/\s+/).filter(Boolean),
    });
  }
  return sources;
}

/** The first Debian archive URI (a suite like bookworm, not -security) in the given sources. */
export function pickDebianMirror(sources) {
  for (const source of sources) {
    if (!source.suites.some((suite) => DEBIAN_SUITE.test(suite))) continue;
    if (!source.components.includes("main")) continue;
    const uri = source.uris.find((u) => /^https?:\/\//.test(u) && !/security/.test(u));
    if (uri) return uri.replace(/\/+$/, "");
  }
  return null;
}

export async function findDebianMirror(aptDir = "/etc/apt") {
  if (process.env.EDGE_GEMMA_DEBIAN_MIRROR) return process.env.EDGE_GEMMA_DEBIAN_MIRROR;
  const sources = [];
  const main = await readFile(path.join(aptDir, "sources.list"), "utf8").catch(() => "");
  sources.push(...parseOneLineSources(main));
  const dir = path.join(aptDir, "sources.list.d");
  for (const name of (await readdir(dir).catch(() => [])).sort()) {
    const text = await readFile(path.join(dir, name), "utf8").catch(() => "");
    if (name.endsWith(".list")) sources.push(...parseOneLineSources(text));
    else if (name.endsWith(".sources")) sources.push(...parseDeb822Sources(text));
  }
  const mirror = pickDebianMirror(sources);
  if (!mirror) throw new Error("no Debian archive found in /etc/apt sources (set EDGE_GEMMA_DEBIAN_MIRROR)");
  return mirror;
}
