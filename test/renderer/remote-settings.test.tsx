// @vitest-environment jsdom
import { act, fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { AppError } from "../../electron/common/contract/errors.ts";
import { SettingsScreen } from "../../renderer/src/components/SettingsScreen/SettingsScreen.tsx";
import { initI18n } from "../../renderer/src/i18n/index.ts";
import { FakeMain } from "./support/fake-main.ts";
import { renderWithMain, settle } from "./support/render-app.tsx";

async function click(element: HTMLElement) {
  await act(async () => {
    fireEvent.click(element);
  });
  await settle();
}

function type(element: HTMLElement, value: string) {
  fireEvent.change(element, { target: { value } });
}

const section = () => screen.getByRole("region", { name: "Other computers" });
const form = () => within(section()).getByRole("form");
const field = (name: string | RegExp) => within(form()).getByLabelText(name);

async function fillAndSubmit(values: { name?: string; kind?: string; address?: string; key?: string }) {
  if (values.name !== undefined) type(field("Name"), values.name);
  if (values.kind !== undefined) fireEvent.change(field("Server type"), { target: { value: values.kind } });
  if (values.address !== undefined) type(field("Address"), values.address);
  if (values.key !== undefined) type(field("API key (optional)"), values.key);
  await click(within(form()).getByRole("button", { name: /^(Add|Save)$/ }));
}

const desk = { name: "Desk PC", kind: "ollama" as const, address: "http://192.168.1.20:11434" };

describe("Settings → Other computers", () => {
  it("adds a server with a key: the key is sent once, never shown back, and plain HTTP is called out", async () => {
    const { main } = await renderWithMain(<SettingsScreen />);
    expect(within(section()).getByText("No other computers added.")).toBeTruthy();
    await click(within(section()).getByRole("button", { name: "Add a computer" }));
    expect(document.activeElement).toBe(field("Name"));

    type(field("Address"), "http://192.168.1.20:11434");
    expect(within(form()).getByText(/^Not encrypted: this address uses plain HTTP/)).toBeTruthy();
    type(field("Address"), "https://desk.lan:11434");
    expect(within(form()).queryByText(/^Not encrypted/)).toBeNull();

    await fillAndSubmit({ name: "Desk PC", address: "http://192.168.1.20:11434", key: "sk-secret-123" });
    expect(main.calls.find((call) => call.method === "remote.add")?.params).toEqual({ ...desk, apiKey: "sk-secret-123" });
    expect(within(section()).queryByRole("form")).toBeNull();
    const row = within(section()).getByRole("listitem", { name: "Desk PC" });
    expect(within(row).getByText("http://192.168.1.20:11434")).toBeTruthy();
    expect(within(row).getByText("API key saved")).toBeTruthy();
    expect(within(row).getByText(/^Not encrypted: this address uses plain HTTP, so your messages and key cross the network readable/)).toBeTruthy();
    expect(document.body.innerHTML).not.toContain("sk-secret-123");
  });

  it("names what is wrong with each field before sending anything", async () => {
    const { main } = await renderWithMain(<SettingsScreen />);
    await click(within(section()).getByRole("button", { name: "Add a computer" }));
    await fillAndSubmit({});
    expect(within(form()).getByText("Give it a name.")).toBeTruthy();
    expect(within(form()).getByText("Type the server's address.")).toBeTruthy();
    expect(field("Name").getAttribute("aria-invalid")).toBe("true");

    await fillAndSubmit({ name: "Desk PC", address: "192.168.1.20:11434" });
    expect(within(form()).getByText("The address must begin with “http” or “https” followed by “://”.")).toBeTruthy();
    await fillAndSubmit({ address: "ftp://192.168.1.20" });
    expect(within(form()).getByText("The address must begin with “http” or “https” followed by “://”.")).toBeTruthy();
    await fillAndSubmit({ address: "http://desk pc:11434" });
    expect(within(form()).getByText(/^This is not a web address/)).toBeTruthy();
    await fillAndSubmit({ address: "http://me:pw@192.168.1.20:11434" });
    expect(within(form()).getByText("Put no user name or password in the address: use the API key field.")).toBeTruthy();
    await fillAndSubmit({ address: "http://192.168.1.20:11434/?model=x" });
    expect(within(form()).getByText("The address can't have a query (?…) or a fragment (#…).")).toBeTruthy();
    await fillAndSubmit({ address: "http://192.168.1.20:11434", key: "two words" });
    expect(within(form()).getByText("A key is printable characters without spaces.")).toBeTruthy();
    expect(main.methodsCalled()).not.toContain("remote.add");
  });

  it("shows main's refusal beside the field it names, and keeps what was typed", async () => {
    const refusing = new FakeMain({
      "remote.add": () => {
        throw new AppError("BAD_REQUEST", "bad address", { field: "address", problem: "bad-format", format: "url" });
      },
    });
    await renderWithMain(<SettingsScreen />, undefined, { main: refusing });
    await click(within(section()).getByRole("button", { name: "Add a computer" }));
    await fillAndSubmit({ name: "Desk PC", address: "http://192.168.1.20:11434" });
    expect(within(form()).getByText("Not saved: must be a web address starting with http or https")).toBeTruthy();
    expect((field("Address") as HTMLInputElement).value).toBe("http://192.168.1.20:11434");
    expect(field("Address").getAttribute("aria-invalid")).toBe("true");
  });

  it("tests a connection: the model count, or exactly why not", async () => {
    await renderWithMain(<SettingsScreen />, (main) => {
      main.remote.addServer(desk, [
        { id: "gemma2:9b", label: "gemma2:9b (9.2B, Q4_0)" },
        { id: "gemma2:27b", label: "gemma2:27b (27.2B, Q4_0)" },
      ]);
      main.remote.addServer(
        { name: "Lab", kind: "openai-compatible", address: "https://lab.example:8080" },
        new AppError("REMOTE_FAILED", "401", { failure: "unauthorized", origin: "https://lab.example:8080", httpStatus: 401, serverName: "Lab" }),
      );
    });
    const deskRow = within(section()).getByRole("listitem", { name: "Desk PC" });
    await click(within(deskRow).getByRole("button", { name: "Test connection to Desk PC" }));
    expect(within(deskRow).getByRole("status").textContent).toBe("Connected: 2 models. (gemma2:9b, gemma2:27b)");

    const labRow = within(section()).getByRole("listitem", { name: "Lab" });
    expect(within(labRow).queryByText(/^Not encrypted/)).toBeNull();
    await click(within(labRow).getByRole("button", { name: "Test connection to Lab" }));
    expect(within(labRow).getByRole("status").textContent).toBe(
      "Could not connect: it refused the API key (check the key in Settings → Other computers) (HTTP 401)",
    );
  });

  it("edits a server: the saved key stays unless replaced or forgotten", async () => {
    const { main } = await renderWithMain(<SettingsScreen />, (m) => {
      const entry = m.remote.addServer(desk);
      m.remote.keys.set(entry.id, "sk-old");
      entry.hasKey = true;
    });
    await click(within(section()).getByRole("button", { name: "Edit Desk PC" }));
    expect((field("API key (optional)") as HTMLInputElement).placeholder).toBe("Key saved");
    expect((field("API key (optional)") as HTMLInputElement).value).toBe("");
    await fillAndSubmit({ name: "Study PC" });
    expect(main.calls.find((call) => call.method === "remote.update")?.params).toEqual({ id: "s1", ...desk, name: "Study PC" });
    expect(within(section()).getByRole("listitem", { name: "Study PC" })).toBeTruthy();

    await click(within(section()).getByRole("button", { name: "Edit Study PC" }));
    await click(within(form()).getByRole("checkbox", { name: "Forget the saved key" }));
    await fillAndSubmit({});
    expect(main.calls.filter((call) => call.method === "remote.update").at(-1)?.params).toMatchObject({ id: "s1", apiKey: null });
    expect(within(section()).getByText("No API key")).toBeTruthy();
  });

  it("asks before removing, and Cancel keeps the server", async () => {
    const { main } = await renderWithMain(<SettingsScreen />, (m) => void m.remote.addServer(desk));
    await click(within(section()).getByRole("button", { name: "Remove Desk PC" }));
    const confirm = within(section()).getByRole("group", { name: /^Remove Desk PC\? Its saved key is deleted/ });
    expect(document.activeElement).toBe(within(confirm).getByRole("button", { name: "Cancel" }));
    await click(within(confirm).getByRole("button", { name: "Cancel" }));
    expect(main.methodsCalled()).not.toContain("remote.remove");

    await click(within(section()).getByRole("button", { name: "Remove Desk PC" }));
    await click(within(section()).getByRole("button", { name: "Remove" }));
    expect(main.calls.find((call) => call.method === "remote.remove")?.params).toEqual({ id: "s1" });
    expect(within(section()).queryByRole("listitem")).toBeNull();
    expect(within(section()).getByText("No other computers added.")).toBeTruthy();
  });

  it("speaks 简体中文", async () => {
    await renderWithMain(<SettingsScreen />, (m) => void m.remote.addServer(desk));
    await act(async () => void initI18n("zh-CN"));
    const zh = screen.getByRole("region", { name: "其他电脑" });
    expect(within(zh).getByRole("button", { name: "测试连接：Desk PC" })).toBeTruthy();
    expect(within(zh).getByText(/^未加密/)).toBeTruthy();
  });
});
