import type { GenerationStats } from "../../../../electron/common/contract/chat-types.ts";
import type { TFunction } from "i18next";
import { formatNumber, numberFormat } from "../../i18n/format-number.ts";

const oneDecimal = (value: number, language: string) => numberFormat(language, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);

/** "1,042 tokens · 5.7 tok/s · first token 0.8 s", as `ollama run --verbose` would sum an answer up. */
export function formatStats(stats: GenerationStats, t: TFunction, language: string): string {
  return [
    t("stats.tokens", { count: stats.generatedTokens, tokens: formatNumber(stats.generatedTokens, language) }),
    t("stats.rate", { rate: oneDecimal(stats.tokensPerSecond, language) }),
    t("stats.firstToken", { seconds: oneDecimal(stats.timeToFirstTokenMs / 1000, language) }),
  ].join(t("stats.separator"));
}
