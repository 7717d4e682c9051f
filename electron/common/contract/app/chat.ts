import { z } from "zod";
import { generationDeltaSchema, generationStatsSchema, idSchema, messageTextSchema, samplingSchema, stopReasonSchema } from "../chat-types.ts";
import { wireErrorSchema } from "../errors.ts";
import { modelIdSchema } from "./library.ts";
import { remoteModelSchema, remoteServerNameSchema } from "./remote.ts";
import { contextOverflowSchema } from "./settings.ts";

export const messageStatusSchema = z.enum(["complete", "streaming", "stopped", "crashed", "error"]);
export type MessageStatus = z.infer<typeof messageStatusSchema>;

const localBackend = z.strictObject({ kind: z.literal("local") });
const remoteChoice = { kind: z.literal("remote"), serverId: idSchema, model: remoteModelSchema.shape.id };

/** Which backend answers a chat, as a client chooses it: the local engine, or a model on a server from `remote.list`. */
export const chatBackendChoiceSchema = z.discriminatedUnion("kind", [localBackend, z.strictObject(remoteChoice)]);
export type ChatBackendChoice = z.infer<typeof chatBackendChoiceSchema>;

/**
 * A backend as main records it, on a chat and on each answer: a remote one also carries the server's name when it was
 * chosen (or last answered), so a server removed or renamed since is still named ("from <serverName> / <model>").
 */
export const chatBackendSchema = z.discriminatedUnion("kind", [localBackend, z.strictObject({ ...remoteChoice, serverName: remoteServerNameSchema })]);
export type ChatBackend = z.infer<typeof chatBackendSchema>;

/** Everything that makes one version of a model answer: what the UI shows and what the export records. */
const answerFields = {
  text: messageTextSchema,
  status: messageStatusSchema,
  createdAt: z.number(),
  error: wireErrorSchema.optional(),
  stats: generationStatsSchema.optional(),
  modelName: z.string().max(500).optional(),
  quantization: z.string().max(50).optional(),
  /** The sampling settings the answer was generated with. */
  sampling: samplingSchema.optional(),
  /** Why generation ended; "maxTokens" answers can be continued like stopped ones. */
  stopReason: stopReasonSchema.optional(),
  /** What generated it (for a continued answer: the last part's); absent in answers from before remote backends: local. */
  backend: chatBackendSchema.optional(),
};

/** One version of a model answer (see `ChatMessage.alternatives`). */
export const answerVersionSchema = z.strictObject(answerFields);
export type AnswerVersion = z.infer<typeof answerVersionSchema>;

export const chatMessageSchema = z.strictObject({
  id: idSchema,
  role: z.enum(["user", "model"]),
  ...answerFields,
  /**
   * Every version of a regenerated answer, oldest first (absent until the first regeneration). The
   * message's own fields are a copy of `alternatives[selectedAlternative]`: the version shown, and the
   * one the model sees as history. The UI pages through them as `selectedAlternative + 1` / `length`.
   */
  alternatives: z.array(answerVersionSchema).min(1).max(100).optional(),
  selectedAlternative: z.number().int().nonnegative().optional(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export const conversationSchema = z.strictObject({
  id: idSchema,
  title: z.string().max(500),
  createdAt: z.number(),
  updatedAt: z.number(),
  messages: z.array(chatMessageSchema),
  /** This chat's own system prompt; absent: the default from the settings; "": none. */
  systemPrompt: messageTextSchema.optional(),
  /**
   * Set when the context filled up: the first message the model still sees. The UI shows a notice
   * ("earlier messages are no longer in the model's memory") above it.
   */
  contextStartId: idSchema.optional(),
  /** The preset (system prompt + sampling) this chat uses; absent: none (Settings as they are). */
  presetId: idSchema.optional(),
  /** The installed model this chat answers with (loaded before its next answer); absent: whichever is loaded. */
  modelId: modelIdSchema.optional(),
  /** Who answers this chat (`chat.setBackend`). Main always sends it; absent only in chat files from before: local. */
  backend: chatBackendSchema.optional(),
});
export type Conversation = z.infer<typeof conversationSchema>;

export const conversationSummarySchema = conversationSchema.omit({ messages: true });

/**
 * A page of a chat's messages: at most `chatPageLimits.messages` of them and, unless one message alone is bigger, at
 * most `chatPageLimits.bytes` of text, so that opening or scrolling a chat of any length costs a page.
 */
export const chatPageLimits = { messages: 50, bytes: 256 * 1024 };
const firstIndexSchema = z.number().int().nonnegative();

/** A chat as opened: its summary and its newest page of messages; `firstIndex` older ones come with `chat.messages`. */
export const openedChatSchema = conversationSchema.extend({
  /** Where `messages` starts in the chat: how many older messages there are. */
  firstIndex: firstIndexSchema,
});
export type OpenedChat = z.infer<typeof openedChatSchema>;

export const messagePageSchema = z.strictObject({
  /** Where `messages` starts in the chat. */
  firstIndex: firstIndexSchema,
  messages: z.array(chatMessageSchema),
  /** How many messages the chat holds now. */
  messageCount: z.number().int().nonnegative(),
});
export type MessagePage = z.infer<typeof messagePageSchema>;

/** Which page: from `start` (up to `end`, exclusive), or the one around a message (a search hit). */
export const messagePageRequestSchema = z.union([
  z.strictObject({ start: firstIndexSchema, end: z.number().int().positive() }),
  z.strictObject({ around: idSchema }),
]);
export type MessagePageRequest = z.infer<typeof messagePageRequestSchema>;
export type ConversationSummary = z.infer<typeof conversationSummarySchema>;

/** A chat file that could not be loaded (skipped; the others load). */
export const chatLoadProblemSchema = z.strictObject({
  file: z.string().max(4096),
  reason: z.string().max(2000),
  /** "folder": the chats folder itself was refused (a link out of the data folder): chats are not saved. */
  kind: z.enum(["file", "folder"]).optional(),
});
export type ChatLoadProblem = z.infer<typeof chatLoadProblemSchema>;

export const chatSearchHitSchema = conversationSummarySchema.extend({
  /** Text around the first match (title or message), with "…" where it was cut. */
  snippet: z.string().max(1000),
  /** The message the snippet comes from; null when only the title matched. */
  messageId: idSchema.nullable(),
});
export type ChatSearchHit = z.infer<typeof chatSearchHitSchema>;

export const exportFormatSchema = z.enum(["markdown", "json"]);
export type ExportFormat = z.infer<typeof exportFormatSchema>;

/** A chat as a file for the user to save: its suggested name and its text. */
export const exportedChatSchema = z.strictObject({ fileName: z.string().max(200), content: z.string().max(50_000_000) });
export type ExportedChat = z.infer<typeof exportedChatSchema>;

const byConversation = z.strictObject({ conversationId: idSchema });

/**
 * The context meter. Tokens are estimated the way main decides what to leave out (main has no tokenizer), so the
 * meter and the dropping agree. `contextSize` null: no model loaded yet and none set in Settings, or the chat is answered
 * by another computer (its context is the server's; nothing is left out there).
 */
export const contextUsageSchema = z.strictObject({
  usedTokens: z.number().int().nonnegative(),
  contextSize: z.number().int().positive().nullable(),
  /** Kept free for the answer (the token limit, at most half the context). */
  reservedTokens: z.number().int().nonnegative(),
  /** The oldest message the model still sees: the next to be left out when the chat grows. null: nothing to drop. */
  nextDroppedId: idSchema.nullable(),
  droppedMessages: z.number().int().nonnegative(),
  overflow: contextOverflowSchema,
});
export type ContextUsage = z.infer<typeof contextUsageSchema>;
/**
 * What changed in a chat: its summary, the messages added or replaced (matched by id; new ones go at the end) and
 * those removed. A long chat costs what changed, not its length.
 */
export const chatChangeSchema = z.strictObject({
  conversation: conversationSummarySchema,
  messages: z.array(chatMessageSchema),
  removedIds: z.array(idSchema).optional(),
});
export type ChatChange = z.infer<typeof chatChangeSchema>;

/**
 * An answer's progress, to its caller alone: first the change it starts with (the user's message, the empty answer
 * marked "streaming"), then its text piece by piece. The call resolves with the change it ends with (the finished,
 * stopped or failed answer); cancelling the call is Stop.
 */
export const answerProgressSchema = z.discriminatedUnion("type", [
  chatChangeSchema.extend({ type: z.literal("changed") }),
  generationDeltaSchema.extend({ type: z.literal("delta") }),
]);
export type AnswerProgress = z.infer<typeof answerProgressSchema>;

const answerCall = <P extends z.ZodType>(params: P) => ({ params, progress: answerProgressSchema, result: chatChangeSchema });

export const chatMethods = {
  "chat.list": { params: z.strictObject({}), result: z.array(conversationSummarySchema) },
  "chat.create": { params: z.strictObject({}), result: conversationSchema },
  "chat.get": { params: byConversation, result: openedChatSchema },
  /** Older messages of a chat, a page at a time (as the reader scrolls up or jumps to a search hit). */
  "chat.messages": {
    params: z.strictObject({ conversationId: idSchema, page: messagePageRequestSchema }),
    result: messagePageSchema,
  },
  "chat.send": answerCall(z.strictObject({ conversationId: idSchema, text: messageTextSchema.min(1) })),
};

/** Managing chats and acting on their messages. Spread into the app contract next to `chatMethods`. */
export const chatActionMethods = {
  /** What the UI needs at startup: the chat open when the app was last closed, and chat files that failed to load. */
  "chat.state": {
    params: z.strictObject({}),
    result: z.strictObject({ lastOpenId: idSchema.nullable(), problems: z.array(chatLoadProblemSchema) }),
  },
  /** `chat.get` that also remembers the chat as the one to reopen after a restart. */
  "chat.open": { params: byConversation, result: openedChatSchema },
  "chat.rename": { params: z.strictObject({ conversationId: idSchema, title: z.string().trim().min(1).max(500) }), result: conversationSummarySchema },
  /** null: use the default system prompt from the settings; "": no system prompt for this chat. */
  "chat.setSystemPrompt": {
    params: z.strictObject({ conversationId: idSchema, systemPrompt: messageTextSchema.nullable() }),
    result: conversationSummarySchema,
  },
  /** null: no preset. Applies to the next answer. */
  "chat.setPreset": {
    params: z.strictObject({ conversationId: idSchema, presetId: idSchema.nullable() }),
    result: conversationSummarySchema,
  },
  /** The model this chat answers with; it is loaded now, and again before this chat's next answer if another was loaded meanwhile. */
  "chat.setModel": {
    params: z.strictObject({ conversationId: idSchema, modelId: modelIdSchema.nullable() }),
    result: conversationSummarySchema,
  },
  /**
   * Who answers this chat from its next answer on: the local engine, or a model on a server the user added. The whole
   * history goes to the new backend with the next answer. A remote server must be in `remote.list` (else REMOTE_FAILED
   * "server-removed"); nothing else ever changes a chat's backend.
   */
  "chat.setBackend": {
    params: z.strictObject({ conversationId: idSchema, backend: chatBackendChoiceSchema }),
    result: conversationSummarySchema,
  },
  /** How full the model's context is for this chat, and which message leaves it next. */
  "chat.contextUsage": { params: byConversation, result: contextUsageSchema },
  /** Deletes a chat, keeping it restorable with `chat.restore` until the next delete or until the app quits. */
  "chat.delete": { params: byConversation, result: z.strictObject({ restorable: z.boolean() }) },
  "chat.restore": { params: byConversation, result: conversationSchema },
  /** Case-insensitive search of titles and message text (the versions shown), newest chat first. */
  "chat.search": {
    params: z.strictObject({ query: z.string().trim().min(1).max(500) }),
    result: z.array(chatSearchHitSchema),
  },
  "chat.export": {
    params: z.strictObject({ conversationId: idSchema, format: exportFormatSchema }),
    result: exportedChatSchema,
  },
  /** A new version of the last answer; the earlier ones stay in `alternatives`. Streams like `chat.send`. */
  "chat.regenerate": answerCall(byConversation),
  /** Replaces the text of a user message, drops everything after it and answers again. Streams like `chat.send`. */
  "chat.edit": answerCall(z.strictObject({ conversationId: idSchema, messageId: idSchema, text: messageTextSchema.min(1) })),
  /**
   * Appends to the last answer when it was stopped, crashed, failed (a remote server gone mid-answer: its partial text
   * is kept) or cut at the token limit. Streams the new text. With `backend`, the chat first switches to it exactly as
   * `chat.setBackend` does (so "continue with the local model" is one call: `backend: {kind: "local"}`).
   */
  "chat.continue": answerCall(z.strictObject({ conversationId: idSchema, backend: chatBackendChoiceSchema.optional() })),
  /** Shows another version of a model answer (and gives it to the model as history). */
  "chat.selectAlternative": {
    params: z.strictObject({ conversationId: idSchema, messageId: idSchema, index: z.number().int().nonnegative() }),
    result: chatMessageSchema,
  },
};

export const chatEvents = {
  /** A chat changed (renamed, a version chosen, restored; an answer started or ended on another client's call). */
  "chat.changed": chatChangeSchema,
};

export const chatActionEvents = {
  /** A chat was deleted (restorable with `chat.restore`, which announces it again with `chat.changed`). */
  "chat.deleted": byConversation,
};
