import type { ChatMessage, ChatTurn } from "../../common/contract/index.ts";
import { titleFrom } from "../services/chat/conversation-fields.ts";
import type { AnswerOptions, ApiAnswer } from "./api-generation.ts";
import { programName } from "./program-name.ts";

/** A program's request and the answer it got, as the chat list keeps it ("Keep programs' conversations in my chat list"). */
export interface ApiChat {
  title: string;
  systemPrompt: string;
  messages: Omit<ChatMessage, "id">[];
}

/** Adds a finished chat to the user's chat list (ChatService.addFinished): saved, and announced as any new chat. */
export type ApiChatKeeper = (chat: ApiChat) => Promise<unknown>;

export interface ApiChatRecordOptions {
  /** The `api.keepChats` setting, read at each answer: off, nothing is stored. */
  enabled: () => boolean;
  keep: ApiChatKeeper;
}

/**
 * Answers through `answer` and, with the setting on, keeps the request and what the client received as a new chat.
 * One request is one chat: API clients resend the whole history every turn and carry no conversation id, so requests
 * are never threaded into an earlier chat (a guess could merge two programs' or two users' conversations).
 * An answer that failed or was stopped keeps what was sent so far, marked as stopped; one that sent nothing is not kept.
 */
export async function answerKeepingChat(record: ApiChatRecordOptions | undefined, options: AnswerOptions, answer: (options: AnswerOptions) => Promise<ApiAnswer>): Promise<ApiAnswer> {
  if (!record?.enabled()) return answer(options);
  let sent = "";
  const createdAt = Date.now();
  const keep = async (outcome: Pick<ChatMessage, "status" | "stopReason" | "stats">) => {
    // The answer must reach the client whatever happens to its copy in the chat list.
    await record.keep(apiChat(options, sent, createdAt, outcome)).catch((error: unknown) => console.warn(`[api] a program's chat could not be kept: ${String(error)}`));
  };
  try {
    const result = await answer({
      ...options,
      onText: (text) => {
        sent += text;
        options.onText(text);
      },
    });
    // Kept before the client gets its last chunk: a program (or test) that saw "done" finds the chat in the list.
    await keep({ status: "complete", stopReason: result.doneReason === "length" ? "maxTokens" : "end", stats: result.stats });
    return result;
  } catch (error) {
    if (sent !== "") await keep({ status: "stopped", stopReason: "stopped" });
    throw error;
  }
}

function apiChat({ caller, model, request }: AnswerOptions, answerText: string, createdAt: number, outcome: Pick<ChatMessage, "status" | "stopReason" | "stats">): ApiChat {
  const message = (role: ChatTurn["role"], text: string): Omit<ChatMessage, "id"> => ({ role, text, status: "complete", createdAt });
  const program = programName(caller.userAgent) ?? caller.endpoint;
  return {
    title: `${program} · ${titleFrom(request.text)}`,
    // The API never adds the app's default system prompt: "" (none) is what the model was told when the client sent none.
    systemPrompt: request.systemPrompt ?? "",
    messages: [
      ...request.history.map((turn) => message(turn.role, turn.text)),
      message("user", request.text),
      {
        ...message("model", `${request.responsePrefix ?? ""}${answerText}`),
        ...outcome,
        modelName: model.name,
        ...(model.quantization !== null && { quantization: model.quantization }),
        ...(request.sampling && { sampling: request.sampling }),
        backend: { kind: "local" },
      },
    ],
  };
}

/** The app's setting and chat list, for `backendEngine`'s `chatRecord`. */
export function apiChatRecord(backend: { settings: { readonly current: { api: { keepChats: boolean } } }; chats: { addFinished: ApiChatKeeper } }): ApiChatRecordOptions {
  return { enabled: () => backend.settings.current.api.keepChats, keep: (chat) => backend.chats.addFinished(chat) };
}
