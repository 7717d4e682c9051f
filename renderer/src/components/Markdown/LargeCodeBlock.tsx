import { useMemo, useState } from "react";
import { useTranslation } from "../../i18n/index.ts";
import { CopyButton } from "../CopyButton/CopyButton.tsx";
import { foldedCodeLines, type FencedCode } from "./fenced-code.ts";

/**
 * A big fenced code block (a whole file in an answer): plain text, no highlighting, folded to its first lines until
 * the reader unfolds it. Highlighting and laying out 100 KB of code would block the page for a second on a Pi, and a
 * chat may hold many such answers. Copy takes the whole code either way.
 */
export function LargeCodeBlock({ language, code }: FencedCode) {
  const { t } = useTranslation("common");
  const [unfolded, setUnfolded] = useState(false);
  const { lineCount, head } = useMemo(() => {
    let end = -1;
    for (let line = 0; line < foldedCodeLines; line++) {
      end = code.indexOf("\n", end + 1);
      if (end === -1) break;
    }
    let count = 1;
    for (let index = code.indexOf("\n"); index !== -1; index = code.indexOf("\n", index + 1)) count++;
    return { lineCount: count, head: end === -1 ? code : code.slice(0, end) };
  }, [code]);
  const folded = !unfolded && lineCount > foldedCodeLines;
  return (
    <div className="code-block code-block--large">
      <div className="code-block__bar">
        <span className="code-block__language">{language}</span>
        <CopyButton text={code} label={t("code.copy")} />
      </div>
      <pre>
        <code className={language ? `language-${language}` : undefined}>{folded ? head : code}</code>
      </pre>
      {lineCount > foldedCodeLines && (
        <button type="button" className="code-block__fold" aria-expanded={!folded} onClick={() => setUnfolded(!unfolded)}>
          {folded ? t("code.showAll", { count: lineCount }) : t("code.showFewer")}
        </button>
      )}
    </div>
  );
}
