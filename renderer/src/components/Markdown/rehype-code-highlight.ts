import type { Element, Root } from "hast";
import { toText } from "hast-util-to-text";
import { common, createLowlight } from "lowlight";
import { visit } from "unist-util-visit";

/**
 * One highlighter for the whole renderer. rehype-highlight builds a new one (registering ~37 languages) each time
 * its plugin is attached, which react-markdown does on every render: per frame while an answer streams.
 */
const lowlight = createLowlight(common);

function languageOf(code: Element): string | undefined {
  const classes = code.properties["className"];
  if (!Array.isArray(classes)) return undefined;
  const name = classes.find((c): c is string => typeof c === "string" && c.startsWith("language-"));
  return name?.slice("language-".length);
}

/** Highlights fenced code blocks that name a known language (like rehype-highlight without auto-detection). */
export function rehypeCodeHighlight() {
  return (tree: Root) => {
    visit(tree, "element", (node, _index, parent) => {
      if (node.tagName !== "code" || parent?.type !== "element" || parent.tagName !== "pre") return;
      const language = languageOf(node);
      if (language === undefined || !lowlight.registered(language)) return;
      const highlighted = lowlight.highlight(language, toText(node, { whitespace: "pre" }));
      const classes = Array.isArray(node.properties["className"]) ? node.properties["className"] : [];
      node.properties["className"] = ["hljs", ...classes.filter((c) => c !== "hljs")];
      if (highlighted.children.length > 0) node.children = highlighted.children as Element["children"];
    });
  };
}
