/**
 * Where other programs keep models on this machine, as those programs themselves decide it.
 *
 * Ollama (github.com/ollama/ollama @ fb30760, read 2026-12-06):
 * - envconfig/config.go `Models()`: `$OLLAMA_MODELS`, else `$HOME/.ollama/models`;
 * - docs/faq.mdx "Where are models stored?": Linux (the system service from the install script, user `ollama` with
 *   home /usr/share/ollama, docs/linux.mdx) → `/usr/share/ollama/.ollama/models`.
 * Hugging Face (huggingface.co/docs/hub/local-cache, "Cache location"): `$HF_HUB_CACHE` (takes priority), else
 * `$HF_HOME/hub`, else `~/.cache/huggingface/hub`.
 */
import path from "node:path";

export interface StoreEnvironment {
  env: Readonly<Record<string, string | undefined>>;
  home: string;
}

const nonEmpty = (value: string | undefined): value is string => value !== undefined && value.trim() !== "";

/** Every Ollama models folder worth looking in, without duplicates (the user's own first). */
export function ollamaModelRoots({ env, home }: StoreEnvironment): string[] {
  const roots = [
    ...(nonEmpty(env["OLLAMA_MODELS"]) ? [env["OLLAMA_MODELS"]] : []),
    path.join(home, ".ollama", "models"),
    "/usr/share/ollama/.ollama/models",
  ];
  return [...new Set(roots.map((root) => path.resolve(root)))];
}

/** The Hugging Face hub cache folder huggingface_hub would use. */
export function huggingFaceCacheRoot({ env, home }: StoreEnvironment): string {
  if (nonEmpty(env["HF_HUB_CACHE"])) return path.resolve(env["HF_HUB_CACHE"]);
  if (nonEmpty(env["HF_HOME"])) return path.resolve(env["HF_HOME"], "hub");
  return path.join(home, ".cache", "huggingface", "hub");
}
