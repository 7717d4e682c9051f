import path from "node:path";
import { z } from "zod";
import { languageSchema, type Settings } from "../../../common/contract/app/settings.ts";
import { readContainedFile } from "./contained-files.ts";
import { acquireDataFolderLock, type DataFolderLock, type LockHolder } from "./data-folder-lock.ts";

type Language = Settings["appearance"]["language"];

/** What the desktop app shows instead of itself while another Edge Gemma holds its data folder. */
export interface BusyScreenText {
  title: string;
  message: string;
  detail: string;
  tryAgain: string;
  quit: string;
}

const since = (holder: LockHolder, language: Language) =>
  new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short" }).format(new Date(holder.startedAt));

/** The sentence naming who holds the folder and how to reach or stop it, in the person's language. */
export function holderSentence(holder: LockHolder, language: Language): string {
  const when = since(holder, language);
  const zh = language === "zh-CN";
  switch (holder.kind) {
    case "headless":
      return zh
        ? `Edge Gemma 已作为服务运行（headless，进程 ${holder.pid}，自 ${when} 起），正在使用此数据文件夹。${holder.url ? `请在 ${holder.url} 打开它，或停止它：` : "停止它："}systemctl --user stop edge-gemma`
        : `Edge Gemma is already running as a service (headless, pid ${holder.pid}, since ${when}) and using this data folder. ${holder.url ? `Open it at ${holder.url}, or stop it:` : "Stop it:"} systemctl --user stop edge-gemma`;
    case "serve":
      return zh
        ? `Edge Gemma 已作为开发服务器运行（npm run serve，进程 ${holder.pid}，自 ${when} 起），正在使用此数据文件夹。${holder.url ? `请在 ${holder.url} 打开它，或` : ""}在它的终端中按 Ctrl+C 停止它。`
        : `Edge Gemma is already running as a development server (npm run serve, pid ${holder.pid}, since ${when}) and using this data folder. ${holder.url ? `Open it at ${holder.url}, or stop` : "Stop"} it with Ctrl+C in its terminal.`;
    case "desktop":
      return zh
        ? `Edge Gemma 桌面应用（进程 ${holder.pid}，自 ${when} 起）正在使用此数据文件夹。请先关闭它。`
        : `The Edge Gemma desktop app (pid ${holder.pid}, since ${when}) is using this data folder. Close it first.`;
  }
}

export function busyScreenText(holder: LockHolder, dataDir: string, language: Language): BusyScreenText {
  const zh = language === "zh-CN";
  return {
    title: "Edge Gemma",
    message: holderSentence(holder, language),
    detail: zh ? `数据文件夹：${dataDir}` : `Data folder: ${dataDir}`,
    tryAgain: zh ? "重试" : "Try again",
    quit: zh ? "退出" : "Quit",
  };
}

/** The lock could not be read safely (a link, not a file): the screen says so instead of guessing who holds it. */
export function refusedScreenText(message: string, language: Language): BusyScreenText {
  const zh = language === "zh-CN";
  return {
    title: "Edge Gemma",
    message: zh ? "Edge Gemma 无法锁定它的数据文件夹。" : "Edge Gemma could not lock its data folder.",
    detail: message,
    tryAgain: zh ? "重试" : "Try again",
    quit: zh ? "退出" : "Quit",
  };
}

const storedLanguage = z.object({ appearance: z.object({ language: languageSchema }) });

/** The language chosen in Settings, read without starting the app (another Edge Gemma owns the folder); else the system's. */
export async function screenLanguage(dataDir: string, systemLanguages: readonly string[]): Promise<Language> {
  const read = await readContainedFile(path.join(dataDir, "settings.json"), 1024 * 1024);
  if (read.ok) {
    try {
      const parsed = storedLanguage.safeParse(JSON.parse(read.bytes.toString("utf8")));
      if (parsed.success) return parsed.data.appearance.language;
    } catch {
      // Unreadable settings: the system's language below.
    }
  }
  return systemLanguages[0]?.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

/** For `edge-gemma --headless` and `npm run serve`: what they print before they exit with `dataFolderBusyExitCode`. */
export function busyConsoleText(holder: LockHolder, dataDir: string): string {
  const other = holder.kind === "desktop" ? "Close it, or start this one with another folder: --data-dir DIR." : "Or start this one with another folder: --data-dir DIR.";
  return `${holderSentence(holder, "en")}\n${other}\nData folder: ${dataDir}`;
}

// sysexits.h: EX_TEMPFAIL (75), "temp failure; user is invited to retry". The systemd unit lists it in
// RestartPreventExitStatus= so a folder held by the desktop app does not restart the service every 5 seconds.
export const dataFolderBusyExitCode = 75;

/** `edge-gemma --headless` and `npm run serve` start only with the folder to themselves; otherwise they say why and exit. */
export async function lockDataFolderOrExit(dataDir: string, kind: "headless" | "serve"): Promise<DataFolderLock> {
  const attempt = await acquireDataFolderLock(dataDir, kind);
  if (attempt.ok) {
    attempt.lock.releaseOnSignals();
    return attempt.lock;
  }
  console.error(attempt.reason === "held" ? busyConsoleText(attempt.holder, dataDir) : `Edge Gemma could not lock its data folder. ${attempt.message}`);
  process.exit(dataFolderBusyExitCode);
}
