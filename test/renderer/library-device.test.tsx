// @vitest-environment jsdom
import { act, fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { DevicePanel } from "../../renderer/src/components/DevicePanel/DevicePanel.tsx";
import { DeviceStatusItem } from "../../renderer/src/components/DeviceStatusItem/DeviceStatusItem.tsx";
import { unknownDevice } from "./library-fixtures.ts";
import { piDevice, renderWithLibrary } from "./support/fake-library.ts";
import { settle } from "./support/render-app.tsx";

const none = { underVoltage: false, armFrequencyCapped: false, throttled: false, softTemperatureLimit: false };

/** The panel's rows as "label: value". */
function rows(): string[] {
  const panel = screen.getByRole("region", { name: "This device" });
  return [...panel.querySelectorAll("dt")].map((dt) => `${dt.textContent}: ${dt.nextElementSibling?.textContent}`);
}

describe("DevicePanel", () => {
  it("shows RAM, free disk, CPU, temperature and throttling", async () => {
    await renderWithLibrary(<DevicePanel />);
    expect(rows()).toEqual([
      "Board: Raspberry Pi 5 Model B Rev 1.0",
      "CPU: Cortex-A76, 4 cores",
      "RAM: 8.0 GB",
      "RAM available: 5.9 GB",
      "Free disk (models folder): unknown", // Only the library screen asks for the installed models.
      "CPU temperature: 62 °C",
      "Throttling: none",
    ]);
  });

  it("says 'unknown' for every figure it could not read — never an error", async () => {
    await renderWithLibrary(<DevicePanel />, (library) => {
      library.device = unknownDevice;
    });
    expect(rows().every((row) => row.endsWith(": unknown"))).toBe(true);
    expect(rows()).toHaveLength(7);
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("follows device.updated: heat, throttling now and since boot", async () => {
    const { library } = await renderWithLibrary(<DevicePanel />);
    act(() => library.updateDevice({ temperatureCelsius: 84.6, throttling: { raw: "0x80008", now: { ...none, softTemperatureLimit: true }, sinceBoot: none } }));
    await settle();
    expect(rows()).toContain("CPU temperature: 85 °C");
    expect(rows()).toContain("Throttling: now: soft temperature limit");
    expect(screen.getByText("The Pi slows down at 80–85 °C: fit the active cooler or a fan.")).toBeTruthy();

    act(() => library.updateDevice({ temperatureCelsius: 55, throttling: { raw: "0x50000", now: none, sinceBoot: { ...none, underVoltage: true, throttled: true } } }));
    await settle();
    expect(rows()).toContain("Throttling: earlier since boot: under-voltage, throttled");
  });
});

describe("DeviceStatusItem", () => {
  it("shows the CPU temperature and opens the library's device panel", async () => {
    const { store } = await renderWithLibrary(<DeviceStatusItem />);
    const item = screen.getByRole("button", { name: "CPU temperature 62 °C: show device details" });
    expect(item.textContent).toBe("62 °C");
    expect(item.getAttribute("title")).toBe("CPU temperature 62 °C");
    expect(item.className).not.toContain("warning");
    fireEvent.click(item);
    expect(store.getState().screen).toBe("library");
  });

  it("warns, with a tooltip saying why, when the Pi throttles", async () => {
    await renderWithLibrary(<DeviceStatusItem />, (library) => {
      library.device = piDevice({ temperatureCelsius: 71, throttling: { raw: "0x50005", now: { ...none, underVoltage: true, throttled: true }, sinceBoot: none } });
    });
    const item = screen.getByRole("button", { name: "Warning, CPU temperature 71 °C: show device details" });
    expect(item.className).toContain("device-status--warning");
    expect(item.getAttribute("title")).toBe("The Pi is slowing its CPU down (under-voltage, throttled): answers will be slower.");
  });

  it("warns from 80 °C even before the Pi throttles, and updates with device.updated", async () => {
    const { library } = await renderWithLibrary(<DeviceStatusItem />);
    act(() => library.updateDevice({ temperatureCelsius: 80.2 }));
    await settle();
    const item = screen.getByRole("button", { name: /^Warning, CPU temperature 80 °C/ });
    expect(item.getAttribute("title")).toBe("The CPU is hot (80 °C): from 80 °C the Pi slows down. Fit a cooler or a fan.");
  });

  it("takes no room when nothing is known (not a Pi), and fails silently", async () => {
    await renderWithLibrary(<DeviceStatusItem />, (library) => {
      library.device = unknownDevice;
    });
    expect(screen.queryByRole("button")).toBeNull();
  });

  it("shows 'Throttled' when the temperature is unknown but the Pi throttles", async () => {
    await renderWithLibrary(<DeviceStatusItem />, (library) => {
      library.device = { ...unknownDevice, throttling: { raw: "0x4", now: { ...none, throttled: true }, sinceBoot: none } };
    });
    expect(within(document.body).getByRole("button", { name: "Warning, the CPU is throttled: show device details" }).textContent).toContain("Throttled");
  });
});
