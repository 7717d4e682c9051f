/** Gemma-style SentencePiece vocabulary ("llama" tokenizer model in GGUF terms) and the Gemma 2 chat template. */
import { generatePseudoWordPieces, listEnglishWordPieces, PUNCTUATION_PIECES } from "./english-pieces.ts";

/** `enum llama_token_type` values as stored in tokenizer.ggml.token_type. */
export const TOKEN_TYPE = {
    normal: 1,
    unknown: 2,
    control: 3,
    byte: 6
} as const;

export const SPECIAL_TOKEN_IDS = {
    padding: 0,
    eos: 1,
    bos: 2,
    unknown: 3,
    startOfTurn: 4,
    endOfTurn: 5
} as const;

const SPECIAL_TOKENS: ReadonlyArray<readonly [piece: string, type: number]> = [
    ["<pad>", TOKEN_TYPE.control],
    ["<eos>", TOKEN_TYPE.control],
    ["<bos>", TOKEN_TYPE.control],
    ["<unk>", TOKEN_TYPE.unknown],
    ["<start_of_turn>", TOKEN_TYPE.control],
    ["<end_of_turn>", TOKEN_TYPE.control]
];

const BYTE_TOKEN_COUNT = 256;
export const FIRST_NORMAL_TOKEN_ID = SPECIAL_TOKENS.length + BYTE_TOKEN_COUNT;

/** google/gemma-2-2b-it's tokenizer_config.json chat_template. */
export const GEMMA2_CHAT_TEMPLATE =
    "{{ bos_token }}{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}" +
    "{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}" +
    "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}" +
    "{% if (message['role'] == 'assistant') %}{% set role = 'model' %}{% else %}{% set role = message['role'] %}{% endif %}" +
    "{{ '<start_of_turn>' + role + '\n' + message['content'] | trim + '<end_of_turn>\n' }}{% endfor %}" +
    "{% if add_generation_prompt %}{{'<start_of_turn>model\n'}}{% endif %}";

export interface Vocabulary {
    readonly tokens: readonly string[];
    readonly scores: Float32Array;
    readonly tokenTypes: Int32Array;
}

/**
 * Layout: special tokens, the 256 byte-fallback tokens `<0x00>`..`<0xFF>`, then normal pieces. Every normal piece's
 * prefixes are included before it, so llama.cpp's SentencePiece merges (which only join adjacent pieces that are
 * themselves in the vocabulary) can actually reach whole words.
 */
export function buildVocabulary(size: number): Vocabulary {
    const minimumSize = FIRST_NORMAL_TOKEN_ID + basicPieces().length;
    if (!Number.isInteger(size) || size < minimumSize)
        throw new Error(`Vocabulary size must be an integer of at least ${minimumSize}, got ${size}`);

    const tokens: string[] = SPECIAL_TOKENS.map(([piece]) => piece);
    const tokenTypes = new Int32Array(size);
    SPECIAL_TOKENS.forEach(([, type], id) => (tokenTypes[id] = type));
    for (let byte = 0; byte < BYTE_TOKEN_COUNT; byte++) {
        tokenTypes[tokens.length] = TOKEN_TYPE.byte;
        tokens.push(`<0x${byte.toString(16).toUpperCase().padStart(2, "0")}>`);
    }

    const normalPieces = new Set(basicPieces());
    for (const word of listEnglishWordPieces()) {
        const missingChain = prefixChain(word).filter((prefix) => !normalPieces.has(prefix));
        if (normalPieces.size + missingChain.length > size - FIRST_NORMAL_TOKEN_ID)
            continue;
        for (const prefix of missingChain)
            normalPieces.add(prefix);
    }
    const pseudoWords = generatePseudoWordPieces();
    while (normalPieces.size < size - FIRST_NORMAL_TOKEN_ID) {
        const next = pseudoWords.next();
        if (next.done !== true)
            normalPieces.add(next.value);
    }

    const scores = new Float32Array(size);
    for (const piece of normalPieces) {
        // SentencePiece scores are log-probabilities; earlier (more common) pieces win merges.
        scores[tokens.length] = -(tokens.length - FIRST_NORMAL_TOKEN_ID);
        tokenTypes[tokens.length] = TOKEN_TYPE.normal;
        tokens.push(piece);
    }
    return { tokens, scores, tokenTypes };
}

function basicPieces(): string[] {
    const lowercase = [..."abcdefghijklmnopqrstuvwxyz"];
    const uppercase = lowercase.map((letter) => letter.toUpperCase());
    const digits = [..."0123456789"];
    return [
        "\n", "\n\n", "▁",
        ...PUNCTUATION_PIECES,
        ...lowercase, ...uppercase, ...digits,
        ...lowercase.map((letter) => `▁${letter}`),
        ...uppercase.map((letter) => `▁${letter}`)
    ];
}

/** "▁the" -> ["▁t", "▁th", "▁the"]; single characters are covered by the basic pieces. */
function prefixChain(piece: string): string[] {
    const characters = [...piece];
    const chain: string[] = [];
    for (let length = 2; length <= characters.length; length++)
        chain.push(characters.slice(0, length).join(""));
    return chain;
}
