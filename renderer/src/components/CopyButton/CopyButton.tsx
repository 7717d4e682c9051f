import { useEffect, useState } from "react";
import { useTranslation } from "../../i18n/index.ts";
import { Icon } from "../Icon/Icon.tsx";
import { copyText } from "../../dom/copy-text.ts";
import "./CopyButton.css";

const feedbackMs = 1500;

/** A small "Copy" button; its accessible name says what is copied, and turns to "Copied" for a moment. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const { t } = useTranslation("common");
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), feedbackMs);
    return () => clearTimeout(timer);
  }, [copied]);

  const onClick = () => {
    copyText(text).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };

  return (
    <button type="button" className="copy-button" aria-label={copied ? t("copy.done") : label} onClick={onClick}>
      <Icon name={copied ? "check" : "copy"} />
      <span className="copy-button__text">{copied ? t("copy.done") : t("copy.label")}</span>
    </button>
  );
}
