/**
 * Why a remote server's answer failed, named, so the chat can say what happened and offer what helps (retry, check the
 * key, pick another model, continue with the local model). Every message names the server by its origin only: an API
 * key never appears in a message, and text a server sends back is cut short and has the key blanked out before it is
 * quoted (a hostile server could echo the key it was sent).
 */
import { AppError, type RemoteFailure } from "../../common/contract/errors.ts";

export type { RemoteFailure };

/* What each failure means (the contract's remoteFailures, common/contract/error-details.ts):
 * unreachable — no TCP connection (DNS, refused, no route, TLS); connect-timeout; first-byte-timeout — connected and
 * asked, but no response headers in time (for a chat: no first token); idle-timeout — a streamed answer stopped
 * arriving (nothing, not even a keep-alive, for longer than the idle bound); disconnected — the connection closed
 * before the answer was complete; unauthorized; model-not-found; server-error — an error status, its message quoted;
 * stream-error — an error sent in the middle of a streamed answer; redirected — not followed, only the origin the
 * user added is contacted; wrong-content-type; malformed-response; too-large — a line, event or whole answer over the
 * bounds, the rest not read; server-removed — the chat's server is no longer in the list (it names the server). */

/** The server as the user named it in the list of other computers. */
export interface RemoteServerLabel {
  id: string;
  name?: string | undefined;
}

/** A failed remote request. `partialText` is the answer received before it failed (kept by the chat, never lost). */
export class RemoteError extends AppError<"REMOTE_FAILED"> {
  override name = "RemoteError";
  constructor(
    readonly failure: RemoteFailure,
    message: string,
    readonly origin: string | undefined,
    readonly status?: number,
    readonly partialText = "",
    readonly server?: RemoteServerLabel,
  ) {
    super("REMOTE_FAILED", message, {
      failure,
      ...(origin === undefined ? {} : { origin }),
      ...(server === undefined ? {} : { serverId: server.id }),
      ...(server?.name === undefined ? {} : { serverName: server.name }),
      ...(status === undefined ? {} : { httpStatus: status }),
      ...(partialText === "" ? {} : { receivedChars: partialText.length }),
    });
  }

  withPartialText(partialText: string): RemoteError {
    if (partialText === "") return this;
    return this.copy(this.message, partialText, this.server);
  }

  /** The same failure naming the server it came from (the user knows it by its name, not its address). */
  forServer(server: RemoteServerLabel): RemoteError {
    const message = server.name === undefined || this.server?.name !== undefined ? this.message : `“${server.name}”: ${this.message}`;
    return this.copy(message, this.partialText, server);
  }

  private copy(message: string, partialText: string, server: RemoteServerLabel | undefined): RemoteError {
    const copy = new RemoteError(this.failure, message, this.origin, this.status, partialText, server);
    copy.stack = this.stack;
    return copy;
  }
}

export const maxQuotedServerText = 300;

/** Server-sent text, fit to quote in a message: one line, printable, short, and without the key. */
export function quoteServerText(text: string, secret: string | undefined): string {
  let quoted = text;
  if (secret) quoted = quoted.split(secret).join("•••");
  // eslint-disable-next-line no-control-regex
  quoted = quoted.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ").trim();
  return quoted.length <= maxQuotedServerText ? quoted : `${quoted.slice(0, maxQuotedServerText - 1)}…`;
}
