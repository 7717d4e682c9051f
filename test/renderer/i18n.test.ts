import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { en, t } from "../../renderer/src/strings.ts";

describe("t()", () => {
  it("fills {{placeholders}}", () => {
    expect(t("status.loading", { percent: 63 })).toBe("Loading model… 63%");
    expect(t("status.exited", { reason: "SIGKILL" })).toBe("Engine crashed: SIGKILL");
  });

  it("picks the plural form from count", () => {
    expect(t("stats.tokens", { count: 1 })).toBe("1 token");
    expect(t("stats.tokens", { count: 0 })).toBe("0 tokens");
    expect(t("stats.tokens", { count: 42 })).toBe("42 tokens");
  });

  it("leaves an unknown placeholder visible rather than inventing a value", () => {
    expect(t("status.ready")).toBe("Ready · {{model}}");
  });

  it("has no empty strings", () => {
    expect(Object.entries(en).filter(([, value]) => value.trim() === "")).toEqual([]);
  });
});

const rendererDir = join(import.meta.dirname, "../../renderer/src");
const visibleAttributes = new Set(["aria-label", "aria-description", "placeholder", "title", "alt"]);

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsxFiles(path);
    return entry.name.endsWith(".tsx") ? [path] : [];
  });
}

/** Text a user would see written straight into JSX instead of coming from strings.ts. */
function literalsIn(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const where = (node: ts.Node) => `${relative(rendererDir, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const isText = (node: ts.Node | undefined) =>
    node !== undefined && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && /\p{L}/u.test(node.text);
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && node.text.trim() !== "") found.push(`${where(node)} text "${node.text.trim()}"`);
    if (ts.isJsxExpression(node) && !ts.isJsxAttribute(node.parent) && isText(node.expression)) {
      found.push(`${where(node)} {${node.expression!.getText()}}`);
    }
    if (ts.isJsxAttribute(node) && visibleAttributes.has(node.name.getText())) {
      const value = node.initializer;
      const inner = value && ts.isJsxExpression(value) ? value.expression : value;
      if (isText(inner)) found.push(`${where(node)} ${node.name.getText()}=${inner!.getText()}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("user-visible strings", () => {
  it("all come from strings.ts (none written into JSX)", () => {
    const files = tsxFiles(rendererDir);
    expect(files.length).toBeGreaterThan(10);
    expect(files.flatMap(literalsIn)).toEqual([]);
  });
});
