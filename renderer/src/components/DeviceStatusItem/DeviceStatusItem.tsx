import { useEffect } from "react";
import { useTranslation } from "../../i18n/index.ts";
import { describeFlags, formatCelsius } from "../../state/library-format.ts";
import { deviceWarning, hotCelsius } from "../../state/library-state.ts";
import { useActions, useAppState } from "../../state/StoreProvider.tsx";
import "./DeviceStatusItem.css";

/** The CPU temperature in the status bar ("62 °C"), warning when the Pi throttles or runs hot; opens the device panel. */
export function DeviceStatusItem() {
  const { t } = useTranslation("library");
  const { library, setScreen } = useActions();
  const device = useAppState((s) => s.library.device);
  useEffect(() => void library.loadDevice(), [library]);

  const celsius = device?.temperatureCelsius ?? null;
  const now = device?.throttling?.now;
  if (celsius === null && !now) return null; // Not a Pi (or nothing readable): nothing worth a place in the bar.

  const { hot, throttled } = deviceWarning(device);
  const warning = hot || throttled;
  const temperature = celsius === null ? null : formatCelsius(celsius);
  const flags = now ? describeFlags(now, t) : null;
  const tooltip = throttled
    ? t("status.throttled", { flags })
    : hot
      ? t("status.hot", { temperature, limit: formatCelsius(hotCelsius) })
      : t("status.normal", { temperature: temperature ?? t("device.unknown") });

  return (
    <button
      type="button"
      className={`device-status${warning ? " device-status--warning" : ""}`}
      title={tooltip}
      aria-label={temperature === null ? t("status.labelThrottled") : t(warning ? "status.labelWarning" : "status.label", { temperature })}
      onClick={() => setScreen("library")}
    >
      {warning && (
        <span className="device-status__icon" aria-hidden="true">
          {t("status.warningMark")}
        </span>
      )}
      {temperature ?? t("status.throttledShort")}
    </button>
  );
}
