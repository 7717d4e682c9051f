/**
 * A chat backend speaking Ollama's own API: GET /api/tags and a streamed POST /api/chat read as NDJSON. Shapes and
 * their sources: ollama-shapes.ts. Ollama has no API keys of its own; a key, if set, goes as a Bearer token for a
 * proxy in front of it.
 */
import { boundedLines } from "./bounded-lines.ts";
import type { Exchange } from "./http-exchange.ts";
import { ollamaChatLineSchema, ollamaErrorBodySchema, ollamaTagsSchema, type OllamaMetrics } from "./ollama-shapes.ts";
import type { RemoteAnswer, RemoteBackend, RemoteBounds, RemoteChatRequest, RemoteModel, StreamHandlers } from "./remote-backend.ts";
import { RemoteError, quoteServerText } from "./remote-errors.ts";
import { AnswerClock, statsFromOllama } from "./remote-stats.ts";
import type { RemoteAddress } from "./remote-url.ts";
import { answerStream, getJson, parseJson, type ServerAccess } from "./server-requests.ts";
import { streamAnswer } from "./stream-answer.ts";

function messageOf(body: unknown): string | undefined {
  const parsed = ollamaErrorBodySchema.safeParse(body);
  return parsed.success ? parsed.data.error : undefined;
}

/** Ollama's option names (api/types.go Options, Runner) for our sampling settings. */
function chatBody(request: RemoteChatRequest): Record<string, unknown> {
  const { sampling } = request;
  const options: Record<string, number> = {};
  if (sampling?.temperature !== undefined) options.temperature = sampling.temperature;
  if (sampling?.topK !== undefined) options.top_k = sampling.topK;
  if (sampling?.topP !== undefined) options.top_p = sampling.topP;
  if (sampling?.minP !== undefined) options.min_p = sampling.minP;
  if (sampling?.repeatPenalty !== undefined) options.repeat_penalty = sampling.repeatPenalty;
  if (sampling?.repeatLastTokens !== undefined) options.repeat_last_n = sampling.repeatLastTokens;
  if (sampling?.seed !== undefined) options.seed = sampling.seed;
  if (sampling?.maxTokens !== undefined) options.num_predict = sampling.maxTokens;
  return { model: request.model, messages: request.messages, stream: true, options };
}

export function createOllamaClient(address: RemoteAddress, apiKey: string | undefined, bounds: RemoteBounds): RemoteBackend {
  const origin = address.origin;
  const server: ServerAccess = { address, apiKey, bounds, messageOf };

  async function listModels(signal?: AbortSignal): Promise<RemoteModel[]> {
    const parsed = ollamaTagsSchema.safeParse(await getJson(server, "api/tags", "a model list", signal));
    if (!parsed.success) throw new RemoteError("malformed-response", `${origin} sent a model list without Ollama's shape ({models: [{name}]}).`, origin);
    return parsed.data.models.map((model) => ({
      id: model.name,
      ...(model.size === undefined ? {} : { sizeBytes: model.size }),
      ...(model.details?.parameter_size ? { parameterSize: model.details.parameter_size } : {}),
      ...(model.details?.quantization_level ? { quantization: model.details.quantization_level } : {}),
    }));
  }

  async function chat(request: RemoteChatRequest, handlers: StreamHandlers = {}): Promise<RemoteAnswer> {
    const clock = new AnswerClock();
    let metrics: OllamaMetrics | undefined;
    return streamAnswer({
      origin,
      clock,
      handlers,
      ...answerStream(server, { endpoint: "api/chat", json: chatBody(request), model: request.model, mediaType: "application/x-ndjson", described: "a stream of JSON lines (application/x-ndjson)" }),
      async *deltas(exchange: Exchange) {
        for await (const line of boundedLines(exchange.body, bounds.maxLineChars, origin)) {
          if (line.trim() === "") continue;
          const json = parseJson(line, origin, "a line");
          const error = messageOf(json);
          if (error !== undefined) throw new RemoteError("stream-error", `${origin} stopped the answer with an error: “${quoteServerText(error, apiKey)}”.`, origin);
          const parsed = ollamaChatLineSchema.safeParse(json);
          if (!parsed.success) throw new RemoteError("malformed-response", `${origin} sent a line without Ollama's chat shape ({message, done}).`, origin);
          const content = parsed.data.message?.content;
          if (content) yield content;
          if (parsed.data.done) {
            metrics = parsed.data;
            return true;
          }
        }
        return false;
      },
      finish: (text) => ({ text, stopReason: metrics?.done_reason === "length" ? "maxTokens" : "end", stats: statsFromOllama(metrics, clock) }),
      stoppedStats: () => statsFromOllama(undefined, clock),
    });
  }

  return { kind: "ollama", address, listModels, chat };
}
