import type { ElementContent, Root } from "hast";
import { common, createLowlight } from "lowlight";

/**
 * Highlighted code as the page needs it: text, or a span of highlight.js classes around more of it. Smaller than
 * lowlight's hast (no positions, no property objects) for the copy from the highlighting worker to the page.
 */
export type Token = string | { className: string; children: Token[] };

/**
 * One highlighter for every block, in the highlighting worker (highlight-worker.ts) or, where the page cannot start
 * one, in the page (highlighter.ts). highlight.js compiles a language's grammar the first time that language is
 * highlighted: one uninterruptible task of ~100 ms on a 4× throttled CPU, which is why the page does not do it.
 */
const lowlight = createLowlight(common);

function tokensOf(nodes: readonly ElementContent[]): Token[] {
  const tokens: Token[] = [];
  for (const node of nodes) {
    if (node.type === "text") tokens.push(node.value);
    else if (node.type === "element") {
      const classes = node.properties["className"];
      tokens.push({ className: Array.isArray(classes) ? classes.join(" ") : "", children: tokensOf(node.children) });
    }
  }
  return tokens;
}

/**
 * `code` highlighted as `language` (like rehype-highlight without auto-detection); null for a language it does not
 * know, or a grammar that fails on this code (the code then stays plain).
 */
export function highlightCode(language: string, code: string): Token[] | null {
  if (!lowlight.registered(language)) return null;
  try {
    const tree: Root = lowlight.highlight(language, code);
    return tokensOf(tree.children as ElementContent[]);
  } catch {
    return null;
  }
}
