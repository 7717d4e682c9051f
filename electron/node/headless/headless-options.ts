import { parseArgs } from "node:util";
import { ollamaDefaultPort } from "../api/api-server.ts";
import { hostPaths } from "../host/paths.ts";

export const headlessUsage = `Usage: edge-gemma --headless [--host 127.0.0.1] [--port 5417] [--api-port ${ollamaDefaultPort}] [--no-api] [--data-dir DIR]
  Serves Edge Gemma's web interface with no window (for a Pi without a screen, or a systemd service).
  --host 127.0.0.1  only this computer may connect (the default)
  --host 0.0.0.0    devices on the network may connect, with the one-time access token printed at start
  --port 5417       the web interface's port (0: any free port)
  --api-port ${ollamaDefaultPort}  the Ollama- and OpenAI-compatible API's port (taken: the next free one); given, the API runs on
                    this computer whatever Settings → Programs says (without it, the settings decide; it is off by default)
  --no-api          no API, only the web interface, whatever the settings say
  --data-dir DIR    settings, chats and models (default: the desktop app's folder, ${hostPaths.defaultDataDir})`;

export interface HeadlessOptions {
  host: string;
  port: number;
  /** "settings": as Settings → Programs says (off by default); "on": loopback at least (`--api-port`); "off": `--no-api`. */
  api: "settings" | "on" | "off";
  apiPort: number;
  dataDir: string;
  help: boolean;
}

/** Throws with a message naming the bad flag; the caller prints it with the usage. */
export function parseHeadlessOptions(args: string[]): HeadlessOptions {
  const { values } = parseArgs({
    args,
    options: {
      // The launcher passes it through (packaging/linux/edge-gemma-launcher); it changes nothing here.
      headless: { type: "boolean", default: false },
      host: { type: "string", default: "127.0.0.1" },
      port: { type: "string", default: "5417" },
      "api-port": { type: "string" },
      "no-api": { type: "boolean", default: false },
      "data-dir": { type: "string", default: hostPaths.defaultDataDir },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const port = portNumber("--port", values.port);
  const apiPort = values["api-port"] === undefined ? ollamaDefaultPort : portNumber("--api-port", values["api-port"]);
  const api = values["no-api"] ? "off" : values["api-port"] === undefined ? "settings" : "on";
  if (values.host.trim() === "") throw new Error("--host needs an address, e.g. 127.0.0.1 or 0.0.0.0");
  if (values["data-dir"].trim() === "") throw new Error("--data-dir needs a folder");
  return { host: values.host, port, api, apiPort, dataDir: values["data-dir"], help: values.help };
}

function portNumber(flag: string, text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) throw new Error(`${flag} must be a number from 0 to 65535, not "${text}"`);
  return port;
}
