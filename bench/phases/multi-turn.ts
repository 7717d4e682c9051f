/** 10 equal-length user messages per conversation, each turn interleaved raw/ours: how TTFT grows with the chat. */
import { pairedRatios, round, spread } from "../stats.ts";
import { rounded } from "../stats.ts";
import type { BenchRun } from "./bench-run.ts";
import { recordPhaseMemory } from "./memory-section.ts";
import type { Sides } from "./sides.ts";

interface ConversationFigures {
  raw: number[];
  ours: number[];
  rawPromptTokens: number[];
  oursPromptTokens: number[];
  oursPreparationMs: number[];
}

export async function measureMultiTurn(run: BenchRun, sides: Sides, benchStartedAt: number): Promise<void> {
  const { work, elapsed, log } = run;
  const conversations: ConversationFigures[] = [];
  const multiStartedAt = elapsed();
  // The warm-up, short and ~512-token pairs ran before this phase.
  await recordPhaseMemory(run, sides, "pairs");
  for (let index = 0; index < work.maxConversations; index++) {
    if (index >= work.conversations) {
      const perConversation = (elapsed() - multiStartedAt) / index;
      if (elapsed() - benchStartedAt + perConversation > work.budgetMs * 0.75) break;
    }
    sides.raw.newConversation();
    const conversationId = await sides.pipeline.newConversation();
    const figures: ConversationFigures = { raw: [], ours: [], rawPromptTokens: [], oursPromptTokens: [], oursPreparationMs: [] };
    for (let turn = 0; turn < work.turns; turn++) {
      const pair = await sides.runPair(turn + index, sides.nextPrompt(work.turnPromptTokens), work.turnAnswerTokens, conversationId);
      figures.raw.push(pair.raw.ttftMs);
      figures.ours.push(pair.ours.ttftMs);
      figures.rawPromptTokens.push(pair.raw.promptTokens);
      figures.oursPromptTokens.push(pair.ours.promptTokens);
      figures.oursPreparationMs.push(pair.ours.preparation.ms);
    }
    conversations.push(figures);
    await recordPhaseMemory(run, sides, `conversation ${index + 1} (${work.turns} turns)`);
    log(`  conversation ${index + 1}: TTFT per turn ours ${figures.ours.map((v) => v.toFixed(0)).join(" ")} ms; raw ${figures.raw.map((v) => v.toFixed(0)).join(" ")} ms`);
  }
  const lastTurn = work.turns - 1;
  const ours10over1 = conversations.map((c) => (c.ours[lastTurn] ?? Number.NaN) / (c.ours[0] ?? Number.NaN));
  const raw10over1 = conversations.map((c) => (c.raw[lastTurn] ?? Number.NaN) / (c.raw[0] ?? Number.NaN));
  const perToken = (ttft: number[], tokens: number[], turn: number) => (ttft[turn] ?? Number.NaN) / (tokens[turn] ?? Number.NaN);
  const oursPerToken = conversations.map((c) => perToken(c.ours, c.oursPromptTokens, lastTurn) / perToken(c.ours, c.oursPromptTokens, 0));
  const rawPerToken = conversations.map((c) => perToken(c.raw, c.rawPromptTokens, lastTurn) / perToken(c.raw, c.rawPromptTokens, 0));
  run.report.multiTurn = {
    turns: work.turns,
    /** The same ratio per evaluated prompt token: turn 1 has no earlier answer to close, so it evaluates fewer tokens. */
    oursPerToken10over1: rounded(spread(oursPerToken), 3),
    rawPerToken10over1: rounded(spread(rawPerToken), 3),
    userMessageTokens: work.turnPromptTokens,
    answerTokens: work.turnAnswerTokens,
    ours10over1: rounded(spread(ours10over1), 3),
    raw10over1: rounded(spread(raw10over1), 3),
    /** Ours' turn-10/turn-1 divided by raw's, per conversation: what our pipeline adds to the growth. */
    oursOverRaw10over1: rounded(spread(pairedRatios(raw10over1, ours10over1)), 3),
    conversations: conversations.map((c) => ({
      oursTtftMs: c.ours.map((v) => round(v, 0)),
      rawTtftMs: c.raw.map((v) => round(v, 0)),
      oursPromptTokens: c.oursPromptTokens,
      rawPromptTokens: c.rawPromptTokens,
      oursPreparationMs: c.oursPreparationMs.map((v) => round(v, 0)),
    })),
    preparationNote:
      "After each answer our engine evaluates the end of that answer and the opening of the next user turn (node-llama-cpp re-tokenizes the answer's text; random weights sample token sequences the tokenizer would not produce, so most of the answer is evaluated again). The bench waits for that (oursPreparationMs, never inside a measured figure), as a reader needs longer to read an answer and type ~70 words. Raw node-llama-cpp does all of it inside the next turn's TTFT, hence its larger prompt token counts from turn 2 on.",
  };
  run.summary.turn10OverTurn1 = round(spread(ours10over1).median, 3);
}
