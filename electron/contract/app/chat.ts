import { z } from "zod";
import { generationStatsSchema, idSchema, messageTextSchema } from "../chat-types.ts";
import { wireErrorSchema } from "../errors.ts";

export const messageStatusSchema = z.enum(["complete", "streaming", "stopped", "crashed", "error"]);
export type MessageStatus = z.infer<typeof messageStatusSchema>;

export const chatMessageSchema = z.strictObject({
  id: idSchema,
  role: z.enum(["user", "model"]),
  text: messageTextSchema,
  status: messageStatusSchema,
  createdAt: z.number(),
  error: wireErrorSchema.optional(),
  stats: generationStatsSchema.optional(),
  modelName: z.string().max(500).optional(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export const conversationSchema = z.strictObject({
  id: idSchema,
  title: z.string().max(500),
  createdAt: z.number(),
  updatedAt: z.number(),
  messages: z.array(chatMessageSchema),
});
export type Conversation = z.infer<typeof conversationSchema>;

export const conversationSummarySchema = conversationSchema.omit({ messages: true });
export type ConversationSummary = z.infer<typeof conversationSummarySchema>;

const byConversation = z.strictObject({ conversationId: idSchema });

export const chatMethods = {
  "chat.list": { params: z.strictObject({}), result: z.array(conversationSummarySchema) },
  "chat.create": { params: z.strictObject({}), result: conversationSchema },
  "chat.get": { params: byConversation, result: conversationSchema },
  /** Resolves with the finished (or stopped) answer; tokens arrive as `chat.delta` events meanwhile. */
  "chat.send": {
    params: z.strictObject({ conversationId: idSchema, text: messageTextSchema.min(1) }),
    result: chatMessageSchema,
  },
  "chat.stop": { params: byConversation, result: z.strictObject({ stopped: z.boolean() }) },
};

export const chatEvents = {
  "chat.delta": z.strictObject({ conversationId: idSchema, messageId: idSchema, text: messageTextSchema, tokens: z.number().int() }),
  /** A conversation changed other than by a token (a message added, an answer finished). */
  "chat.updated": conversationSchema,
};
