// @ts-check
import { builtinModules } from "node:module";
import path from "node:path";

/**
 * The layering rule: every source file belongs to exactly one layer of tools/lint/layers.js, and may import only
 * what its layer's row allows. Static imports, `export … from`, `import()`, `require()`, TypeScript's
 * `import x = require()` and `import("…")` types, and vitest's module mocks are all checked; a module named by
 * anything but a literal can't be checked and is an error too. A folder path is classified by where it points, so an
 * import is judged the same whether or not its file exists.
 */

/** @typedef {import("./layers.js").Layer} Layer */

const nodeBuiltinNames = new Set(builtinModules.filter((name) => !name.startsWith("_")));

/** The target class of an import written in `fromFile` (a repository-relative path), as the table names it. */
export function targetOf(/** @type {string} */ specifier, /** @type {string} */ fromFile, /** @type {Layer[]} */ layers) {
  if (specifier.startsWith("./") || specifier.startsWith("../") || specifier === "." || specifier === "..") {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
    if (target.startsWith("../") || target === ".." || target.startsWith("node_modules/")) return { kind: "outside", label: `${specifier} (outside our source tree)` };
    const layer = layerOf(target, layers) ?? layerOf(`${target}/`, layers);
    return layer ? { kind: "layer", name: layer.name, label: `${layer.name} (${specifier})` } : { kind: "unknown", label: `${target}, which belongs to no layer` };
  }
  if (specifier.startsWith("node:") || nodeBuiltinNames.has(specifier.split("/")[0] ?? "")) return { kind: "package", name: "node builtins", label: `Node's ${specifier}` };
  if (specifier.startsWith("/") || /^[a-z][a-z0-9+.-]*:/i.test(specifier)) return { kind: "outside", label: `${specifier} (not a module of ours or a package)` };
  return { kind: "package", name: specifier, label: specifier };
}

/** The layer a repository-relative file path belongs to: the row whose `files` entry matches it most specifically. */
export function layerOf(/** @type {string} */ file, /** @type {Layer[]} */ layers) {
  /** @type {Layer | undefined} */
  let best;
  let bestLength = -1;
  for (const layer of layers) {
    for (const entry of layer.files) {
      const matches = entry.endsWith("/") ? file.startsWith(entry) : file === entry;
      if (matches && entry.length > bestLength) [best, bestLength] = [layer, entry.length];
    }
  }
  return best;
}

/** Whether a layer's row allows a target: a layer by name, a package by its exact specifier (deep paths listed apart). */
export function allows(/** @type {Layer} */ layer, /** @type {{kind: string, name?: string}} */ target) {
  return (target.kind === "layer" || target.kind === "package") && target.name !== undefined && layer.may.includes(target.name);
}

/**
 * @param {{ root: string, layers: Layer[] }} options
 * @returns {import("eslint").Rule.RuleModule}
 */
export function layeringRule({ root, layers }) {
  return {
    meta: { type: "problem", docs: { description: "Each layer imports only what its row of tools/lint/layers.js allows" }, schema: [] },
    create(context) {
      const file = path.relative(root, context.physicalFilename).split(path.sep).join("/");
      const layer = layerOf(file, layers);
      if (!layer) {
        return {
          Program(node) {
            context.report({ node, message: `${file} belongs to no layer: add its folder to a row of tools/lint/layers.js (which process runs it decides what it may import).` });
          },
        };
      }
      /** @param {import("estree").Node} node @param {unknown} source */
      const check = (node, source) => {
        const specifier = literalText(source);
        if (specifier === undefined) {
          context.report({ node, message: "Name the module literally, so the layering rule can check it." });
          return;
        }
        const target = targetOf(specifier, file, layers);
        if (allows(layer, target)) return;
        context.report({ node, message: `${layer.name} may not import ${target.label}: ${layer.why} It may import: ${layer.may.join(", ")}.` });
      };
      /** @param {any} node */
      const checkSource = (node) => node.source && check(node, node.source);
      return {
        ImportDeclaration: checkSource,
        ExportNamedDeclaration: checkSource,
        ExportAllDeclaration: checkSource,
        ImportExpression: (node) => check(node, node.source),
        /** @param {any} node */
        TSImportEqualsDeclaration(node) {
          if (node.moduleReference.type === "TSExternalModuleReference") check(node, node.moduleReference.expression);
        },
        /** @param {any} node */
        TSImportType(node) {
          check(node, node.argument?.type === "TSLiteralType" ? node.argument.literal : node.argument);
        },
        CallExpression(node) {
          if (loadsModule(node.callee)) check(node, node.arguments[0]);
        },
      };
    },
  };
}

/** `require(…)`, `require.resolve(…)`, `module.require(…)` and vitest's `vi.mock(…)`-family name a module they load. */
function loadsModule(/** @type {any} */ callee) {
  if (callee.type === "Identifier") return callee.name === "require";
  if (callee.type !== "MemberExpression" || callee.property.type !== "Identifier" || callee.object.type !== "Identifier") return false;
  const [object, property] = [callee.object.name, callee.property.name];
  return (object === "require" && property === "resolve") || (object === "module" && property === "require") ||
    (object === "vi" && ["mock", "doMock", "unmock", "doUnmock", "importActual", "importMock"].includes(property));
}

/** The text of a string literal or an expression-free template literal; undefined for anything computed. */
function literalText(/** @type {any} */ node) {
  if (node?.type === "Literal" && typeof node.value === "string") return node.value;
  if (node?.type === "TemplateLiteral" && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}
