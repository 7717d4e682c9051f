import type { TFunction } from "i18next";
import { useEffect, useId } from "react";
import type { DeviceInfo } from "../../../../electron/common/contract/app/library.ts";
import { useTranslation } from "../../i18n/index.ts";
import { describeFlags, formatBytes, formatCelsius } from "../../state/library-format.ts";
import { availableRamOf } from "../../state/device-ram.ts";
import { deviceWarning } from "../../state/library-state.ts";
import { useActions, useAppState } from "../../state/StoreProvider.tsx";
import "./DevicePanel.css";

function throttlingText(device: DeviceInfo, t: TFunction): string {
  if (!device.throttling) return t("device.unknown");
  const now = describeFlags(device.throttling.now, t);
  const sinceBoot = describeFlags(device.throttling.sinceBoot, t);
  if (now) return t("device.throttleNow", { flags: now });
  if (sinceBoot) return t("device.throttleSinceBoot", { flags: sinceBoot });
  return t("device.throttleNone");
}

/** This device as far as models care: RAM, free disk, CPU, temperature and throttling (null is "unknown", never an error). */
export function DevicePanel() {
  const { t } = useTranslation("library");
  const { library } = useActions();
  const headingId = useId();
  const device = useAppState((s) => s.library.device);
  const freeDisk = useAppState((s) => s.library.installed.value?.freeDiskBytes ?? null);
  const availableRam = useAppState((s) => availableRamOf(s.library));
  useEffect(() => void library.loadDevice(), [library]);

  const unknown = t("device.unknown");
  const bytes = (value: number | null | undefined) => (value == null ? unknown : formatBytes(value));
  const { hot, throttled } = deviceWarning(device);
  const cpu = device?.cpuModel ?? unknown;
  const cores = device?.cpuCores == null ? null : t("device.cores", { count: device.cpuCores });
  const rows: [string, string, boolean?][] = [
    [t("device.board"), device?.boardModel ?? unknown],
    [t("device.cpu"), cores ? t("device.cpuWithCores", { cpu, cores }) : cpu],
    [t("device.ramTotal"), bytes(device?.totalRamBytes)],
    [t("device.ramAvailable"), bytes(availableRam)],
    [t("device.disk"), bytes(freeDisk)],
    [t("device.temperature"), device?.temperatureCelsius == null ? unknown : formatCelsius(device.temperatureCelsius), hot],
    [t("device.throttling"), device ? throttlingText(device, t) : unknown, throttled],
  ];

  return (
    <section className="card device-panel" aria-labelledby={headingId}>
      <h3 id={headingId}>{t("device.title")}</h3>
      <dl className="device-panel__facts">
        {rows.map(([label, value, warn]) => (
          <div key={label} className={`device-panel__row${warn ? " device-panel__row--warning" : ""}`}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {hot && <p className="device-panel__hint">{t("device.hotHint")}</p>}
      {device?.throttling?.now.underVoltage && <p className="device-panel__hint">{t("device.underVoltageHint")}</p>}
    </section>
  );
}
