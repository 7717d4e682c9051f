import type { ApiAccessStatus } from "../../common/contract/app/api-access.ts";

/** What `npm run serve` and headless mode print when the API starts, moves or stops (scripts read the URL line). */
export function apiStatusLines(status: ApiAccessStatus): string[] {
  if (status.state === "failed") return [status.error ?? "The API could not start."];
  if (status.state === "off") return ["The API for other programs is off (Settings → Programs)."];
  const lines: string[] = [];
  if (status.portTaken) lines.push(`Port ${status.wantedPort} is taken (is Ollama running?), so the API uses ${status.port}.`);
  const reach = status.networkUrls.length > 0 ? `, and on the network at ${status.networkUrls.join(", ")} with its token` : " (this computer only)";
  lines.push(`Edge Gemma's Ollama- and OpenAI-compatible API is serving on ${status.localUrl}${reach}`);
  return lines;
}
