import * as fs from "node:fs/promises";
import { writeFileAtomic, type AtomicWriteFs } from "../../../electron/node/services/storage/atomic-write.ts";

// Forked by atomic-write.test.ts: rewrites one file in a loop with the real atomic write until the test
// kills it. It reports `{started: n}` before each write and `{written: n}` after it. In "hold-before-rename"
// mode it also reports `{tempWritten: n}` once the temp file is written and synced, and waits there.
const [target, mode = "loop"] = process.argv.slice(2);
if (!target) throw new Error("usage: atomic-writer-child.ts <file> [loop|hold-before-rename]");
const payloadLength = 2_000_000;

const holdBeforeRename: AtomicWriteFs = {
  open: fs.open,
  unlink: fs.unlink,
  rename: async (from, to) => {
    process.send?.({ tempWritten: version });
    await new Promise<void>((resolve) => process.once("message", () => resolve()));
    return fs.rename(from, to);
  },
};

let version = 0;
for (;;) {
  version++;
  process.send?.({ started: version });
  const content = JSON.stringify({ version, payload: String(version % 10).repeat(payloadLength) });
  await writeFileAtomic(target, content, mode === "hold-before-rename" ? holdBeforeRename : undefined);
  process.send?.({ written: version });
}
