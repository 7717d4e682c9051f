export { writeGemma2Model, isModelTensorType, MODEL_TENSOR_TYPES, DEFAULT_SEED } from "./gemma2-model.ts";
export type { ModelTensorType, WriteGemma2ModelOptions, WrittenModel } from "./gemma2-model.ts";
export { GEMMA2_SHAPES, isGemma2ShapeName, listGemma2Tensors } from "./gemma2-shapes.ts";
export type { Gemma2Shape, Gemma2ShapeName } from "./gemma2-shapes.ts";
export { ensureTestModel, DEFAULT_TEST_MODEL_DIR } from "./test-models.ts";
export { GEMMA2_CHAT_TEMPLATE, SPECIAL_TOKEN_IDS } from "./vocabulary.ts";
