import { z } from "zod";
import {
  chatTurnSchema,
  filePathSchema,
  generationDeltaSchema,
  generationStatsSchema,
  messageTextSchema,
  modelInfoSchema,
  samplingSchema,
  stopReasonSchema,
} from "./chat-types.ts";
import { defineContract, type ParsedParamsOf, type ResultOf } from "../rpc/rpc-envelope.ts";
import { loadMeterSchema, loadModeSchema } from "./model-load.ts";
import { loadValueSchemas } from "./ranges.ts";
import { answerFormatSchema } from "./answer-format.ts";

/** Main process ↔ engine (utility process). The engine validates everything main sends. */
export const engineContract = defineContract({
  methods: {
    load: {
      params: z.strictObject({
        modelPath: filePathSchema,
        threads: loadValueSchemas.threads.optional(),
        contextSize: loadValueSchemas.contextSize.optional(),
        batchSize: loadValueSchemas.batchSize.optional(),
        /** Left out: "read" (the engine's default). */
        loadMode: loadModeSchema.optional(),
      }),
      result: modelInfoSchema,
    },
    unload: { params: z.strictObject({}), result: z.strictObject({}) },
    /**
     * One answer. Its text streams as progress (only what follows `responsePrefix`) and is not sent again in the
     * result; cancelling the call stops it, and the result then says "stopped".
     */
    generate: {
      params: z.strictObject({
        /** Every earlier turn; the engine reuses its KV cache when this matches what it has evaluated. */
        history: z.array(chatTurnSchema).max(10_000),
        systemPrompt: messageTextSchema.optional(),
        text: messageTextSchema,
        sampling: samplingSchema.optional(),
        /** Continues a partial answer to `text`: the model's reply starts with this text (evaluated as part of the prompt). */
        responsePrefix: messageTextSchema.optional(),
        /** The answer is sampled under a grammar: a JSON object, or JSON that fits the schema. */
        format: answerFormatSchema.optional(),
      }),
      progress: generationDeltaSchema,
      result: z.strictObject({ stopReason: stopReasonSchema, stats: generationStatsSchema }),
    },
  },
  events: {
    loadProgress: z.strictObject({ modelPath: filePathSchema, progress: z.number().min(0).max(1), meter: loadMeterSchema }),
    /**
     * Sent about once a second while a load or a prompt runs: the engine is alive, and `work` (load steps and tokens
     * evaluated so far; it changes as long as the engine gets on) tells the supervisor whether it is getting anywhere.
     */
    heartbeat: z.strictObject({ work: z.number().int().nonnegative() }),
  },
});
export type EngineContract = typeof engineContract;

/** One answer asked of the engine: the supervisor's `generate` takes it as is (the chat's answer runner and the local API alike). */
export type GenerationRequest = ParsedParamsOf<EngineContract, "generate">;
export type GenerationResult = ResultOf<EngineContract, "generate">;
/** How a model is loaded (threads, context and batch size); the file is named separately. */
export type LoadOptions = Omit<ParsedParamsOf<EngineContract, "load">, "modelPath">;
