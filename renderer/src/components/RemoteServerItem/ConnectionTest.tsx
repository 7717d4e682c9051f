import { useState } from "react";
import { formatNumber } from "../../i18n/format-number.ts";
import { useTranslation } from "../../i18n/index.ts";
import { remoteReason } from "../../state/remote-text.ts";
import { useActions } from "../../state/StoreProvider.tsx";

type Outcome = { state: "idle" } | { state: "testing" } | { state: "ok"; count: number; names: string } | { state: "failed"; reason: string };

/** "Test connection": asks the server for its models and says how many it has, or exactly why it could not. */
export function ConnectionTest({ serverId, serverName }: { serverId: string; serverName: string }) {
  const { t, i18n } = useTranslation("remote");
  const { remote } = useActions();
  const [outcome, setOutcome] = useState<Outcome>({ state: "idle" });

  const test = async () => {
    setOutcome({ state: "testing" });
    const result = await remote.models(serverId);
    if ("failed" in result) setOutcome({ state: "failed", reason: remoteReason(result.failed, t) });
    else setOutcome({ state: "ok", count: result.models.length, names: result.models.slice(0, 5).map((model) => model.id).join(", ") });
  };

  return (
    <>
      <button
        type="button"
        className="button"
        aria-label={t("test.label", { name: serverName })}
        disabled={outcome.state === "testing"}
        onClick={() => void test()}
      >
        {t("test.button")}
      </button>
      {/* Always in the DOM, so what is put into it is announced. */}
      <p className={`remote-item__test remote-item__test--${outcome.state}`} role="status">
        {outcome.state === "testing" && t("test.testing")}
        {outcome.state === "ok" && t("test.ok", { count: outcome.count, models: formatNumber(outcome.count, i18n.language) })}
        {outcome.state === "ok" && outcome.count > 0 && ` ${t("test.names", { names: outcome.names })}`}
        {outcome.state === "failed" && t("test.failed", { reason: outcome.reason })}
      </p>
    </>
  );
}
