import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiModel, GenerationRequest } from "./api-engine.ts";
import { toHttpError } from "./api-errors.ts";
import { ollamaAnswerFormat } from "./answer-formats.ts";
import type { ApiAnswer, ApiGenerations } from "./api-generation.ts";
import { toGenerationRequest } from "./conversation.ts";
import { clientGone, HttpError, readValidBody as body, sendJson, sendText } from "./http-io.ts";
import { pullProgressLines } from "./ollama-pull.ts";
import { callerOf, type Caller } from "./program-name.ts";
import { chatRequestSchema, generateRequestSchema, keepAliveMs, pullRequestSchema, showRequestSchema, type ChatRequest, type GenerateRequest } from "./ollama-requests.ts";
import { listedModel, metrics, runningModel, shownModel, timestamp } from "./ollama-responses.ts";
import { fromOllamaOptions } from "./sampling-options.ts";

export type Route = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/**
 * "Forever" as Ollama writes it in /api/ps: a negative keep_alive is time.Duration(math.MaxInt64) (api/types.go,
 * Duration.UnmarshalJSON) and expires_at is time.Now().Add(sessionDuration) (server/sched.go), about 292 years on.
 */
const foreverMs = 9_223_372_036_854; // math.MaxInt64 nanoseconds, in milliseconds

/** Ollama's API (docs/api.md and server/routes.go at ollama/ollama@fb30760): errors are `{"error": "…"}`. */
export function ollamaRoutes(generations: ApiGenerations, version: string): Record<string, Route> {
  const failWith = (response: ServerResponse, error: unknown) => {
    const { status, message, headers } = toHttpError(error);
    if (!response.headersSent) sendJson(response, status, { error: message }, headers);
    else if (!response.writableEnded) response.end(`${JSON.stringify({ error: message })}\n`);
  };
  const route =
    (handler: Route): Route =>
    (request, response) =>
      handler(request, response).catch((error: unknown) => failWith(response, error));

  /** What we cannot honour is refused with the reason, never silently dropped. */
  function refuseUnsupported(request: GenerateRequest | ChatRequest, model: ApiModel): void {
    if (request.think === true || (typeof request.think === "string" && request.think !== "")) throw new HttpError(400, `"${model.name}" does not support thinking`);
    if (request.logprobs) throw new HttpError(400, "logprobs are not supported by this server");
  }

  function keepAliveOf(request: GenerateRequest | ChatRequest): number | undefined {
    if (request.keep_alive === undefined || request.keep_alive === null) return undefined;
    try {
      return keepAliveMs(request.keep_alive);
    } catch (error) {
      throw new HttpError(400, error instanceof Error ? error.message : String(error));
    }
  }

  /** Streams NDJSON chunks (or gathers them for `"stream": false`) and ends with the metrics. */
  async function answer(
    request: GenerateRequest | ChatRequest,
    response: ServerResponse,
    caller: Caller,
    model: ApiModel,
    generation: GenerationRequest,
    stops: string[],
    chunk: (text: string) => Record<string, unknown>,
  ): Promise<void> {
    const signal = clientGone(response);
    const streaming = request.stream !== false;
    const keepAlive = keepAliveOf(request);
    const onText = (text: string) => {
      if (!streaming) return;
      if (!response.headersSent) response.writeHead(200, { "Content-Type": "application/x-ndjson" });
      response.write(`${JSON.stringify({ model: request.model, created_at: timestamp(), ...chunk(text), done: false })}\n`);
    };
    const result: ApiAnswer = await generations.answer({ model, caller, request: generation, stops, signal, onText, ...(keepAlive !== undefined && { keepAliveMs: keepAlive }) });
    const last = { model: request.model, created_at: timestamp(), ...chunk(streaming ? "" : result.text), done: true, done_reason: result.doneReason, ...metrics(result) };
    if (!streaming) return sendJson(response, 200, last);
    if (!response.headersSent) response.writeHead(200, { "Content-Type": "application/x-ndjson" });
    response.end(`${JSON.stringify(last)}\n`);
  }

  /** An empty prompt or chat only loads the model (keep_alive 0: unloads it), answering done_reason "load"/"unload". */
  async function loadOnly(request: GenerateRequest | ChatRequest, response: ServerResponse, caller: Caller, model: ApiModel, empty: Record<string, unknown>) {
    const keepAlive = keepAliveOf(request);
    await generations.prepare(model, caller, clientGone(response), keepAlive);
    sendJson(response, 200, { model: request.model, created_at: timestamp(), ...empty, done: true, done_reason: keepAlive === 0 ? "unload" : "load" });
  }

  return {
    "GET /": async (request, response) => sendText(response, 200, "Ollama is running", request.method ?? "GET"),
    "HEAD /": async (request, response) => sendText(response, 200, "Ollama is running", request.method ?? "HEAD"),
    "GET /api/version": route(async (_request, response) => sendJson(response, 200, { version })),
    "GET /api/tags": route(async (_request, response) => sendJson(response, 200, { models: (await generations.listModels()).map(listedModel) })),
    "GET /api/ps": route(async (_request, response) => {
      const models = await generations.listModels();
      const loaded = models.find((model) => generations.isLoaded(model));
      const contextSize = generations.loadedContextSize();
      const expiry = generations.expiresAt() ?? Date.now();
      const expiresAt = new Date(expiry === Infinity ? Date.now() + foreverMs : expiry);
      sendJson(response, 200, { models: loaded && contextSize !== undefined ? [runningModel(loaded, contextSize, expiresAt)] : [] });
    }),
    "POST /api/show": route(async (request, response) => {
      const show = await body(request, showRequestSchema);
      const name = show.model || show.name;
      if (!name) throw new HttpError(400, "model is required");
      const model = await generations.model(name);
      sendJson(response, 200, shownModel(model, generations.isLoaded(model) ? generations.loadedContextSize() : undefined));
    }),
    "POST /api/pull": route(async (request, response) => {
      const pull = await body(request, pullRequestSchema);
      const requested = pull.model || pull.name;
      if (!requested) throw new HttpError(400, "model is required");
      const name = generations.pullableName(requested);
      if (!name) throw new HttpError(404, `pull model manifest: '${requested}' is not in Edge Gemma's catalog (it pulls ${generations.pullableNames().join(", ")})`);
      const installed = (await generations.listModels()).some((model) => model.name === name);
      const lines = pullProgressLines();
      const streaming = pull.stream !== false;
      const send = (line: Record<string, unknown> | undefined) => {
        if (!line || !streaming) return;
        if (!response.headersSent) response.writeHead(200, { "Content-Type": "application/x-ndjson" });
        response.write(`${JSON.stringify(line)}\n`);
      };
      send({ status: "pulling manifest" });
      if (!installed) await generations.pull(name, (progress) => send(lines.next(progress)), clientGone(response));
      if (!lines.sentVerifying) send({ status: "verifying sha256 digest" });
      send({ status: "writing manifest" });
      send({ status: "success" });
      if (!streaming) sendJson(response, 200, { status: "success" });
      else response.end();
    }),
    "POST /api/generate": route(async (request, response) => {
      const generate = await body(request, generateRequestSchema);
      const model = await generations.model(generate.model);
      refuseUnsupported(generate, model);
      if (generate.raw) throw new HttpError(400, "raw mode is not supported by this server");
      if (generate.template) throw new HttpError(400, '"template" is not supported by this server: the model\'s own chat template is used');
      if (generate.suffix) throw new HttpError(400, `"${model.name}" does not support insert`);
      if (generate.context?.length) throw new HttpError(400, '"context" is not supported by this server: send the conversation to /api/chat');
      if (generate.images?.length) throw new HttpError(400, `"${model.name}" does not support images`);
      const caller = callerOf(request, "/api/generate");
      if (generate.prompt === "") return loadOnly(generate, response, caller, model, { response: "" });
      const { sampling, stops } = fromOllamaOptions(generate.options);
      const format = ollamaAnswerFormat(generate.format);
      const generation: GenerationRequest = { history: [], text: generate.prompt, ...(generate.system && { systemPrompt: generate.system }), ...(sampling && { sampling }), ...(format && { format }) };
      await answer(generate, response, caller, model, generation, stops, (text) => ({ response: text }));
    }),
    "POST /api/chat": route(async (request, response) => {
      const chat = await body(request, chatRequestSchema);
      if (!chat.model) throw new HttpError(400, "model is required");
      const model = await generations.model(chat.model);
      refuseUnsupported(chat, model);
      if (chat.tools?.length) throw new HttpError(400, `"${model.name}" does not support tools`);
      if (chat.messages.some((message) => message.images?.length)) throw new HttpError(400, `"${model.name}" does not support images`);
      const caller = callerOf(request, "/api/chat");
      if (chat.messages.length === 0) return loadOnly(chat, response, caller, model, { message: { role: "assistant", content: "" } });
      const { sampling, stops } = fromOllamaOptions(chat.options);
      const format = ollamaAnswerFormat(chat.format);
      const generation: GenerationRequest = { ...toGenerationRequest(chat.messages), ...(sampling && { sampling }), ...(format && { format }) };
      await answer(chat, response, caller, model, generation, stops, (text) => ({ message: { role: "assistant", content: text } }));
    }),
  };
}
