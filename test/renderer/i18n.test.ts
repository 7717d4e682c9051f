import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { initI18n, languages, resources } from "../../renderer/src/i18n/index.ts";

const pluralSuffix = /_(zero|one|two|few|many|other)$/;
/** A key as the code asks for it: plural forms count as their base key. */
const baseKey = (key: string) => key.replace(pluralSuffix, "");
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
const namespaces = [...new Set(languages.flatMap((language) => Object.keys(resources[language])))].sort();

describe("translations", () => {
  it("has the common namespace in every language", () => {
    expect(namespaces).toContain("common");
    for (const language of languages) expect(Object.keys(resources[language])).toContain("common");
  });

  it.each(namespaces)("%s: every key exists in every language", (namespace) => {
    const keysOf = (language: (typeof languages)[number]) =>
      [...new Set(Object.keys(resources[language][namespace] ?? {}).map(baseKey))].sort();
    const english = keysOf("en");
    expect(english.length).toBeGreaterThan(0);
    for (const language of languages) {
      const missing = english.filter((key) => !keysOf(language).includes(key)).map((key) => `${language}: ${key}`);
      const extra = keysOf(language).filter((key) => !english.includes(key)).map((key) => `${language}: ${key}`);
      expect([...missing, ...extra]).toEqual([]);
    }
  });

  it.each(namespaces)("%s: every plural has an _other form, no string is empty, placeholders match", (namespace) => {
    const problems: string[] = [];
    const english = resources.en[namespace] ?? {};
    for (const language of languages) {
      const table = resources[language][namespace] ?? {};
      for (const [key, value] of Object.entries(table)) {
        if (typeof value !== "string" || value.trim() === "") problems.push(`${language}: ${key} is empty`);
        if (pluralSuffix.test(key) && table[`${baseKey(key)}_other`] === undefined) problems.push(`${language}: ${key} has no _other`);
        const source = english[key] ?? english[`${baseKey(key)}_other`] ?? english[baseKey(key)];
        if (typeof source === "string" && typeof value === "string" && placeholders(source).join() !== placeholders(value).join()) {
          problems.push(`${language}: ${key} has placeholders ${placeholders(value).join()} instead of ${placeholders(source).join()}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("fills {{placeholders}} and picks plural forms, in both languages", () => {
    const i18n = initI18n("en");
    expect(i18n.t("status.loading", { percent: 63 })).toBe("Loading model… 63%");
    expect(i18n.t("stats.tokens", { count: 1, tokens: "1" })).toBe("1 token");
    expect(i18n.t("stats.tokens", { count: 1042, tokens: "1,042" })).toBe("1,042 tokens");
    initI18n("zh-CN");
    expect(i18n.t("stats.tokens", { count: 1, tokens: "1" })).toBe("1 个词元");
    expect(i18n.t("status.exited", { reason: "SIGKILL" })).toBe("引擎崩溃：SIGKILL");
    initI18n("en");
    expect(i18n.language).toBe("en");
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

/** Text a user would see written straight into JSX instead of coming from a translation. */
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
  it("all come from the translations (none written into JSX)", () => {
    const files = tsxFiles(rendererDir);
    expect(files.length).toBeGreaterThan(10);
    expect(files.flatMap(literalsIn)).toEqual([]);
  });
});

/** Every `t("literal")` in the renderer's code. */
function keysUsedIn(file: string): { key: string; where: string }[] {
  const kind = file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true, kind);
  const found: { key: string; where: string }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && /(^|\.)t$/.test(node.expression.getText())) {
      const [first] = node.arguments;
      if (first && ts.isStringLiteralLike(first)) {
        const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        found.push({ key: first.text, where: `${relative(rendererDir, file)}:${line}` });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function codeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return codeFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe("translation keys in the code", () => {
  it("all exist in English", () => {
    const known = (key: string) => {
      const [namespace, name] = key.includes(":") ? key.split(":", 2) : [undefined, key];
      const tables = namespace ? [resources.en[namespace] ?? {}] : Object.values(resources.en);
      return tables.some((table) => name! in table || `${name}_other` in table);
    };
    const used = codeFiles(rendererDir).flatMap(keysUsedIn);
    expect(used.length).toBeGreaterThan(40);
    expect(used.filter(({ key }) => !known(key)).map(({ key, where }) => `${where} ${key}`)).toEqual([]);
  });
});
