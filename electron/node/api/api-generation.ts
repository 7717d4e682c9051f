import path from "node:path";
import { AppError, type GenerationStats } from "../../common/contract/index.ts";
import { answerKeepingChat } from "./api-chat-record.ts";
import type { ApiEngine, ApiModel, GenerationRequest } from "./api-engine.ts";
import type { GenerationQueue } from "./generation-queue.ts";
import { findModel, normalizedName } from "./model-names.ts";
import { programName, type Caller } from "./program-name.ts";
import { StopScanner } from "./stop-sequences.ts";

export interface ApiAnswer {
  text: string;
  /** Ollama's done_reason and OpenAI's finish_reason: "length" when the token limit ended it. */
  doneReason: "stop" | "length";
  stats: GenerationStats;
  /** From the request's arrival to the model being ready (waiting included), as Ollama measures load_duration. */
  loadMs: number;
  totalMs: number;
}

export interface AnswerOptions {
  model: ApiModel;
  caller: Caller;
  request: GenerationRequest;
  stops: string[];
  /** The client went away: the engine stops. */
  signal: AbortSignal;
  onText: (text: string) => void;
  /** How long the model stays loaded after this answer (Ollama's keep_alive; 0: unload it). */
  keepAliveMs?: number;
}

/** Everything both APIs do with the engine: find a model, take a turn, load it, answer, and hand the engine on. */
export class ApiGenerations {
  constructor(
    private readonly engine: ApiEngine,
    private readonly queue: GenerationQueue,
    private readonly now: () => number = () => performance.now(),
  ) {
    queue.onActivity((program) => engine.reportActivity({ program }));
  }

  listModels(): Promise<ApiModel[]> {
    return this.engine.listModels();
  }

  /** The catalog names /api/pull can fetch, compared as model names are. */
  pullableName(requested: string): string | undefined {
    const wanted = normalizedName(requested);
    return this.engine.pullableNames().find((name) => name.toLowerCase() === wanted);
  }

  pullableNames(): string[] {
    return this.engine.pullableNames();
  }

  pull(...args: Parameters<ApiEngine["pull"]>): Promise<void> {
    return this.engine.pull(...args);
  }

  /** A model by name; NOT_FOUND says the name as the client wrote it. */
  async model(name: string): Promise<ApiModel> {
    const model = findModel(await this.engine.listModels(), name);
    if (!model) throw new AppError("NOT_FOUND", `model '${name}' not found`);
    return model;
  }

  isLoaded(model: ApiModel): boolean {
    const loaded = this.engine.loadedModel();
    return loaded !== undefined && path.resolve(loaded.path) === path.resolve(model.path);
  }

  loadedContextSize(): number | undefined {
    return this.engine.loadedModel()?.contextSize;
  }

  /** When the loaded model will be unloaded (wall-clock ms; Infinity: never). */
  expiresAt(): number | undefined {
    return this.engine.expiresAt();
  }

  /** Loads the model in its turn (an empty prompt asks only that) and keeps it as asked; keep-alive 0 unloads it. */
  async prepare(model: ApiModel, caller: Caller, signal: AbortSignal, keepAliveMs?: number): Promise<void> {
    if (keepAliveMs !== 0) this.refuseSwitchDuringDesktopAnswer(model);
    const release = await this.queue.acquire(signal, undefined, programOf(model, caller));
    try {
      if (keepAliveMs !== 0 && !this.isLoaded(model)) await this.engine.load(model);
      if (this.isLoaded(model)) await this.engine.keepAfterRequest(keepAliveMs);
    } finally {
      release();
    }
  }

  /**
   * A program asking for a model other than the loaded one while the person at the screen is getting an answer is
   * told so at once (503): loading it would stop their answer, and waiting would switch the model under them.
   */
  private refuseSwitchDuringDesktopAnswer(model: ApiModel): void {
    if (this.isLoaded(model) || !this.engine.desktopGenerating()) return;
    throw new AppError("ENGINE_BUSY", `The person at Edge Gemma's screen is getting an answer from another model; ${model.name} can be loaded when it is done. Try again in a moment.`);
  }

  async answer(options: AnswerOptions): Promise<ApiAnswer> {
    return answerKeepingChat(this.engine.chatRecord, options, (kept) => this.generate(kept));
  }

  private async generate(options: AnswerOptions): Promise<ApiAnswer> {
    this.refuseSwitchDuringDesktopAnswer(options.model);
    const startedAt = this.now();
    const generation = new AbortController();
    let preempted = false;
    const release = await this.queue.acquire(
      options.signal,
      () => {
        preempted = true;
        generation.abort();
      },
      programOf(options.model, options.caller),
    );
    try {
      if (!this.isLoaded(options.model)) await this.engine.load(options.model);
      const loadedAt = this.now();
      if (options.signal.aborted) throw new AppError("CANCELLED", "The client went away");
      const scanner = new StopScanner(options.stops);
      const stopGeneration = () => generation.abort();
      options.signal.addEventListener("abort", stopGeneration, { once: true });
      let text = "";
      const send = (piece: string) => {
        if (piece === "") return;
        text += piece;
        options.onText(piece);
      };
      try {
        const result = await this.engine
          .generate(
            options.request,
            (delta) => {
              send(scanner.push(delta));
              if (scanner.stopped) generation.abort();
            },
            generation.signal,
          )
          .finally(() => {
            if (options.signal.aborted) throw new AppError("CANCELLED", "The client went away");
            if (preempted) throw new AppError("ENGINE_BUSY", "Stopped: the person at Edge Gemma's screen asked the model something. Try again in a moment.");
          });
        send(scanner.flush());
        const doneReason = result.stopReason === "maxTokens" && !scanner.stopped ? "length" : "stop";
        return { text, doneReason, stats: result.stats, loadMs: loadedAt - startedAt, totalMs: this.now() - startedAt };
      } finally {
        options.signal.removeEventListener("abort", stopGeneration);
      }
    } finally {
      if (this.isLoaded(options.model)) await this.engine.keepAfterRequest(options.keepAliveMs).catch(() => undefined);
      release();
    }
  }
}

function programOf(model: ApiModel, caller: Caller) {
  return { client: programName(caller.userAgent), endpoint: caller.endpoint, model: model.name };
}
