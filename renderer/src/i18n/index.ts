/// <reference types="vite/client" />
import i18next, { type i18n } from "i18next";
import { initReactI18next } from "react-i18next";

export { useTranslation } from "react-i18next";

export const languages = ["en", "zh-CN"] as const;
export type Language = (typeof languages)[number];

type Namespace = Record<string, string>;
export type Resources = Record<Language, Record<string, Namespace>>;

/**
 * Every `locales/<lang>/<namespace>.json`, bundled: adding a file adds a namespace (the Library's
 * `library.json` registers itself). Keys are flat ("status.loading"), `{{var}}` placeholders, plurals
 * as `key_one` / `key_other` (Chinese has only `key_other`).
 */
function collectResources(): Resources {
  const modules = import.meta.glob<{ default: Namespace }>("./locales/*/*.json", { eager: true });
  const resources: Resources = { en: {}, "zh-CN": {} };
  for (const [path, module] of Object.entries(modules)) {
    const match = /\.\/locales\/([^/]+)\/([^/]+)\.json$/.exec(path);
    const language = match?.[1] as Language | undefined;
    const namespace = match?.[2];
    if (!language || !namespace || !(language in resources)) continue;
    resources[language][namespace] = module.default;
  }
  return resources;
}

export const resources: Resources = collectResources();
const namespaces = [...new Set(Object.values(resources).flatMap((byNamespace) => Object.keys(byNamespace)))];

const instance: i18n = i18next.createInstance();
instance.use(initReactI18next).init({
  resources,
  lng: "en",
  fallbackLng: "en",
  supportedLngs: [...languages],
  ns: namespaces,
  defaultNS: "common",
  // Synchronous: the resources are bundled, so the first render already has its text.
  initAsync: false,
  // React escapes text itself.
  interpolation: { escapeValue: false },
  returnNull: false,
  showSupportNotice: false,
});

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (languages as readonly string[]).includes(value);
}

/**
 * Sets the UI language (synchronously; every `useTranslation` re-renders) and `<html lang>`.
 * Safe to call again: the one instance just switches language.
 */
export function initI18n(language: Language): i18n {
  if (instance.language !== language) void instance.changeLanguage(language);
  if (typeof document !== "undefined") document.documentElement.lang = language;
  return instance;
}

/** The app's i18next instance, for text outside React (e.g. an error built in main.tsx). */
export const i18nInstance: i18n = instance;
