/**
 * A local stand-in for Hugging Face on 127.0.0.1 (ephemeral port), close enough for the download code:
 * - `GET|HEAD /<repo>/resolve/main/<file>` → 302 with X-Repo-Commit, X-Linked-Etag, X-Linked-Size to a CDN on another
 *   origin (a second port: Hugging Face's CDN and Xet bridge are other hosts than the endpoint);
 * - the CDN's `/cdn/<repo>/<file>?X-Amz-Signature=…` honours Range (206, Content-Range, Accept-Ranges: bytes);
 * - `GET /api/models/<repo>/tree/main` → [{type, path, size, oid, lfs: {oid, size, pointerSize}}];
 * - errors with X-Error-Code and a JSON {error}: RepoNotFound / EntryNotFound (404), GatedRepo (401 without the token);
 * - fault injection (test/support/hf/faults.ts: cut, stalled, trickling, corrupt bodies, empty replies) and a count of
 *   the body bytes it served.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { serveCdnFile } from "./hf/cdn.ts";
import { noFaults, takeEmptyReply, takeFailure, type HfFaults, type HfStats } from "./hf/faults.ts";

export interface HfFile {
  repo: string;
  path: string;
  data: Buffer;
  sha256: string;
}

export interface HfTestServer {
  /** `http://127.0.0.1:<port>`: what the endpoint setting would hold. */
  endpoint: string;
  /** The CDN's origin (where resolve answers redirect to). */
  cdnOrigin: string;
  addFile(repo: string, path: string, data: Buffer): HfFile;
  /** Requests to this repository need `Authorization: Bearer <token>`. */
  gateRepo(repo: string, token: string): void;
  faults: HfFaults;
  /** Lets stalled CDN responses (faults.stallAfterBytes) carry on. */
  releaseStalls(): void;
  stats: HfStats;
  /** Clears the counters and the faults. */
  reset(): void;
  close(): Promise<void>;
}

export const fakeCommit = "0123456789abcdef0123456789abcdef01234567";

function sendError(response: ServerResponse, status: number, code: string | null, message: string): void {
  response.writeHead(status, {
    "content-type": "application/json",
    ...(code ? { "x-error-code": code } : {}),
  });
  response.end(JSON.stringify({ error: message }));
}

export async function startHfServer(): Promise<HfTestServer> {
  const files = new Map<string, HfFile>();
  const gated = new Map<string, string>();
  const repos = () => new Set([...files.values()].map((file) => file.repo));
  let faults = noFaults();
  let releaseStalls = () => {};
  let stallGate = new Promise<void>((resolve) => (releaseStalls = resolve));
  const stats: HfStats = { cdnBodyBytes: 0, requests: [] };

  function authorized(request: IncomingMessage, repo: string): boolean {
    const token = gated.get(repo);
    return token === undefined || request.headers.authorization === `Bearer ${token}`;
  }

  /** Parses `/<owner>/<name>/<rest>`; null when it is not a known repository. */
  function repoAndRest(segments: string[]): { repo: string; rest: string[] } | null {
    const repo = segments.slice(0, 2).join("/");
    return repos().has(repo) ? { repo, rest: segments.slice(2) } : null;
  }

  function handle(request: IncomingMessage, response: ServerResponse): void | Promise<void> {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    stats.requests.push({
      method: request.method ?? "GET",
      path: url.pathname,
      range: request.headers.range ?? null,
      authorization: request.headers.authorization ?? null,
    });
    const segments = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);

    if (segments[0] === "loop") {
      response.writeHead(302, { location: `/loop/${segments[1] === "1" ? 2 : 1}` }).end();
      return;
    }
    if (segments[0] === "cdn") {
      const file = files.get(segments.slice(1).join("/"));
      if (!file || !url.searchParams.has("X-Amz-Signature")) return sendError(response, 403, null, "Bad signature");
      if (takeEmptyReply(faults, "cdn")) return void request.socket.destroy();
      const failure = takeFailure(faults, "cdn");
      if (failure !== null) return sendError(response, failure, null, "Internal Error");
      for (const [header, value] of Object.entries(faults.cdnHeaders)) response.setHeader(header, value);
      return serveCdnFile(request, response, file.data, faults, stats, stallGate);
    }
    if (segments[0] === "api" && segments[1] === "models") {
      const target = repoAndRest(segments.slice(2));
      if (!target || target.rest.join("/") !== "tree/main") return sendError(response, 404, "RepoNotFound", "Repository not found");
      if (!authorized(request, target.repo)) return sendError(response, 401, "GatedRepo", "Access to this model is restricted.");
      const entries = [...files.values()]
        .filter((file) => file.repo === target.repo)
        .map((file) => ({
          type: "file",
          oid: createHash("sha1").update(file.sha256).digest("hex"),
          size: faults.treeListing?.sizeBytes ?? file.data.length,
          path: file.path,
          lfs: { oid: faults.treeListing?.sha256 ?? file.sha256, size: faults.treeListing?.sizeBytes ?? file.data.length, pointerSize: 135 },
        }));
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(entries));
      return;
    }

    const target = repoAndRest(segments);
    if (!target) return sendError(response, 404, "RepoNotFound", "Repository not found");
    const [kind, revision, ...pathParts] = target.rest;
    if (kind !== "resolve" || revision !== "main") return sendError(response, 404, null, "Not found");
    if (!authorized(request, target.repo))
      return sendError(response, 401, "GatedRepo", `Access to model ${target.repo} is restricted. You must be authenticated to access it.`);
    if (takeEmptyReply(faults, "resolve")) return void request.socket.destroy();
    const failure = takeFailure(faults, "resolve");
    if (failure !== null) return sendError(response, failure, null, "Internal Error");
    const file = files.get(`${target.repo}/${pathParts.join("/")}`);
    if (!file) return sendError(response, 404, "EntryNotFound", "Entry not found");
    const location = faults.redirectLoop
      ? "/loop/1"
      : `${cdnOrigin}/cdn/${target.repo}/${pathParts.map(encodeURIComponent).join("/")}?X-Amz-Signature=test&Expires=3600`;
    response.writeHead(302, {
      location,
      "x-repo-commit": fakeCommit,
      ...(faults.hideLinkedHeaders
        ? {}
        : {
            "x-linked-etag": `"${faults.announce?.sha256 ?? file.sha256}"`,
            "x-linked-size": String(faults.announce?.sizeBytes ?? file.data.length),
            etag: `"${faults.announce?.sha256 ?? file.sha256}"`,
          }),
    });
    response.end();
  }

  // One handler on two ports: the endpoint, and the CDN its resolve answers redirect to.
  const [server, cdn] = [0, 1].map(() =>
    createServer((request, response) => {
      Promise.resolve(handle(request, response)).catch(() => response.destroy());
    }),
  ) as [Server, Server];
  const origin = async (listening: Server) => {
    await new Promise<void>((resolve) => listening.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
  };
  const endpoint = await origin(server);
  const cdnOrigin = await origin(cdn);

  return {
    endpoint,
    cdnOrigin,
    addFile(repo, path, data) {
      const file = { repo, path, data, sha256: createHash("sha256").update(data).digest("hex") };
      files.set(`${repo}/${path}`, file);
      return file;
    },
    gateRepo(repo, token) {
      gated.set(repo, token);
    },
    get faults() {
      return faults;
    },
    set faults(value) {
      faults = value;
    },
    releaseStalls() {
      releaseStalls();
      stallGate = new Promise<void>((resolve) => (releaseStalls = resolve));
    },
    stats,
    reset() {
      faults = noFaults();
      stats.cdnBodyBytes = 0;
      stats.requests.length = 0;
    },
    async close() {
      releaseStalls();
      for (const listening of [server, cdn]) {
        listening.closeAllConnections();
        await new Promise<void>((resolve) => listening.close(() => resolve()));
      }
    },
  };
}
