import type { ChatBackend } from "../../../../electron/common/contract/app/chat.ts";
import type { GenerationStats } from "../../../../electron/common/contract/chat-types.ts";
import { useTranslation } from "../../i18n/index.ts";
import { backendLabel } from "../../state/remote-text.ts";
import { useAppState } from "../../state/StoreProvider.tsx";
import { formatStats } from "./format-stats.ts";
import "./StatsLine.css";

/** The figures under a finished answer; `answeredBy` names another computer that gave it. */
export function StatsLine({ stats, answeredBy }: { stats: GenerationStats; answeredBy?: string }) {
  const { t, i18n } = useTranslation("common");
  const figures = formatStats(stats, t, i18n.language);
  return <p className="stats-line">{answeredBy === undefined ? figures : `${figures}${t("stats.separator")}${answeredBy}`}</p>;
}

/** The stats line of an answer from another computer: "… · from Desk PC · gemma2:9b". */
export function RemoteStatsLine({ stats, backend }: { stats: GenerationStats; backend: Extract<ChatBackend, { kind: "remote" }> }) {
  const { t } = useTranslation("remote");
  const servers = useAppState((s) => s.remoteServers);
  const by = backendLabel(backend, "", servers, t);
  return <StatsLine stats={stats} answeredBy={t("stats.answeredBy", { by })} />;
}
