/**
 * Every user-visible string of the renderer. Keys and `{{var}}` placeholders follow i18next's
 * conventions (plurals as `key_one` / `key_other`, chosen by `count`), so a later switch to i18next
 * with English + 简体中文 only has to hand this table over.
 */
export const en = {
  "app.title": "Edge Gemma",
  "nav.label": "Main",
  "nav.chat": "Chat",
  "nav.library": "Library",
  "nav.settings": "Settings",
  "sidebar.label": "Conversations",
  "sidebar.newChat": "New chat",
  "sidebar.empty": "No conversations yet.",
  "sidebar.untitled": "Untitled chat",
  "model.open": "Open GGUF file…",
  "chat.log": "Messages",
  "chat.emptyTitle": "Start a conversation",
  "chat.emptyNoModel": "Open a GGUF model file to begin. Everything runs on this device.",
  "chat.emptyReady": "Ask anything. Everything runs on this device.",
  "chat.loading": "Loading conversation…",
  "message.user": "You",
  "message.model": "Gemma",
  "message.copy": "Copy message",
  "message.stopped": "Stopped",
  "message.crashed": "Interrupted — engine crashed",
  "message.error": "Failed: {{message}}",
  "message.streaming": "Generating…",
  "code.copy": "Copy code",
  "copy.label": "Copy",
  "copy.done": "Copied",
  "composer.label": "Message",
  "composer.placeholder": "Message Gemma… (Enter to send, Shift+Enter for a new line)",
  "composer.placeholderNoModel": "Open a model to start chatting",
  "composer.send": "Send",
  "composer.stop": "Stop",
  "stats.tokens_one": "{{count}} token",
  "stats.tokens_other": "{{count}} tokens",
  "stats.rate": "{{rate}} tok/s",
  "stats.firstToken": "first token {{seconds}} s",
  "stats.separator": " · ",
  "status.label": "Engine status",
  "status.noModel": "No model loaded",
  "status.starting": "Starting engine…",
  "status.loading": "Loading model… {{percent}}%",
  "status.ready": "Ready · {{model}}",
  "status.generating": "Generating · {{model}}",
  "status.error": "Engine error: {{message}}",
  "status.exited": "Engine crashed: {{reason}}",
  "status.restart": "Restart",
  "status.details": "Details",
  "notice.dismiss": "Dismiss",
  "notice.disconnected": "Lost the connection to the app. Reload the page to reconnect.",
  "placeholder.library.title": "Model library",
  "placeholder.library.body": "Browsing and downloading Gemma models comes in a later version.",
  "placeholder.settings.title": "Settings",
  "placeholder.settings.body": "Theme, language and generation settings come in a later version.",
} as const;

type Table = typeof en;
type PluralBase<K> = K extends `${infer Base}_one` | `${infer Base}_other` ? Base : never;
type PlainKey<K> = K extends `${string}_one` | `${string}_other` ? never : K;
export type StringKey = PlainKey<keyof Table> | PluralBase<keyof Table>;
export type StringVars = Readonly<Record<string, string | number>>;

const table: Readonly<Record<string, string>> = en;
const plurals = new Intl.PluralRules("en");

/** Looks a string up and fills its `{{var}}` placeholders; a numeric `count` picks the plural form. */
export function t(key: StringKey, vars?: StringVars): string {
  const count = vars?.["count"];
  const pluralKey = typeof count === "number" ? `${key}_${plurals.select(count)}` : undefined;
  const template = (pluralKey && table[pluralKey]) ?? table[`${key}_other`] ?? table[key] ?? key;
  if (!vars) return template;
  return template.replace(/\{\{(\w+)\}\}/g, (match, name: string) => {
    const value = vars[name];
    return value === undefined ? match : String(value);
  });
}
