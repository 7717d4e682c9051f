import { GgufFileType, GgufInsights, readGgufFileInfo } from "node-llama-cpp";

/**
 * node-llama-cpp's GGUF header reader and memory insights, for the model library in main. The reader is
 * plain JavaScript; the insights load node-llama-cpp's addon without any compute backend and never touch
 * model weights, so no inference code runs outside the engine process. This is the one engine-layer
 * module main and the browser host may import (see eslint.config.js).
 */
export const ggufToolkit = { readGgufFileInfo, GgufInsights, GgufFileType };
