/**
 * OpenAI's API. Response shapes from the `openai` npm package 6.49.0 (ChatCompletion, ChatCompletionChunk,
 * Completion, CompletionUsage, Model in src/resources/); the stream is server-sent events ending with
 * `data: [DONE]`, and with `stream_options.include_usage` one more chunk with empty `choices` carries the usage
 * (ChatCompletionStreamOptions' documentation; Ollama's middleware/openai.go writes it the same way).
 */
import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { z } from "zod";
import type { GenerationRequest } from "./api-engine.ts";
import { toHttpError } from "./api-errors.ts";
import { openAiAnswerFormat } from "./answer-formats.ts";
import type { ApiAnswer, ApiGenerations } from "./api-generation.ts";
import { toGenerationRequest, type ApiMessage } from "./conversation.ts";
import { clientGone, HttpError, readValidBody as body, sendJson } from "./http-io.ts";
import { chatCompletionRequestSchema, completionRequestSchema, type ChatCompletionRequest, type CompletionRequest } from "./openai-requests.ts";
import type { Route } from "./ollama-routes.ts";
import { callerOf, type Caller } from "./program-name.ts";
import { fromOpenAiParameters } from "./sampling-options.ts";

/** The error types Ollama's openai.NewError gives each status (openai/openai.go, ollama/ollama@fb30760). */
function errorBody(status: number, message: string) {
  const type = status === 400 || status === 413 ? "invalid_request_error" : status === 404 ? "not_found_error" : "api_error";
  return { error: { message, type, param: null, code: null } };
}

const unixSeconds = () => Math.floor(Date.now() / 1000);
const usage = (answer: ApiAnswer) => ({
  prompt_tokens: answer.stats.promptTokens,
  completion_tokens: answer.stats.generatedTokens,
  total_tokens: answer.stats.promptTokens + answer.stats.generatedTokens,
});

export function openAiRoutes(generations: ApiGenerations): Record<string, Route> {
  const failWith = (response: ServerResponse, error: unknown) => {
    const { status, message, headers } = toHttpError(error);
    if (!response.headersSent) sendJson(response, status, errorBody(status, message), headers);
    else if (!response.writableEnded) response.end(`data: ${JSON.stringify(errorBody(status, message))}\n\n`);
  };
  const route =
    (handler: Route): Route =>
    (request, response) =>
      handler(request, response).catch((error: unknown) => failWith(response, error));

  function refuseUnsupported(request: ChatCompletionRequest | CompletionRequest): void {
    if ((request.n ?? 1) !== 1) throw new HttpError(400, "n: only one choice per request is supported");
    if (request.frequency_penalty) throw new HttpError(400, "frequency_penalty is not supported by this server");
    if (request.presence_penalty) throw new HttpError(400, "presence_penalty is not supported by this server");
  }

  /** Runs the answer, streaming SSE chunks made by `chunk` or answering once with `whole`. */
  async function respond(
    request: ChatCompletionRequest | CompletionRequest,
    response: ServerResponse,
    caller: Caller,
    generation: GenerationRequest,
    stops: string[],
    shapes: { chunk: (text: string | null, finish: string | null) => Record<string, unknown>; whole: (answer: ApiAnswer) => Record<string, unknown> },
  ): Promise<void> {
    const model = await generations.model(request.model);
    const signal = clientGone(response);
    const includeUsage = request.stream_options?.include_usage === true;
    const send = (data: Record<string, unknown>) => {
      if (!response.headersSent) response.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache" });
      response.write(`data: ${JSON.stringify(includeUsage ? { ...data, usage: null } : data)}\n\n`);
    };
    const streaming = request.stream === true;
    const answer = await generations.answer({ model, caller, request: generation, stops, signal, onText: (text) => streaming && send(shapes.chunk(text, null)) });
    if (!streaming) return sendJson(response, 200, { ...shapes.whole(answer), usage: usage(answer) });
    send(shapes.chunk(null, answer.doneReason));
    if (includeUsage) response.write(`data: ${JSON.stringify({ ...shapes.chunk(null, null), choices: [], usage: usage(answer) })}\n\n`);
    response.end("data: [DONE]\n\n");
  }

  return {
    "GET /v1/models": route(async (_request, response) => {
      const created = unixSeconds();
      const data = (await generations.listModels()).map((model) => ({ id: model.name, object: "model", created: Math.floor(model.modifiedAt.getTime() / 1000) || created, owned_by: "edge-gemma" }));
      sendJson(response, 200, { object: "list", data });
    }),
    "POST /v1/chat/completions": route(async (request, response) => {
      const chat = await body(request, chatCompletionRequestSchema);
      refuseUnsupported(chat);
      if (chat.tools?.length) throw new HttpError(400, "tools are not supported by this server");
      if (chat.logprobs) throw new HttpError(400, "logprobs are not supported by this server");
      const format = openAiAnswerFormat(chat.response_format);
      const { sampling, stops } = fromOpenAiParameters({ ...chat, max_tokens: chat.max_completion_tokens ?? chat.max_tokens });
      const generation: GenerationRequest = { ...toGenerationRequest(chat.messages.map(textMessage)), ...(sampling && { sampling }), ...(format && { format }) };
      const id = `chatcmpl-${randomBytes(12).toString("hex")}`;
      const created = unixSeconds();
      let first = true;
      await respond(chat, response, callerOf(request, "/v1/chat/completions"), generation, stops, {
        chunk: (text, finish) => {
          const delta = text === null ? {} : first ? { role: "assistant", content: text } : { content: text };
          if (text !== null) first = false;
          return { id, object: "chat.completion.chunk", created, model: chat.model, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] };
        },
        whole: (answer) => ({
          id,
          object: "chat.completion",
          created,
          model: chat.model,
          choices: [{ index: 0, message: { role: "assistant", content: answer.text, refusal: null }, logprobs: null, finish_reason: answer.doneReason }],
        }),
      });
    }),
    "POST /v1/completions": route(async (request, response) => {
      const completion = await body(request, completionRequestSchema);
      refuseUnsupported(completion);
      if (completion.suffix) throw new HttpError(400, "suffix is not supported by this server");
      if (completion.echo) throw new HttpError(400, "echo is not supported by this server");
      if ((completion.best_of ?? 1) !== 1) throw new HttpError(400, "best_of: only one choice per request is supported");
      if (completion.logprobs != null) throw new HttpError(400, "logprobs are not supported by this server");
      const { sampling, stops } = fromOpenAiParameters(completion);
      const prompt = typeof completion.prompt === "string" ? completion.prompt : (completion.prompt[0] ?? "");
      const generation: GenerationRequest = { history: [], text: prompt, ...(sampling && { sampling }) };
      const id = `cmpl-${randomBytes(12).toString("hex")}`;
      const created = unixSeconds();
      const choice = (text: string, finish: string | null) => ({ text, index: 0, logprobs: null, finish_reason: finish });
      await respond(completion, response, callerOf(request, "/v1/completions"), generation, stops, {
        chunk: (text, finish) => ({ id, object: "text_completion", created, model: completion.model, choices: [choice(text ?? "", finish)] }),
        whole: (answer) => ({ id, object: "text_completion", created, model: completion.model, choices: [choice(answer.text, answer.doneReason)] }),
      });
    }),
  };
}

/** A message's text: a string, or its text parts joined; any other part (images, audio, files) is refused. */
function textMessage(message: z.infer<typeof chatCompletionRequestSchema>["messages"][number]): ApiMessage {
  const content = message.content;
  if (typeof content === "string" || content === null || content === undefined) return { role: message.role, content: content ?? "" };
  const texts = content.map((part) => {
    if (part.type !== "text" || !("text" in part)) throw new HttpError(400, `content parts of type "${part.type}" are not supported (only text)`);
    return part.text;
  });
  return { role: message.role, content: texts.join("\n") };
}
