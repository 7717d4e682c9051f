import type { WebSocket } from "ws";
import { AppError, requestEnvelopeSchema, type MessageTransport } from "../../common/contract/index.ts";

/** What one WebSocket connection may ask of the host. Everything beyond it ends that connection, never the host. */
export interface ConnectionLimits {
  /** Largest message, in bytes; a bigger frame closes the connection with 1009 (enforced by ws's `maxPayload`). */
  maxMessageBytes: number;
  /** Sustained messages per second, and how many may arrive at once above that pace. */
  messagesPerSecond: number;
  burstMessages: number;
  /** Requests not answered yet; one more is answered with RATE_LIMITED, the connection stays open. */
  maxPendingRequests: number;
  /** Bytes queued for a client that does not read; beyond it the connection is closed. */
  maxUnsentBytes: number;
}

export const defaultConnectionLimits: ConnectionLimits = {
  maxMessageBytes: 2 * 1024 * 1024,
  messagesPerSecond: 50,
  burstMessages: 200,
  maxPendingRequests: 32,
  maxUnsentBytes: 32 * 1024 * 1024,
};

/** Close codes the host uses: 1003, 1008 and 1009 from RFC 6455 section 7.4.1, 1013 from IANA's WebSocket close code registry. */
export const closeCodes = {
  /** The client sent data of a type we do not accept (binary frames). */
  unsupportedData: 1003,
  /** The client broke a limit of this connection (message rate, unread backlog). */
  policyViolation: 1008,
  /** A message bigger than `maxMessageBytes` (ws closes with it itself: ws/lib/websocket.js, `receiverOnError`). */
  messageTooBig: 1009,
  /** The host already serves as many connections as it will. */
  tryAgainLater: 1013,
} as const;

/** A token bucket: `burst` messages at once, refilled at `perSecond`. */
class MessageBudget {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number,
  ) {
    this.tokens = burst;
    this.updatedAt = now();
  }

  take(): boolean {
    const at = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((at - this.updatedAt) / 1000) * this.perSecond);
    this.updatedAt = at;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** The id of a request the RPC server will answer (it drops malformed envelopes unanswered). */
/** Deeper than any message of the app's contract; a deeper one is dropped before JSON.parse builds it. */
const maxNesting = 64;

/** True when arrays and objects in the JSON text nest deeper than `max` (brackets inside strings do not count). */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

function requestId(message: unknown): number | undefined {
  const parsed = requestEnvelopeSchema.safeParse(message);
  return parsed.success ? parsed.data.id : undefined;
}

function responseId(message: unknown): number | undefined {
  if (typeof message !== "object" || message === null) return undefined;
  const { kind, id } = message as { kind?: unknown; id?: unknown };
  return kind === "response" && typeof id === "number" ? id : undefined;
}

/**
 * The app's message channel over one WebSocket, with that connection's limits applied before anything reaches
 * the services: text frames of JSON only, a message budget, a cap on requests in flight and on unread output.
 */
export function guardedTransport(socket: WebSocket, limits: ConnectionLimits, now: () => number = Date.now): MessageTransport {
  const budget = new MessageBudget(limits.messagesPerSecond, limits.burstMessages, now);
  const pending = new Set<number>();
  // ws closes an oversized frame's connection with 1009 and then emits this error; unheard, it would be thrown.
  socket.on("error", () => undefined);

  const sendNow = (message: unknown) => {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > limits.maxUnsentBytes) {
      socket.close(closeCodes.policyViolation, "The client does not read what it is sent");
      return;
    }
    socket.send(JSON.stringify(message));
  };

  return {
    send: (message) => {
      const id = responseId(message);
      if (id !== undefined) pending.delete(id);
      sendNow(message);
    },
    onMessage(listener) {
      const onMessage = (data: Buffer, isBinary: boolean) => {
        if (socket.readyState !== socket.OPEN) return;
        if (isBinary) return socket.close(closeCodes.unsupportedData, "Only JSON text messages are accepted");
        if (!budget.take()) {
          return socket.close(closeCodes.policyViolation, `Too many messages: at most ${limits.messagesPerSecond} a second`);
        }
        const text = data.toString("utf8");
        // A million nested brackets fit in one message and would cost JSON.parse a million objects.
        if (nestsDeeperThan(text, maxNesting)) return;
        let message: unknown;
        try {
          message = JSON.parse(text);
        } catch {
          return; // Not JSON: dropped like any other malformed message.
        }
        const id = requestId(message);
        if (id !== undefined && !pending.has(id)) {
          if (pending.size >= limits.maxPendingRequests) {
            const error = new AppError("RATE_LIMITED", `Too many requests in flight: at most ${limits.maxPendingRequests} on one connection`);
            return sendNow({ kind: "response", id, ok: false, error: error.toWire() });
          }
          pending.add(id);
        }
        listener(message);
      };
      socket.on("message", onMessage);
      return () => socket.off("message", onMessage);
    },
  };
}
