/**
 * The vocabulary, checked for what llama.cpp's SentencePiece tokenizer aborts the whole engine process on, or fails
 * the load on without saying why (`tokenizer.ggml.model` "llama" is LLAMA_VOCAB_TYPE_SPM, src/llama-vocab.cpp:1971,
 * the only tokenizer a Gemma 2 file may name: llama-read-keys.ts). Source: node-llama-cpp 3.22.1's llama bundle
 * (commit de3ff815) src/llama-vocab.cpp, and node-llama-cpp's addon, llama/addon/AddonModel.cpp:
 * - Two tokens with the same text: `llama_vocab::impl::load` maps each text to its id (`token_to_id[word] = i`, line
 *   2512; an empty text is read as "[EMPTY_<id>]", line 2509), then `GGML_ASSERT(id_to_token.size() ==
 *   token_to_id.size())` (line 2539) aborts the engine during the load, whatever was loaded before.
 * - A byte no token spells: SentencePiece writes a character that no token covers byte by byte (`resegment`, line
 *   193) with `llama_vocab::byte_to_token` (line 3996): the token "<0xHH>", upper-case hex (line 4002), or else the
 *   byte alone as a token, `token_to_id.at(...)` (line 4009), which throws std::out_of_range when neither exists.
 *   `AddonModel::Tokenize` (AddonModel.cpp:618, `common_tokenize`) does not catch it, so the engine aborts
 *   (std::terminate) at the first message with that byte: "ы" is D1 8B, so a vocabulary without "<0x8B>" loads and
 *   then crashes on a Russian message.
 * - A byte token (`tokenizer.ggml.token_type` 6, LLAMA_TOKEN_TYPE_BYTE, line 2533) is read by
 *   `llama_vocab::impl::token_to_byte` (line 3186) as `strtol(text.substr(3, 2), 16)` (lines 3193-3194): a text
 *   shorter than 3 bytes throws in `substr` while the load builds its piece cache (line 3054: the load fails with no
 *   reason given), and any text but "<0xHH>" stands for a byte it doesn't name ("<0x:B>" is byte 0).
 * - A `general.name` that contains "phi-3" or "phi3" (lower-cased, line 3099): llama.cpp then sets attributes of the
 *   tokens "</s>", "<unk>", "<s>" and "<|endoftext|>" (lines 3113-3122) through `token_to_id.at` (line 3085), which
 *   throws when one is missing: the load fails (llama_model_load catches it) without saying why. A Gemma vocabulary
 *   lacks some of them, so such a name is refused when one of the four tokens is missing.
 * The check keeps the reader's budgets (the arrays' bytes are kept once, in typed arrays, see gguf-header.ts) and is
 * linear: one hash table over the texts, each text hashed once.
 */
import type { GgufMetadataValue, GgufStrings } from "./gguf-header.ts";
import { GgufProblem } from "./gguf-problem.ts";

export const tokensKey = "tokenizer.ggml.tokens";
export const tokenTypesKey = "tokenizer.ggml.token_type";
/** The arrays whose contents the reader keeps for these checks (`readGgufHeader`'s `keepArrays`). */
export const vocabularyArrays: ReadonlySet<string> = new Set([tokensKey, tokenTypesKey]);

/** `enum llama_token_type` LLAMA_TOKEN_TYPE_BYTE (include/llama.h). */
const byteTokenType = 6;
const hexDigits = "0123456789ABCDEF";
const decoder = new TextDecoder("utf-8");

function isHexDigit(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66);
}

/** "<0x", two hex digits, ">": what `token_to_byte` reads a byte token as. */
function isByteTokenText(text: Uint8Array): boolean {
  return text.length === 6 && text[0] === 0x3c && text[1] === 0x30 && text[2] === 0x78 && isHexDigit(text[3]!) && isHexDigit(text[4]!) && text[5] === 0x3e;
}

/** FNV-1a, 32 bits, of `bytes[start, end)`: it only picks the slot; equal hashes are compared byte by byte. */
function hashOf(bytes: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let index = start; index < end; index++) hash = Math.imul(hash ^ bytes[index]!, 0x01000193);
  return hash >>> 0;
}

/**
 * The texts as llama.cpp keeps them: an empty one becomes "[EMPTY_<id>]" (line 2509). Real vocabularies have none, so
 * the kept bytes are used as they are; otherwise they are copied once with the substitutes in place.
 */
function llamaTexts(strings: GgufStrings): GgufStrings {
  const { bytes, ends } = strings;
  const empty: number[] = [];
  for (let id = 0, start = 0; id < ends.length; start = ends[id]!, id++) if (ends[id] === start) empty.push(id);
  if (empty.length === 0) return strings;
  const encoder = new TextEncoder();
  const substitutes = new Map(empty.map((id) => [id, encoder.encode(`[EMPTY_${id}]`)]));
  const extra = [...substitutes.values()].reduce((total, text) => total + text.length, 0);
  const copy = { bytes: new Uint8Array(bytes.length + extra), ends: new Uint32Array(ends.length) };
  for (let id = 0, start = 0, at = 0; id < ends.length; start = ends[id]!, id++) {
    const text = substitutes.get(id) ?? bytes.subarray(start, ends[id]);
    copy.bytes.set(text, at);
    at += text.length;
    copy.ends[id] = at;
  }
  return copy;
}

/**
 * llama.cpp's `token_to_id`: text → id, as an open-addressing table over the texts' bytes. Each slot holds id + 1 (0:
 * free, so the table needs no filling) and the text's hash side by side (one memory access per probe).
 */
class TokenIds {
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(private readonly texts: GgufStrings) {
    let size = 1024;
    while (size < texts.ends.length * 2) size *= 2;
    this.slots = new Int32Array(size * 2);
    this.mask = size - 1;
  }

  start(id: number): number {
    return id === 0 ? 0 : this.texts.ends[id - 1]!;
  }

  text(id: number): Uint8Array {
    return this.texts.bytes.subarray(this.start(id), this.texts.ends[id]);
  }

  /** Whether token `other`'s text is `bytes[start, end)`. */
  private is(other: number, bytes: Uint8Array, start: number, end: number): boolean {
    const otherStart = this.start(other);
    if (this.texts.ends[other]! - otherStart !== end - start) return false;
    const own = this.texts.bytes;
    for (let index = 0; index < end - start; index++) if (own[otherStart + index] !== bytes[start + index]) return false;
    return true;
  }

  /** The id of the token whose text is `bytes[start, end)`, or -1; with `add`, token `add` takes the free slot. */
  private find(bytes: Uint8Array, start: number, end: number, add?: number): number {
    const hash = hashOf(bytes, start, end) | 0;
    let slot = hash & this.mask;
    for (let other = this.slots[slot * 2]! - 1; other !== -1; other = this.slots[slot * 2]! - 1) {
      if (this.slots[slot * 2 + 1] === hash && this.is(other, bytes, start, end)) return other;
      slot = (slot + 1) & this.mask;
    }
    if (add !== undefined) {
      this.slots[slot * 2] = add + 1;
      this.slots[slot * 2 + 1] = hash;
    }
    return -1;
  }

  /** Adds token `id`; returns an earlier token with the same text, or -1. */
  add(id: number): number {
    return this.find(this.texts.bytes, this.start(id), this.texts.ends[id]!, id);
  }

  has(text: Uint8Array): boolean {
    return this.find(text, 0, text.length) !== -1;
  }
}

function shown(text: Uint8Array): string {
  return decoder.decode(text.subarray(0, 32));
}

function kept(metadata: Map<string, GgufMetadataValue>, key: string): GgufStrings | Uint8Array | undefined {
  const entry = metadata.get(key);
  if (!entry || !("elementType" in entry)) return undefined;
  if (!entry.contents) throw new Error(`${key} was read without its contents (readGgufHeader's keepArrays).`);
  return entry.contents;
}

/**
 * Refuses a vocabulary llama.cpp would abort on (see the top of this file). Runs after the arrays' types and lengths
 * are checked (llama-read-keys.ts): the tokens are strings, the token types int32 and at least one per token.
 */
export function checkVocabulary(metadata: Map<string, GgufMetadataValue>): void {
  const strings = kept(metadata, tokensKey);
  if (!strings || strings instanceof Uint8Array) return;
  const typeBytes = kept(metadata, tokenTypesKey);
  const types = typeBytes instanceof Uint8Array ? new DataView(typeBytes.buffer, typeBytes.byteOffset, typeBytes.byteLength) : undefined;
  const ids = new TokenIds(llamaTexts(strings));
  const count = strings.ends.length;
  for (let id = 0; id < count; id++) {
    if (types && types.getInt32(id * 4, true) === byteTokenType && !isByteTokenText(ids.text(id))) {
      const text = shown(ids.text(id));
      throw new GgufProblem(
        "invalid-value",
        `${tokensKey}[${id}] is "${text}": a byte token (token_type 6) must read <0xHH>, the byte in two hex digits; llama.cpp reads the byte from its 4th and 5th characters.`,
        { key: `${tokensKey}[${id}]`, value: text },
      );
    }
    const earlier = ids.add(id);
    if (earlier !== -1) {
      const text = shown(ids.text(id));
      throw new GgufProblem(
        "invalid-value",
        `${tokensKey}[${id}] is "${text}", the same text as token ${earlier}: llama.cpp stops the whole engine when two tokens have the same text.`,
        { key: `${tokensKey}[${id}]`, value: text },
      );
    }
  }
  const encoder = new TextEncoder();
  const name = metadata.get("general.name");
  const pre = metadata.get("tokenizer.ggml.pre");
  // The Jina branch comes first (lines 3104-3107), and std::tolower lower-cases ASCII only.
  const jina = pre && "value" in pre && typeof pre.value === "string" && /jina-v2-(de|es|code)/.test(pre.value);
  if (!jina && name && "value" in name && typeof name.value === "string" && /phi-?3/.test(name.value.replace(/[A-Z]/g, (letter) => letter.toLowerCase()))) {
    const missing = ["</s>", "<unk>", "<s>", "<|endoftext|>"].find((text) => !ids.has(encoder.encode(text)));
    if (missing)
      throw new GgufProblem(
        "invalid-value",
        `general.name is "${name.value.slice(0, 64)}": llama.cpp treats a model whose name has "phi3" or "phi-3" in it as Phi-3 and cannot load it without a token ${missing}, which this vocabulary lacks.`,
        { key: "general.name", value: name.value.slice(0, 64) },
      );
  }
  for (let byte = 0; byte < 256; byte++) {
    const name = `<0x${hexDigits[byte >> 4]}${hexDigits[byte & 15]}>`;
    if (!ids.has(encoder.encode(name)) && !ids.has(Uint8Array.of(byte)))
      throw new GgufProblem(
        "invalid-value",
        `${tokensKey} has no token ${name}, nor the byte on its own: llama.cpp stops the whole engine at the first message that needs the byte ${name.slice(1, 5)}.`,
        { key: tokensKey, value: `no ${name}` },
      );
  }
}
