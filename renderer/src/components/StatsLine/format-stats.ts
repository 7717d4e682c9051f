import type { GenerationStats } from "../../../../electron/contract/chat-types.ts";
import type { TFunction } from "i18next";

const oneDecimal = (value: number) => (Math.round(value * 10) / 10).toFixed(1);

/** "42 tokens · 5.7 tok/s · first token 0.8 s", as `ollama run --verbose` would sum an answer up. */
export function formatStats(stats: GenerationStats, t: TFunction): string {
  return [
    t("stats.tokens", { count: stats.generatedTokens }),
    t("stats.rate", { rate: oneDecimal(stats.tokensPerSecond) }),
    t("stats.firstToken", { seconds: oneDecimal(stats.timeToFirstTokenMs / 1000) }),
  ].join(t("stats.separator"));
}
