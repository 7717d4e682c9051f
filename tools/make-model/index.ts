export { writeGemma2Model, gemma2ModelLayout, isModelFileType, MODEL_FILE_TYPES, DEFAULT_SEED } from "./gemma2-model.ts";
export type { ModelFileType, WriteGemma2ModelOptions, WrittenModel } from "./gemma2-model.ts";
export { GEMMA2_SHAPES, isGemma2ShapeName, listGemma2Tensors } from "./gemma2-shapes.ts";
export type { Gemma2Shape, Gemma2ShapeName } from "./gemma2-shapes.ts";
export { ensureTestModel, DEFAULT_TEST_MODEL_DIR } from "./test-models.ts";
export { GEMMA2_CHAT_TEMPLATE, SPECIAL_TOKEN_IDS } from "./vocabulary.ts";
