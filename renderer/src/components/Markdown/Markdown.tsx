import { memo, useDeferredValue, useMemo, type ComponentProps } from "react";
import ReactMarkdown, { type Components, type ExtraProps } from "react-markdown";
import { useTranslation } from "../../i18n/index.ts";
import { CopyButton } from "../CopyButton/CopyButton.tsx";
import { fencedCode, largeCodeChars } from "./fenced-code.ts";
import { LargeCodeBlock } from "./LargeCodeBlock.tsx";
import { markdownBlocks } from "./markdown-blocks.ts";
import { rehypeCodeHighlight } from "./rehype-code-highlight.ts";
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

/** A fenced code block with its language and a Copy button (copies the code as written, without highlighting). */
function CodeBlock({ node, children, ...rest }: ComponentProps<"pre"> & ExtraProps) {
  const { t } = useTranslation("common");
  const language = languageOf(node);
  return (
    <div className="code-block">
      <div className="code-block__bar">
        <span className="code-block__language">{language}</span>
        <CopyButton text={textOf(node).replace(/\n$/, "")} label={t("code.copy")} />
      </div>
      <pre {...rest}>{children}</pre>
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
const rehypePlugins = [rehypeCodeHighlight];

/** One top-level block, parsed again only when its own text changed. */
const MarkdownBlock = memo(function MarkdownBlock({ text }: { text: string }) {
  const large = text.length > largeCodeChars ? fencedCode(text) : undefined;
  if (large)
    return (
      <div className="markdown__block">
        <LargeCodeBlock {...large} />
      </div>
    );
  return (
    <div className="markdown__block">
      <ReactMarkdown components={components} rehypePlugins={rehypePlugins}>
        {text}
      </ReactMarkdown>
    </div>
  );
});

/**
 * Model output as Markdown (raw HTML is escaped, not rendered). Memoised on the text, so a finished answer is
 * parsed once; a streaming one is split into top-level blocks and only its growing last block is parsed again.
 * That parse is deferred: React does it between frames, interruptibly, instead of inside the frame that
 * received the tokens. A newly shown answer (scrolled into view) starts empty and is parsed the same way, block by
 * block, so scrolling through a long chat never waits for a screenful of Markdown in one task.
 */
export const Markdown = memo(function Markdown({ text }: { text: string }) {
  const shownText = useDeferredValue(text, "");
  // React renders this twice per update (urgently with the old deferred text, then with the new): split once.
  const blocks = useMemo(() => (shownText === "" ? [] : markdownBlocks(shownText)), [shownText]);
  return (
    <div className="markdown">
      {blocks.map((block, index) => (
        // While an answer streams only its last block changes: an index key keeps every earlier block memoised.
        <MarkdownBlock key={index} text={block} />
      ))}
    </div>
  );
});
