import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import type { RemoteServerEntry, RemoteServerKind } from "../../../../electron/common/contract/app/remote.ts";
import { useTranslation } from "../../i18n/index.ts";
import type { RemoteServerDraft } from "../../state/remote-actions.ts";
import { draftProblems, isPlainHttp, type DraftField, type DraftProblems } from "../../state/remote-draft.ts";
import { refusalText } from "../../state/remote-text.ts";
import { useActions } from "../../state/StoreProvider.tsx";
import { PlainHttpNote } from "../RemoteServerItem/PlainHttpNote.tsx";
import "./RemoteServerForm.css";

interface RemoteServerFormProps {
  /** The server being edited; absent: a new one. */
  server?: RemoteServerEntry;
  onDone(): void;
}

const kinds: readonly RemoteServerKind[] = ["ollama", "openai-compatible"];

/** One labelled control with its hint and, when there is one, the reason it is not accepted. */
function Field(props: { id: string; label: string; hint?: string; error: string | undefined; children: (describedBy: string | undefined) => ReactNode }) {
  const { id, label, hint, error, children } = props;
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className="remote-form__field">
      <label className="remote-form__label" htmlFor={id}>
        {label}
      </label>
      {children(describedBy)}
      {hint && (
        <p id={`${id}-hint`} className="remote-form__hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="remote-form__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** Add or edit another computer: its name, kind, address and (optionally) an API key that is never shown back. */
export function RemoteServerForm({ server, onDone }: RemoteServerFormProps) {
  const { t } = useTranslation("remote");
  const { t: commonT } = useTranslation("common");
  const { remote } = useActions();
  const id = useId();
  const nameRef = useRef<HTMLInputElement>(null);
  const [name, setName] = useState(server?.name ?? "");
  const [kind, setKind] = useState<RemoteServerKind>(server?.kind ?? "ollama");
  const [address, setAddress] = useState(server?.address ?? "");
  const [apiKey, setApiKey] = useState("");
  const [forgetKey, setForgetKey] = useState(false);
  const [problems, setProblems] = useState<DraftProblems>({});
  const [refused, setRefused] = useState<{ field: string; text: string } | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => nameRef.current?.focus(), []);

  const draft = (): RemoteServerDraft => ({
    name: name.trim(),
    kind,
    address: address.trim(),
    ...(apiKey.trim() !== "" ? { apiKey: apiKey.trim() } : forgetKey ? { apiKey: null } : {}),
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = draftProblems(draft());
    setProblems(found);
    setRefused(null);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    const result = server ? await remote.update(server.id, draft()) : await remote.add(draft());
    setSaving(false);
    if (result && "refused" in result) setRefused(refusalText(result.refused, commonT));
    else if (result) onDone();
  };

  const errorOf = (field: DraftField): string | undefined => {
    const problem = problems[field];
    if (problem) return t(problem);
    return refused?.field === field ? t("form.refused", { reason: refused.text }) : undefined;
  };
  const otherRefusal = refused && !["name", "address", "apiKey", "kind"].includes(refused.field) ? refused.text : null;
  const title = server ? t("form.editTitle", { name: server.name }) : t("form.addTitle");

  return (
    <form className="card remote-form" aria-label={title} noValidate onSubmit={(event) => void submit(event)}>
      <h4 className="remote-form__title">{title}</h4>
      <Field id={`${id}-name`} label={t("form.name")} hint={t("form.nameHint")} error={errorOf("name")}>
        {(describedBy) => (
          <input
            ref={nameRef}
            id={`${id}-name`}
            className="setting-input setting-input--wide"
            value={name}
            maxLength={100}
            aria-describedby={describedBy}
            aria-invalid={errorOf("name") !== undefined}
            onChange={(event) => setName(event.target.value)}
          />
        )}
      </Field>
      <Field id={`${id}-kind`} label={t("form.kind")} hint={t(`kind.${kind}Hint`)} error={refused?.field === "kind" ? refused.text : undefined}>
        {(describedBy) => (
          <select id={`${id}-kind`} className="setting-input setting-input--select" value={kind} aria-describedby={describedBy} onChange={(event) => setKind(event.target.value as RemoteServerKind)}>
            {kinds.map((value) => (
              <option key={value} value={value}>
                {t(`kind.${value}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={`${id}-address`} label={t("form.address")} hint={t(`form.addressHint.${kind}`)} error={errorOf("address")}>
        {(describedBy) => (
          <input
            id={`${id}-address`}
            className="setting-input setting-input--wide"
            type="url"
            inputMode="url"
            spellCheck={false}
            autoComplete="off"
            value={address}
            maxLength={2000}
            aria-describedby={describedBy}
            aria-invalid={errorOf("address") !== undefined}
            onChange={(event) => setAddress(event.target.value)}
          />
        )}
      </Field>
      {isPlainHttp(address) && <PlainHttpNote />}
      <Field
        id={`${id}-key`}
        label={t("form.key")}
        hint={server?.hasKey ? t("form.keySavedHint") : t("form.keyHint")}
        error={errorOf("apiKey")}
      >
        {(describedBy) => (
          <input
            id={`${id}-key`}
            className="setting-input setting-input--wide"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={apiKey}
            maxLength={1000}
            placeholder={server?.hasKey ? t("form.keySavedPlaceholder") : t("form.keyPlaceholder")}
            aria-describedby={describedBy}
            aria-invalid={errorOf("apiKey") !== undefined}
            onChange={(event) => setApiKey(event.target.value)}
          />
        )}
      </Field>
      {server?.hasKey && (
        <label className="remote-form__check">
          <input type="checkbox" checked={forgetKey} disabled={apiKey.trim() !== ""} onChange={(event) => setForgetKey(event.target.checked)} />
          {t("form.forgetKey")}
        </label>
      )}
      {otherRefusal && <p className="remote-form__error" role="alert">{t("form.refused", { reason: otherRefusal })}</p>}
      <div className="remote-form__actions">
        <button type="submit" className="button button--primary" disabled={saving}>
          {server ? t("form.save") : t("form.add")}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {t("form.cancel")}
        </button>
      </div>
    </form>
  );
}
