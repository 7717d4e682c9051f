import type { GenerationStats } from "../../../../electron/contract/chat-types.ts";
import { formatStats } from "./format-stats.ts";
import "./StatsLine.css";

/** The figures under a finished answer. */
export function StatsLine({ stats }: { stats: GenerationStats }) {
  return <p className="stats-line">{formatStats(stats)}</p>;
}
