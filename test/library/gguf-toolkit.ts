/** The real node-llama-cpp as the services' GGUF toolkit; this assignment is what checks gguf-toolkit.ts against its API. */
import * as nodeLlamaCpp from "node-llama-cpp";
import type { GgufToolkit } from "../../electron/services/library/gguf-toolkit.ts";

export const gguf: GgufToolkit = nodeLlamaCpp;
