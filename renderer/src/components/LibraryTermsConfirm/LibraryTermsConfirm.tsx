import { useEffect, useId, useRef } from "react";
import { useTranslation } from "../../i18n/index.ts";
import "./LibraryTermsConfirm.css";

export interface LibraryTermsConfirmProps {
  termsUrl: string;
  onAccept: () => void;
  onCancel: () => void;
}

/** Before the first download: the Gemma Terms of Use, and an explicit "I accept". */
export function LibraryTermsConfirm({ termsUrl, onAccept, onCancel }: LibraryTermsConfirmProps) {
  const { t } = useTranslation("library");
  const titleId = useId();
  const linkRef = useRef<HTMLAnchorElement>(null);
  useEffect(() => linkRef.current?.focus(), []);

  return (
    <div
      className="terms-confirm"
      role="group"
      aria-labelledby={titleId}
      onKeyDown={(event) => {
        if (event.key === "Escape") onCancel();
      }}
    >
      <p id={titleId} className="terms-confirm__title">
        {t("terms.title")}
      </p>
      <p className="terms-confirm__body">{t("terms.body")}</p>
      <a ref={linkRef} className="terms-confirm__link" href={termsUrl} target="_blank" rel="noopener noreferrer">
        {t("terms.link")}
      </a>
      <div className="terms-confirm__actions">
        <button type="button" className="button button--primary" onClick={onAccept}>
          {t("terms.accept")}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t("terms.cancel")}
        </button>
      </div>
    </div>
  );
}
