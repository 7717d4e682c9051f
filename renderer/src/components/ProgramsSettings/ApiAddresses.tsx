import type { ApiAccessStatus } from "../../../../electron/common/contract/app/api-access.ts";
import { useTranslation } from "../../i18n/index.ts";
import { CopyButton } from "../CopyButton/CopyButton.tsx";

/** Whether the API listens, on which port (and why not 11434), and the addresses to give programs, each with Copy. */
export function ApiAddresses({ status }: { status: ApiAccessStatus }) {
  const { t } = useTranslation("programs");
  const state =
    status.state === "failed"
      ? status.error
      : status.state === "off"
        ? t("state.off")
        : status.portTaken
          ? t("state.portTaken", { wanted: status.wantedPort, port: status.port })
          : t("state.listening", { port: status.port });
  const addresses = [
    ...(status.localUrl ? [{ where: t("addresses.local"), url: status.localUrl }] : []),
    ...status.networkUrls.map((url) => ({ where: t("addresses.network"), url })),
  ];
  return (
    <div className="programs-settings__addresses">
      {/* A live region, not role="status": the status bar is the page's one status. */}
      <p aria-live="polite" className={`programs-settings__state programs-settings__state--${status.state}${status.portTaken ? " programs-settings__state--moved" : ""}`}>
        {state}
      </p>
      {addresses.length > 0 && (
        <dl aria-label={t("addresses.label")}>
          {addresses.map(({ where, url }) => (
            <div key={url} className="programs-settings__address">
              <dt>{where}</dt>
              <dd>
                <code>{url}</code>
                <CopyButton text={url} label={t("addresses.copy", { url })} />
              </dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}
