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

/**
 * Serious findings already reported to the renderer's owners, matched by rule and exact targets: they are
 * printed on every run instead of failing it. Remove an entry once its fix lands (an entry that matches
 * nothing is harmless). Each names its request in /tmp/e2e-requests-2.md.
 */
/** Serious findings we have accepted for now, each with the request that will remove it (none today). */
const knownViolations: { id: string; target: RegExp; request: string }[] = [];

export interface AxeReport {
  /** Serious and critical: these fail the test. */
  blocking: AxeFinding[];
  /** Serious and critical, but known and reported (see `knownViolations`): printed, not failed on. */
  known: AxeFinding[];
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
  const serious = all.filter((f) => f.impact === "serious" || f.impact === "critical");
  const isKnown = (f: AxeFinding) => knownViolations.some((k) => k.id === f.id && f.targets.every((target) => k.target.test(target)));
  return {
    passedRules: results.passedRules,
    blocking: serious.filter((f) => !isKnown(f)),
    known: serious.filter(isKnown),
    other: all.filter((f) => f.impact !== "serious" && f.impact !== "critical"),
  };
}

/**
 * Scans the page and fails on any serious or critical violation that is not a known, reported one; prints the
 * known ones and the minor/moderate ones under `label` ("Library (dark)").
 */
export async function expectAccessible(page: Page, label: string): Promise<AxeReport> {
  const report = await runAxe(page);
  if (report.known.length > 0) {
    const requests = [...new Set(report.known.map((f) => knownViolations.find((k) => k.id === f.id)?.request))].join(", ");
    console.warn(`[axe] ${label}, KNOWN serious (reported: ${requests}):\n  ${describeFindings(report.known).join("\n  ")}`);
  }
  if (report.other.length > 0) console.info(`[axe] ${label}, minor/moderate:\n  ${describeFindings(report.other).join("\n  ")}`);
  if (report.blocking.length > 0 || report.passedRules <= 10) {
    throw new Error(
      `axe on ${label}: ${report.blocking.length} serious or critical violation(s), ${report.passedRules} rules passed\n  ${describeFindings(report.blocking).join("\n  ")}`,
    );
  }
  return report;
}

export function describeFindings(findings: AxeFinding[]): string[] {
  return findings.map((f) => `${f.impact} ${f.id} (${f.help}): ${f.targets.slice(0, 5).join(" | ")}`);
}
