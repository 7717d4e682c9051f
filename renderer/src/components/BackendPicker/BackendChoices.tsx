import type { RemoteServerEntry } from "../../../../electron/common/contract/app/remote.ts";
import { useTranslation } from "../../i18n/index.ts";
import { remoteReason } from "../../state/remote-text.ts";
import { choiceKey, type BackendChoice } from "./backend-choice.ts";
import type { ServerModels } from "./use-server-models.ts";

interface ChoiceListProps {
  name: string;
  staged: BackendChoice;
  current: BackendChoice;
  localModels: readonly { id: string }[];
  servers: readonly RemoteServerEntry[];
  byServer: Readonly<Record<string, ServerModels>>;
  onStage(choice: BackendChoice): void;
  onRetry(serverId: string): void;
}

function Radio({ name, choice, staged, label, onStage }: { name: string; choice: BackendChoice; staged: BackendChoice; label: string; onStage(choice: BackendChoice): void }) {
  const key = choiceKey(choice);
  return (
    <label className="backend-picker__choice">
      <input type="radio" name={name} value={key} checked={choiceKey(staged) === key} onChange={() => onStage(choice)} />
      <span>{label}</span>
    </label>
  );
}

/** This device's models, then each server's (asked for when the picker opened), as one group of radio buttons. */
export function BackendChoices({ name, staged, current, localModels, servers, byServer, onStage, onRetry }: ChoiceListProps) {
  const { t } = useTranslation("remote");
  const { t: workspaceT } = useTranslation("workspace");
  // The chat's own choice still shows when it is no longer offered (a model deleted, a server down), so the list tells the truth.
  const currentLocalGone = current.kind === "local" && current.modelId !== "" && !localModels.some((model) => model.id === current.modelId);

  return (
    <>
      <fieldset className="backend-picker__group">
        <legend className="backend-picker__legend">{t("backend.thisDevice")}</legend>
        <Radio name={name} choice={{ kind: "local", modelId: "" }} staged={staged} label={workspaceT("picker.modelLoaded")} onStage={onStage} />
        {currentLocalGone && <Radio name={name} choice={current} staged={staged} label={current.modelId} onStage={onStage} />}
        {localModels.map((model) => (
          <Radio key={model.id} name={name} choice={{ kind: "local", modelId: model.id }} staged={staged} label={model.id.replace(/\.gguf$/i, "")} onStage={onStage} />
        ))}
      </fieldset>
      {servers.map((server) => {
        const models = byServer[server.id] ?? { state: "loading" };
        const offered = models.state === "ready" ? models.models : [];
        const currentHere = current.kind === "remote" && current.serverId === server.id && !offered.some((model) => model.id === current.model) ? current : undefined;
        return (
          <fieldset key={server.id} className="backend-picker__group" aria-busy={models.state === "loading"}>
            <legend className="backend-picker__legend">{server.name}</legend>
            {currentHere && <Radio name={name} choice={currentHere} staged={staged} label={currentHere.model} onStage={onStage} />}
            {models.state === "loading" && <p className="backend-picker__status">{t("picker.loadingModels")}</p>}
            {models.state === "failed" && (
              <p className="backend-picker__status backend-picker__status--failed">
                {t("picker.modelsFailed", { reason: remoteReason(models.error, t) })}{" "}
                <button type="button" className="button backend-picker__retry" aria-label={t("picker.retryLabel", { name: server.name })} onClick={() => onRetry(server.id)}>
                  {t("picker.retry")}
                </button>
              </p>
            )}
            {models.state === "ready" && offered.length === 0 && <p className="backend-picker__status">{t("picker.noModels")}</p>}
            {offered.map((model) => (
              <Radio
                key={model.id}
                name={name}
                choice={{ kind: "remote", serverId: server.id, model: model.id }}
                staged={staged}
                label={model.label || model.id}
                onStage={onStage}
              />
            ))}
          </fieldset>
        );
      })}
    </>
  );
}
