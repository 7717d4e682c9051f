import type { TFunction } from "i18next";
import type { ProgramActivity } from "../../../../electron/common/contract/app/api-activity.ts";
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

/** Which program the local API is serving; its name comes from its User-Agent, cleaned in main. */
function describeProgram(program: ProgramActivity, t: TFunction): string {
  const { client, endpoint, model } = program;
  return client === null ? t("status.programUnnamed", { endpoint, model }) : t("status.program", { client, endpoint, model });
}

/**
 * The engine's state along the bottom of the window, and which program is using the model through the local API;
 * after a crash it offers to restart the model.
 */
export function StatusBar() {
  const { t } = useTranslation("common");
  const engine = useAppState((s) => s.engine);
  const idle = useAppState(isUnloadedForIdle);
  const canRestart = useAppState((s) => s.lastModelPath !== null);
  const program = useAppState((s) => s.program);
  const { restart } = useActions();

  return (
    <footer className={`status-bar status-bar--${engine.state}`}>
      <span className="status-bar__dot" aria-hidden="true" />
      <p className="status-bar__text" role="status">
        {idle ? t("status.idle") : describe(engine, t)}
        {program && (
          <span className="status-bar__program">
            {" · "}
            <Icon name="program" />
            {describeProgram(program, t)}
          </span>
        )}
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
