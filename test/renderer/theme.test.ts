// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { applyTheme } from "../../renderer/src/theme.ts";

describe("applyTheme", () => {
  it("sets <html data-theme>, which the stylesheet reads", () => {
    applyTheme("dark");
    expect(document.documentElement.getAttribute("data-theme")).toBe("dark");
    applyTheme("system");
    expect(document.documentElement.getAttribute("data-theme")).toBe("system");
  });
});
