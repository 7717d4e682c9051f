import type { GenerationStats } from "../../../../electron/common/contract/chat-types.ts";
import { useTranslation } from "../../i18n/index.ts";
import { formatStats } from "./format-stats.ts";
import "./StatsLine.css";

/** The figures under a finished answer. */
export function StatsLine({ stats }: { stats: GenerationStats }) {
  const { t, i18n } = useTranslation("common");
  return <p className="stats-line">{formatStats(stats, t, i18n.language)}</p>;
}
