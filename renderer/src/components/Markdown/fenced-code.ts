const opening = /^ {0,3}(`{3,}|~{3,})[ \t]*([^\s`]*)[^`]*$/;

export interface FencedCode {
  language: string | undefined;
  code: string;
}

/**
 * The code of a block that is one fenced code block and nothing else (closed, or still open at the end of a
 * streaming answer), as CommonMark reads it; undefined for any other block.
 */
export function fencedCode(block: string): FencedCode | undefined {
  const lines = block.split("\n");
  const match = opening.exec(lines[0] ?? "");
  const fence = match?.[1];
  if (fence === undefined) return undefined;
  const closing = new RegExp(`^ {0,3}${fence[0] === "`" ? "`" : "~"}{${fence.length},}[ \\t]*$`);
  let end = lines.length;
  for (let index = 1; index < lines.length; index++) {
    if (closing.test(lines[index] ?? "")) {
      end = index;
      break;
    }
  }
  // Anything after the closing fence (other than trailing blank lines) makes it more than a code block.
  if (lines.slice(end + 1).some((line) => line.trim() !== "")) return undefined;
  return { language: match?.[2] || undefined, code: lines.slice(1, end).join("\n") };
}

/** Code blocks above this size skip syntax highlighting and Markdown parsing, and start folded. */
export const largeCodeChars = 10_000;
/** Lines a folded large code block shows. */
export const foldedCodeLines = 30;
