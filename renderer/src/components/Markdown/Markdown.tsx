import { memo, startTransition, useDeferredValue, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState, type ComponentProps, type ReactElement } from "react";
import ReactMarkdown, { type Components, type ExtraProps } from "react-markdown";
import { useTranslation } from "../../i18n/index.ts";
import { CopyButton } from "../CopyButton/CopyButton.tsx";
import { fencedCode, largeCodeChars } from "./fenced-code.ts";
import { LargeCodeBlock } from "./LargeCodeBlock.tsx";
import { markdownBlocks } from "./markdown-blocks.ts";
import { allParsed, blocksOf, parsedBlock, parseWithinBudget, remember, renderCommitted } from "./parsed-blocks.ts";
import { HighlightedCode } from "./HighlightedCode.tsx";
import "./Markdown.css";
import "./highlight.css";

interface HastNode {
  type: string;
  value?: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}

function textOf(node: HastNode | undefined): string {
  if (!node) return "";
  if (node.type === "text") return node.value ?? "";
  return (node.children ?? []).map(textOf).join("");
}

function languageOf(pre: HastNode | undefined): string | undefined {
  const code = pre?.children?.find((child) => child.tagName === "code");
  const classes = code?.properties?.["className"];
  if (!Array.isArray(classes)) return undefined;
  const language = classes.find((c): c is string => typeof c === "string" && c.startsWith("language-"));
  return language?.slice("language-".length);
}

/**
 * A fenced code block with its language and a Copy button (copies the code as written, without highlighting). The
 * code is highlighted off the main thread and shown plain until then (HighlightedCode).
 */
function CodeBlock({ node, children: _children, ...rest }: ComponentProps<"pre"> & ExtraProps) {
  const { t } = useTranslation("common");
  const language = languageOf(node);
  const code = textOf(node);
  return (
    <div className="code-block">
      <div className="code-block__bar">
        <span className="code-block__language">{language}</span>
        <CopyButton text={code.replace(/\n$/, "")} label={t("code.copy")} />
      </div>
      <pre {...rest}>
        <HighlightedCode language={language} code={code} />
      </pre>
    </div>
  );
}

/** Links open outside the app window (main decides how); they never navigate it. */
function Link({ node: _node, children, ...rest }: ComponentProps<"a"> & ExtraProps) {
  return (
    <a {...rest} target="_blank" rel="noreferrer noopener">
      {children}
    </a>
  );
}

/** Offline app, strict CSP: remote images are never fetched; their description is shown instead. */
function ImageText({ alt }: ComponentProps<"img"> & ExtraProps) {
  return alt ? <span className="markdown__image-alt">{alt}</span> : null;
}

const components: Components = { pre: CodeBlock, a: Link, img: ImageText };

const parse = (text: string) => ReactMarkdown({ children: text, components });

interface Shown {
  text: string;
  element: ReactElement;
}

/**
 * One top-level block, parsed again only when its own text changed, and only once for all the times it is shown
 * (parsed-blocks.ts). `growing`: the last block of a streaming answer, which changes every frame and is not worth
 * remembering until it is finished.
 */
const MarkdownBlock = memo(function MarkdownBlock({ text, growing }: { text: string; growing: boolean }) {
  const large = useMemo(() => (text.length > largeCodeChars ? fencedCode(text) : undefined), [text]);
  const shown = useRef<Shown | null>(null);
  const [, retry] = useReducer((n: number) => n + 1, 0);
  let element: ReactElement | undefined;
  if (!large) {
    element = shown.current?.text === text ? shown.current.element : (parsedBlock(text) ?? parseWithinBudget(text, parse, !growing));
    if (element && !growing) remember(text, element);
  }
  const waiting = !large && element === undefined;
  useLayoutEffect(() => {
    if (element) shown.current = { text, element };
    renderCommitted();
  });
  // Over this render's parsing budget: show what was there before and parse in a render of its own.
  useEffect(() => {
    if (waiting) startTransition(retry);
  });
  if (large)
    return (
      <div className="markdown__block">
        <LargeCodeBlock {...large} />
      </div>
    );
  return <div className="markdown__block">{element ?? shown.current?.element}</div>;
});

/**
 * Model output as Markdown (raw HTML is escaped, not rendered). Memoised on the text, so a finished answer is
 * parsed once; a streaming one is split into top-level blocks and only its growing last block is parsed again.
 * That parse is deferred: React does it between frames, interruptibly, instead of inside the frame that
 * received the tokens. A newly shown answer (scrolled into view) starts empty and is parsed the same way, block by
 * block, a few milliseconds of parsing per render, so scrolling through a long chat never waits for a screenful of
 * Markdown in one task; an answer parsed before (scrolled out of view and back) is shown in full at once.
 */
export const Markdown = memo(function Markdown({ text, streaming = false }: { text: string; streaming?: boolean }) {
  const [initial] = useState(() => (!streaming && allParsed(text) ? text : ""));
  const shownText = useDeferredValue(text, initial);
  // React renders this twice per update (urgently with the old deferred text, then with the new): split once.
  // A streaming answer's text is new every frame: not worth remembering its split.
  const blocks = useMemo(() => (streaming ? (shownText === "" ? [] : markdownBlocks(shownText)) : blocksOf(shownText)), [shownText, streaming]);
  return (
    <div className="markdown">
      {blocks.map((block, index) => (
        // While an answer streams only its last block changes: an index key keeps every earlier block memoised.
        <MarkdownBlock key={index} text={block} growing={streaming && index === blocks.length - 1} />
      ))}
    </div>
  );
});
