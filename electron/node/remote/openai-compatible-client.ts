/**
 * A chat backend speaking the OpenAI-compatible API (llama.cpp's llama-server, vLLM, LM Studio, …): GET models and
 * a streamed POST chat/completions read as server-sent events. Shapes and their sources: openai-shapes.ts.
 */
import { boundedLines } from "./bounded-lines.ts";
import type { Exchange } from "./http-exchange.ts";
import { errorBodyMessage, openAiChunkSchema, openAiModelListSchema, streamErrorMessage, type LlamaServerTimings, type OpenAiChunk } from "./openai-shapes.ts";
import type { RemoteAnswer, RemoteBackend, RemoteBounds, RemoteChatRequest, RemoteModel, StreamHandlers } from "./remote-backend.ts";
import { RemoteError, quoteServerText } from "./remote-errors.ts";
import { AnswerClock, statsFromOpenAi } from "./remote-stats.ts";
import type { RemoteAddress } from "./remote-url.ts";
import { answerStream, getJson, parseJson, type ServerAccess } from "./server-requests.ts";
import { serverSentEvents } from "./sse-events.ts";
import { streamAnswer } from "./stream-answer.ts";

/** The request body: the standard fields every OpenAI-compatible server takes. */
function chatBody(request: RemoteChatRequest): Record<string, unknown> {
  const { sampling } = request;
  return {
    model: request.model,
    messages: request.messages,
    stream: true,
    stream_options: { include_usage: true },
    ...(sampling?.temperature === undefined ? {} : { temperature: sampling.temperature }),
    ...(sampling?.topP === undefined ? {} : { top_p: sampling.topP }),
    ...(sampling?.maxTokens === undefined ? {} : { max_tokens: sampling.maxTokens }),
    ...(sampling?.seed === undefined ? {} : { seed: sampling.seed }),
  };
}

export function createOpenAiCompatibleClient(address: RemoteAddress, apiKey: string | undefined, bounds: RemoteBounds): RemoteBackend {
  const origin = address.origin;
  const server: ServerAccess = { address, apiKey, bounds, messageOf: errorBodyMessage };

  async function listModels(signal?: AbortSignal): Promise<RemoteModel[]> {
    const parsed = openAiModelListSchema.safeParse(await getJson(server, "models", "a model list", signal));
    if (!parsed.success) throw new RemoteError("malformed-response", `${origin} sent a model list without the OpenAI shape ({data: [{id}]}).`, origin);
    return parsed.data.data.map((model) => ({ id: model.id }));
  }

  async function chat(request: RemoteChatRequest, handlers: StreamHandlers = {}): Promise<RemoteAnswer> {
    const clock = new AnswerClock();
    let usage: OpenAiChunk["usage"];
    let timings: LlamaServerTimings | undefined;
    let finishReason: string | undefined;
    return streamAnswer({
      origin,
      clock,
      handlers,
      ...answerStream(server, { endpoint: "chat/completions", json: chatBody(request), model: request.model, mediaType: "text/event-stream", described: "a stream of server-sent events (text/event-stream)" }),
      async *deltas(exchange: Exchange) {
        for await (const event of serverSentEvents(boundedLines(exchange.body, bounds.maxLineChars, origin), bounds.maxLineChars, origin)) {
          if (event.data === "[DONE]") return true;
          const json = parseJson(event.data, origin, "a chunk");
          const error = streamErrorMessage(json);
          if (error !== undefined) {
            throw new RemoteError("stream-error", `${origin} stopped the answer with an error: “${quoteServerText(error, apiKey)}”.`, origin);
          }
          const chunk = openAiChunkSchema.safeParse(json);
          if (!chunk.success) throw new RemoteError("malformed-response", `${origin} sent a chunk without the OpenAI shape ({choices: [{delta}]}).`, origin);
          usage = chunk.data.usage ?? usage;
          timings = chunk.data.timings ?? timings;
          const choice = chunk.data.choices[0];
          finishReason = choice?.finish_reason ?? finishReason;
          const content = choice?.delta?.content;
          if (content) yield content;
        }
        return false;
      },
      finish: (text) => ({
        text,
        stopReason: finishReason === "length" ? "maxTokens" : "end",
        stats: statsFromOpenAi(usage, timings, clock),
      }),
      stoppedStats: () => statsFromOpenAi(usage, timings, clock),
    });
  }

  return { kind: "openai-compatible", address, listModels, chat };
}
