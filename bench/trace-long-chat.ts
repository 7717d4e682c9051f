/**
 * `npx tsx bench/trace-long-chat.ts [RENDERER_DIR] [--no-trace]`: the bench's long-chat phases alone (the 5,000-message
 * chat with 100 KB code blocks, 4× CPU throttling), each with its figures and, unless --no-trace, the long
 * main-thread tasks of a Chromium trace and what they spent their time on. For finding causes, quicker than
 * `npm run bench -- --renderer-only`.
 */
import { measureLongChat } from "./renderer-long-chat.ts";
import { workload } from "./settings.ts";

const log = (line: string) => console.log(line);
const rendererDir = process.argv.slice(2).find((arg) => !arg.startsWith("--")) ?? "dist/renderer";
const trace = !process.argv.includes("--no-trace");
const work = workload(false);
const run = await measureLongChat(
  {
    rendererDir,
    cpuThrottle: work.rendererCpuThrottle,
    messages: work.longChatMessages,
    bigBlockEvery: work.longChatBigBlockEvery,
    bigBlockBytes: work.longChatBigBlockBytes,
    tokens: work.longChatTokens,
    intervalMs: work.rendererTokenIntervalMs,
    ...(trace && {
      onTrace: (phase, tasks) => {
        log(`  ${phase}: ${tasks.length} tasks over 50 ms`);
        for (const task of tasks.sort((a, b) => b.ms - a.ms).slice(0, 4))
          log(`    ${task.ms} ms: ${task.inside.map(([name, ms]) => `${name} ${ms}`).join(", ")}`);
      },
    }),
  },
  log,
);
const { open, wheelScroll, jumpScroll, scroll, stream } = run;
log(JSON.stringify({ open, wheelScroll, jumpScroll, scroll, stream }));
