const fenceOpening = /^ {0,3}(`{3,}|~{3,})/;
const listItem = /^(?:[-*+]|\d{1,9}[.)])(?:\s|$)/;

function closesFence(line: string, fence: string): boolean {
  const match = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
  return match?.[1] !== undefined && match[1][0] === fence[0] && match[1].length >= fence.length;
}

/**
 * Splits Markdown into top-level blocks that render the same alone as together, so that a streaming answer
 * re-parses only its last block per frame instead of the whole answer.
 *
 * A block ends at a blank line outside a fenced code block when the next line starts at column 0 and is not a
 * list item: an indented line may continue a list item or an indented code block, and a list item may continue a
 * loose list. (Link reference definitions do not reach across blocks; models do not write them.)
 */
export function markdownBlocks(text: string): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  let fence: string | undefined;
  let afterBlankLine = false;

  for (const line of text.split("\n")) {
    if (fence !== undefined) {
      if (closesFence(line, fence)) fence = undefined;
      current.push(line);
      continue;
    }
    const blank = line.trim() === "";
    const startsBlock = afterBlankLine && !blank && !/^\s/.test(line) && !listItem.test(line);
    if (startsBlock && current.length > 0) {
      blocks.push(current.join("\n"));
      current = [];
    }
    current.push(line);
    afterBlankLine = blank;
    fence = fenceOpening.exec(line)?.[1];
  }
  if (current.length > 0) blocks.push(current.join("\n"));
  return blocks;
}
