import type { TFunction } from "i18next";
import type { EngineStatus } from "../../../../electron/common/contract/app/engine.ts";
import { isUnloadedForIdle } from "../../state/app-state.ts";
import { ggufProblemText } from "../../state/gguf-problem-text.ts";
import { formatBytes } from "../../state/library-format.ts";
import { useActions, useAppState } from "../../state/StoreProvider.tsx";
import { useTranslation } from "../../i18n/index.ts";
import { DeviceStatusItem } from "../DeviceStatusItem/DeviceStatusItem.tsx";
import { Icon } from "../Icon/Icon.tsx";
import { LoadProgress } from "../LoadProgress/LoadProgress.tsx";
import "./StatusBar.css";

function describe(engine: EngineStatus, t: TFunction): string {
  switch (engine.state) {
    case "no-model":
      return t("status.noModel");
    case "starting":
      return t("status.starting");
    case "loading":
      return t("status.loading", { percent: Math.round(engine.progress * 100) });
    case "ready":
      return t("status.ready", { model: engine.model.name });
    case "generating":
      return t("status.generating", { model: engine.model.name });
    case "error":
      return t("status.error", { message: ggufProblemText(engine.error, t, (bytes) => formatBytes(bytes)) ?? engine.error.message });
    case "exited":
      return t("status.exited", { reason: engine.reason });
  }
}

/** The engine's state along the bottom of the window; after a crash it offers to restart the model. */
export function StatusBar() {
  const { t } = useTranslation("common");
  const engine = useAppState((s) => s.engine);
  const idle = useAppState(isUnloadedForIdle);
  const canRestart = useAppState((s) => s.lastModelPath !== null);
  const { restart } = useActions();

  return (
    <footer className={`status-bar status-bar--${engine.state}`}>
      <span className="status-bar__dot" aria-hidden="true" />
      <p className="status-bar__text" role="status">
        {idle ? t("status.idle") : describe(engine, t)}
      </p>
      {engine.state === "loading" && (
        <LoadProgress status={engine} />
      )}
      {engine.state === "exited" && engine.lastLines.length > 0 && (
        <details className="status-bar__details">
          <summary>{t("status.details")}</summary>
          <pre>{engine.lastLines.join("\n")}</pre>
        </details>
      )}
      {engine.state === "exited" && canRestart && (
        <button type="button" className="button button--primary status-bar__action" onClick={() => void restart()}>
          <Icon name="restart" />
          {t("status.restart")}
        </button>
      )}
      <DeviceStatusItem />
    </footer>
  );
}
