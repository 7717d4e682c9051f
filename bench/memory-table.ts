/** The memory rows of the README's performance table (issue #18 item 4), from the report's `memory` section. Pure. */

/** Issue #18 item 4: on the published layout, engine peak beyond model + KV cache ≤ 500 MiB, the whole app ≤ 900 MiB. */
export const engineBeyondTargetMb = 500;
export const appBeyondTargetMb = 900;

interface MemorySection {
  engineAccount?: Record<string, number | null>;
  engineBeyondModelAndKvMb?: number | null;
  wholeApp?: Record<string, number | null> | { skipped: string };
}

const mb = (value: number | null | undefined): string => (value === null || value === undefined || !Number.isFinite(value) ? "—" : value.toFixed(0));
const within = (value: number | null | undefined, target: number): string =>
  value === null || value === undefined || !Number.isFinite(value) ? `≤ ${target}: not measured` : `≤ ${target} ${value <= target ? "✅" : "❌"}`;

export function memoryTableRows(memory: Record<string, unknown>): string[] {
  const { engineAccount: account, engineBeyondModelAndKvMb, wholeApp } = memory as MemorySection;
  const rows: string[] = [];
  if (account) {
    rows.push(
      `| Engine peak, accounted (MiB): weights plain · repacked · KV cache · compute buffer · logits · runtime (Node, V8, addon, allocator) | | ` +
        `${mb((account["weightsMb"] ?? Number.NaN) - (account["repackedWeightsMb"] ?? Number.NaN))} · ${mb(account["repackedWeightsMb"])} · ${mb(account["kvCacheMb"])} · ${mb(account["computeMb"])} · ${mb(account["outputMb"])} · ${mb(account["runtimeMb"])} | ` +
        `beyond model file + KV cache: ${mb(engineBeyondModelAndKvMb)} | ${within(engineBeyondModelAndKvMb, engineBeyondTargetMb)} |`,
    );
  }
  if (wholeApp && !("skipped" in wholeApp)) {
    rows.push(
      `| Whole app peak (MiB): engine + main side + a Chromium renderer process (the browser host's) | | ${mb(wholeApp["engineMb"])} + ${mb(wholeApp["mainMb"])} + ${mb(wholeApp["rendererMb"])} = ${mb(wholeApp["totalMb"])} | ` +
        `beyond model file + KV cache: ${mb(wholeApp["beyondModelAndKvMb"])} | ${within(wholeApp["beyondModelAndKvMb"], appBeyondTargetMb)} |`,
    );
  } else if (wholeApp && "skipped" in wholeApp) {
    rows.push(`| Whole app peak (MiB) | | not measured: ${wholeApp.skipped} | | |`);
  }
  return rows;
}
