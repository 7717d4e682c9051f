import { useEffect, useRef, useState, type ReactNode } from "react";
import { cachedHighlight, highlight, type Token } from "./highlighter.ts";

function tokenNodes(tokens: readonly Token[]): ReactNode[] {
  return tokens.map((token, index) =>
    typeof token === "string" ? (
      token
    ) : (
      <span key={index} className={token.className}>
        {tokenNodes(token.children)}
      </span>
    ),
  );
}

interface Highlighted {
  code: string;
  tokens: Token[] | null;
}

/**
 * The code of a fenced block: plain at first, highlighted when the highlighter (a worker) sends it back; at once if
 * it was highlighted before. While an answer streams, the block's code grows faster than it is highlighted: one
 * request at a time, for the newest code, and meanwhile the highlighted beginning with the new text after it.
 */
export function HighlightedCode({ language, code }: { language: string | undefined; code: string }) {
  const [highlighted, setHighlighted] = useState<Highlighted | null>(() => {
    const tokens = language === undefined ? undefined : cachedHighlight(language, code);
    return tokens === undefined ? null : { code, tokens };
  });
  const asking = useRef(false);
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  useEffect(() => {
    mounted.current = true;
    if (language === undefined || asking.current || highlighted?.code === code) return;
    const tokens = cachedHighlight(language, code);
    if (tokens !== undefined) {
      setHighlighted({ code, tokens });
      return;
    }
    asking.current = true;
    void highlight(language, code).then((result) => {
      asking.current = false;
      if (mounted.current) setHighlighted({ code, tokens: result });
    });
  }, [language, code, highlighted]);

  const className = language === undefined ? undefined : `language-${language}`;
  const tokens = highlighted?.tokens;
  if (!highlighted || !tokens || !code.startsWith(highlighted.code)) return <code className={className}>{code}</code>;
  return (
    <code className={`hljs ${className}`}>
      {tokenNodes(tokens)}
      {code.slice(highlighted.code.length)}
    </code>
  );
}
