/**
 * The rule for a server address the user types (Settings → Other computers), one copy for the form and for main:
 * the form names a mistake before anything is sent, main refuses the same mistakes (node/remote/remote-url.ts).
 */
export type RemoteAddressProblem = "not-url" | "scheme" | "credentials" | "query";

export type RemoteAddressCheck = { url: URL; problem?: undefined } | { problem: RemoteAddressProblem; url?: undefined };

/** "192.168.1.20:11434" and "pi.local:8080" are the usual slips: a host and port with no http:// in front. */
const hostAndPort = /^[\w.-]+:\d+(\/|$)/;

export function checkRemoteAddress(input: string): RemoteAddressCheck {
  const text = input.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: hostAndPort.test(text) ? "scheme" : "not-url" };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return { problem: "scheme" };
  if (url.username !== "" || url.password !== "") return { problem: "credentials" };
  if (url.search !== "" || url.hash !== "") return { problem: "query" };
  return { url };
}
