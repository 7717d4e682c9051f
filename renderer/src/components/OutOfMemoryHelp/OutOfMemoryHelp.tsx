import { useEffect, useId, useState, type ReactNode } from "react";
import type { EngineStatus } from "../../../../electron/common/contract/app/engine.ts";
import type { MemoryAdvice } from "../../../../electron/common/contract/app/models-folder.ts";
import { formatNumber } from "../../i18n/format-number.ts";
import { useTranslation } from "../../i18n/index.ts";
import { useActions, useAppState } from "../../state/StoreProvider.tsx";
import "./OutOfMemoryHelp.css";

/** The engine died of memory: its output said so, or a SIGKILL we did not send (the kernel's OOM killer; a stall is ours). */
export function ranOutOfMemory(engine: EngineStatus): boolean {
  if (engine.state === "exited") return engine.code === "OUT_OF_MEMORY" || (engine.signal === "SIGKILL" && engine.code !== "ENGINE_STALLED");
  return engine.state === "error" && engine.error.code === "OUT_OF_MEMORY";
}

/** After running out of memory: the setting that fits, computed by main with the Library's fit logic, as one click. */
export function OutOfMemoryHelp() {
  const { t, i18n } = useTranslation("workspace");
  const outOfMemory = useAppState((s) => ranOutOfMemory(s.engine));
  const { extras, settings, restart, library, setScreen } = useActions();
  const [advice, setAdvice] = useState<MemoryAdvice | null>(null);
  const headingId = useId();

  useEffect(() => {
    if (!outOfMemory) return;
    let current = true;
    setAdvice(null);
    void extras.memoryAdvice().then((next) => current && setAdvice(next));
    return () => {
      current = false;
    };
  }, [outOfMemory, extras]);

  if (!outOfMemory) return null;
  const name = advice?.modelId ?? "";

  const switchContext = async (size: number) => {
    if ((await settings.update({ model: { contextSize: size } })) === null) await restart();
  };

  return (
    // A region, not an alert: the status bar already announces the crash (told once); this is what to do about it.
    <section className="oom-help" aria-labelledby={headingId}>
      <h3 id={headingId} className="oom-help__title">
        {t("oom.title")}
      </h3>
      {!advice ? (
        <p>{t("oom.checking")}</p>
      ) : advice.contextSize !== null ? (
        <Suggestion text={t("oom.context", { name, size: formatNumber(advice.contextSize, i18n.language) })}>
          <button type="button" className="button button--primary" onClick={() => void switchContext(advice.contextSize ?? 0)}>
            {t("oom.useContext", { size: formatNumber(advice.contextSize, i18n.language) })}
          </button>
        </Suggestion>
      ) : advice.smallerModelId !== null ? (
        <Suggestion text={t("oom.smallerInstalled", { name: advice.smallerModelId })}>
          <button type="button" className="button button--primary" onClick={() => void library.setActive(advice.smallerModelId)}>
            {t("oom.useModel", { name: advice.smallerModelId })}
          </button>
        </Suggestion>
      ) : advice.smallerVariantId !== null ? (
        <Suggestion text={t("oom.smallerVariant", { name: advice.smallerVariantId })}>
          <button type="button" className="button button--primary" onClick={() => setScreen("library")}>
            {t("oom.openLibrary")}
          </button>
        </Suggestion>
      ) : (
        <p>{t("oom.nothing")}</p>
      )}
    </section>
  );
}

function Suggestion({ text, children }: { text: string; children: ReactNode }) {
  return (
    <div className="oom-help__suggestion">
      <p>{text}</p>
      {children}
    </div>
  );
}
