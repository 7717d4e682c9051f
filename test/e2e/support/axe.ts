import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import type { AxeResults, Result } from "axe-core";
import { axeSourcePath } from "./paths.ts";

let axeSource: Promise<string> | undefined;

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

export interface AxeReport {
  /** Serious and critical: these fail the test. */
  blocking: AxeFinding[];
  /** Minor and moderate: reported, not failed on. */
  other: AxeFinding[];
  /** How many rules found nothing wrong (a guard against a scan that silently checked nothing). */
  passedRules: number;
}

function finding(result: Result): AxeFinding {
  return {
    id: result.id,
    impact: result.impact ?? "unknown",
    help: result.help,
    targets: result.nodes.map((node) => node.target.join(" ")),
  };
}

/**
 * Runs axe-core on the page as it is now. The page's CSP forbids inline scripts, so axe is not added as a
 * <script>: its source is evaluated through the DevTools protocol (page.evaluate), which the CSP does not
 * govern, once per page.
 */
export async function runAxe(page: Page): Promise<AxeReport> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === "object");
  if (!loaded) {
    axeSource ??= readFile(axeSourcePath, "utf8");
    await page.evaluate(`${await axeSource}\n;void 0`);
  }
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<AxeResults> } }).axe;
    const { violations, passes } = await axe.run(document, { resultTypes: ["violations"] });
    // Only what is needed crosses back (the full results hold DOM references and are large).
    return {
      violations: violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })),
      passedRules: passes.length,
    };
  });
  const all = (results.violations as unknown as Result[]).map(finding);
  return {
    passedRules: results.passedRules,
    blocking: all.filter((f) => f.impact === "serious" || f.impact === "critical"),
    other: all.filter((f) => f.impact !== "serious" && f.impact !== "critical"),
  };
}

export function describeFindings(findings: AxeFinding[]): string[] {
  return findings.map((f) => `${f.impact} ${f.id} (${f.help}): ${f.targets.slice(0, 5).join(" | ")}`);
}
