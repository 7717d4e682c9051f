/**
 * What went wrong on the way to a server, named: a DNS failure, a refused connection, no route (offline), a TLS
 * failure, no answer in time, or a server that closed the connection without answering (curl's "Empty reply from
 * server": a host that just answered is not offline). The codes are Node's (libuv errno names, `ERR_TLS_*`,
 * OpenSSL's certificate codes) and undici's, which Node's fetch wraps in `cause`.
 */
import { AppError, type ConnectionFailure } from "../../../common/contract/errors.ts";

const failureOfCode: Readonly<Record<string, ConnectionFailure>> = {
  ENOTFOUND: "dns",
  EAI_AGAIN: "dns",
  EAI_FAIL: "dns",
  ENETUNREACH: "unreachable",
  EHOSTUNREACH: "unreachable",
  ENETDOWN: "unreachable",
  ECONNREFUSED: "refused",
  ETIMEDOUT: "timeout",
  UND_ERR_CONNECT_TIMEOUT: "timeout",
  UND_ERR_HEADERS_TIMEOUT: "timeout",
  UND_ERR_BODY_TIMEOUT: "timeout",
  ECONNRESET: "closed-without-answer",
  EPIPE: "closed-without-answer",
  UND_ERR_SOCKET: "closed-without-answer",
};

/** OpenSSL / Node TLS codes: ERR_TLS_CERT_ALTNAME_INVALID, ERR_SSL_…, CERT_HAS_EXPIRED, SELF_SIGNED_CERT_IN_CHAIN, … */
const tlsCode = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|HOSTNAME_MISMATCH)/;

export function failureOf(code: string): ConnectionFailure | null {
  return failureOfCode[code] ?? (tlsCode.test(code) ? "tls" : null);
}

/** The code of a failed request (undici wraps the real error in `cause`), if it is a network failure. */
export function networkErrorCode(error: unknown): string | null {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && failureOf(code) !== null) return code;
    // undici: the server closed the socket before (or while) answering.
    if (current.message === "other side closed") return "UND_ERR_SOCKET";
    if (current.message === "terminated") return "ECONNRESET";
  }
  return error instanceof TypeError && error.message === "fetch failed" ? "ECONNRESET" : null;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * The error for a request that got no HTTP answer from `url`'s host: `code` is a network code, or "timeout" with
 * `timeoutMs`. `details.offline` only when this device itself looks offline (no DNS, no route).
 */
export function connectionError(url: string, code: string, timeoutMs?: number): AppError<"UNAVAILABLE"> {
  const host = hostOf(url);
  const reason: ConnectionFailure = code === "timeout" ? "timeout" : (failureOf(code) ?? "closed-without-answer");
  const seconds = timeoutMs === undefined ? null : Math.round(timeoutMs / 100) / 10;
  const messages: Record<ConnectionFailure, string> = {
    dns: `Can't look up ${host} (DNS failed, ${code}): this device may be offline, or the endpoint setting names a host that does not exist.`,
    unreachable: `Offline: there is no route to ${host} (${code}). Check the network connection.`,
    refused: `${host} refused the connection (${code}): nothing is serving downloads there.`,
    tls: `The secure connection to ${host} failed (${code}). A wrong system clock or a proxy can cause this.`,
    timeout: `${host} did not answer${seconds === null ? "" : ` within ${seconds} s`}.`,
    "closed-without-answer": `${host} closed the connection without answering (${code}).`,
  };
  return new AppError("UNAVAILABLE", messages[reason], {
    reason,
    code,
    host,
    offline: reason === "dns" || reason === "unreachable",
    ...(seconds === null ? {} : { timeoutSeconds: seconds }),
  });
}
