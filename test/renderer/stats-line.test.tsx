// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { StatsLine } from "../../renderer/src/components/StatsLine/StatsLine.tsx";
import { sampleStats } from "./support/fake-main.ts";

afterEach(() => cleanup());

describe("StatsLine", () => {
  it("sums an answer up as tokens · rate · time to first token", () => {
    render(<StatsLine stats={sampleStats} />);
    expect(screen.getByText("42 tokens · 5.7 tok/s · first token 0.8 s")).toBeTruthy();
  });

  it("rounds to one decimal and says '1 token'", () => {
    render(<StatsLine stats={{ ...sampleStats, generatedTokens: 1, tokensPerSecond: 12.25, timeToFirstTokenMs: 1960 }} />);
    expect(screen.getByText("1 token · 12.3 tok/s · first token 2.0 s")).toBeTruthy();
  });

  it("writes a long answer's count the way the rest of the app writes numbers", () => {
    render(<StatsLine stats={{ ...sampleStats, generatedTokens: 1024, tokensPerSecond: 5.66, timeToFirstTokenMs: 12_345 }} />);
    expect(screen.getByText("1,024 tokens · 5.7 tok/s · first token 12.3 s")).toBeTruthy();
  });

  it("handles an empty answer", () => {
    render(<StatsLine stats={{ ...sampleStats, generatedTokens: 0, tokensPerSecond: 0, timeToFirstTokenMs: 0 }} />);
    expect(screen.getByText("0 tokens · 0.0 tok/s · first token 0.0 s")).toBeTruthy();
  });
});
