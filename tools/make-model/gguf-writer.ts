/** Streaming GGUF v3 writer (little-endian): header and metadata first, then each tensor's data chunk by chunk. */
import { open, rename, rm } from "node:fs/promises";
import { GGML_TYPE_ID, tensorByteLength, type TensorType } from "./quantize.ts";

const GGUF_MAGIC = 0x46554747; // "GGUF" read as a little-endian uint32
const GGUF_VERSION = 3;
export const GGUF_ALIGNMENT = 32;

/** `enum gguf_type` values from gguf.h. */
const VALUE_TYPE = {
    uint32: 4,
    int32: 5,
    float32: 6,
    bool: 7,
    string: 8,
    array: 9
} as const;

export type GgufValue =
    | { readonly type: "uint32"; readonly value: number }
    | { readonly type: "int32"; readonly value: number }
    | { readonly type: "float32"; readonly value: number }
    | { readonly type: "bool"; readonly value: boolean }
    | { readonly type: "string"; readonly value: string }
    | { readonly type: "stringArray"; readonly value: readonly string[] }
    | { readonly type: "float32Array"; readonly value: ArrayLike<number> }
    | { readonly type: "int32Array"; readonly value: ArrayLike<number> };

export type GgufMetadata = ReadonlyArray<readonly [key: string, value: GgufValue]>;

export interface GgufTensor {
    readonly name: string;
    /** ggml order: dims[0] is the contiguous (row) length. */
    readonly dims: readonly number[];
    readonly type: TensorType;
    /** Yields the encoded tensor data; the chunks must add up to exactly the tensor's byte length. */
    readonly chunks: () => Iterable<Uint8Array>;
}

export function tensorElementCount(tensor: Pick<GgufTensor, "dims">): number {
    return tensor.dims.reduce((product, dim) => product * dim, 1);
}

/** The size `writeGgufFile` gives this file, without producing any tensor data. */
export function ggufFileSize(metadata: GgufMetadata, tensors: readonly GgufTensor[]): number {
    const tensorSizes = tensors.map((tensor) => tensorByteLength(tensor.type, tensorElementCount(tensor)));
    const data = tensorSizes.reduce((total, size) => total + size + paddingFor(size), 0);
    return encodeHeader(metadata, tensors, tensorSizes).length + data;
}

/** Writes `path` atomically (via a temporary sibling file) and returns the file size in bytes. */
export async function writeGgufFile(path: string, metadata: GgufMetadata, tensors: readonly GgufTensor[]): Promise<number> {
    const temporaryPath = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.part`;
    const file = await open(temporaryPath, "w");
    try {
        const tensorSizes = tensors.map((tensor) => tensorByteLength(tensor.type, tensorElementCount(tensor)));
        const header = encodeHeader(metadata, tensors, tensorSizes);
        let position = 0;
        const write = async (bytes: Uint8Array): Promise<void> => {
            await file.write(bytes, 0, bytes.length, position);
            position += bytes.length;
        };

        await write(header);
        for (const [index, tensor] of tensors.entries()) {
            const expectedBytes = tensorSizes[index] ?? 0;
            const start = position;
            let pendingWrite: Promise<void> = Promise.resolve();
            for (const chunk of tensor.chunks()) {
                // Produce the next chunk while the previous one is being written.
                await pendingWrite;
                pendingWrite = write(chunk);
            }
            await pendingWrite;
            if (position - start !== expectedBytes)
                throw new Error(`Tensor ${tensor.name} produced ${position - start} bytes, expected ${expectedBytes}`);
            await write(new Uint8Array(paddingFor(position)));
        }
        await file.close();
        await rename(temporaryPath, path);
        return position;
    } catch (error) {
        await file.close().catch(() => undefined);
        await rm(temporaryPath, { force: true });
        throw error;
    }
}

function encodeHeader(metadata: GgufMetadata, tensors: readonly GgufTensor[], tensorSizes: readonly number[]): Uint8Array {
    const out = new ByteWriter();
    out.uint32(GGUF_MAGIC);
    out.uint32(GGUF_VERSION);
    out.uint64(tensors.length);
    out.uint64(metadata.length);
    for (const [key, value] of metadata) {
        out.string(key);
        encodeValue(out, value);
    }

    let dataOffset = 0;
    for (const [index, tensor] of tensors.entries()) {
        out.string(tensor.name);
        out.uint32(tensor.dims.length);
        for (const dim of tensor.dims)
            out.uint64(dim);
        out.uint32(GGML_TYPE_ID[tensor.type]);
        out.uint64(dataOffset);
        const size = tensorSizes[index] ?? 0;
        dataOffset += size + paddingFor(size);
    }
    out.zeros(paddingFor(out.length));
    return out.bytes();
}

function encodeValue(out: ByteWriter, entry: GgufValue): void {
    switch (entry.type) {
        case "uint32":
            out.uint32(VALUE_TYPE.uint32);
            return out.uint32(entry.value);
        case "int32":
            out.uint32(VALUE_TYPE.int32);
            return out.int32(entry.value);
        case "float32":
            out.uint32(VALUE_TYPE.float32);
            return out.float32(entry.value);
        case "bool":
            out.uint32(VALUE_TYPE.bool);
            return out.uint8(entry.value ? 1 : 0);
        case "string":
            out.uint32(VALUE_TYPE.string);
            return out.string(entry.value);
        case "stringArray":
            out.arrayHeader(VALUE_TYPE.string, entry.value.length);
            for (const item of entry.value)
                out.string(item);
            return;
        case "float32Array":
            out.arrayHeader(VALUE_TYPE.float32, entry.value.length);
            for (let i = 0; i < entry.value.length; i++)
                out.float32(entry.value[i] ?? 0);
            return;
        case "int32Array":
            out.arrayHeader(VALUE_TYPE.int32, entry.value.length);
            for (let i = 0; i < entry.value.length; i++)
                out.int32(entry.value[i] ?? 0);
            return;
    }
}

function paddingFor(length: number): number {
    return (GGUF_ALIGNMENT - (length % GGUF_ALIGNMENT)) % GGUF_ALIGNMENT;
}

/** Growable little-endian byte buffer. */
class ByteWriter {
    private buffer = new Uint8Array(1 << 16);
    private view = new DataView(this.buffer.buffer);
    length = 0;

    uint8(value: number): void {
        this.reserve(1).setUint8(this.length++, value);
    }

    uint32(value: number): void {
        this.reserve(4).setUint32(this.length, value, true);
        this.length += 4;
    }

    int32(value: number): void {
        this.reserve(4).setInt32(this.length, value, true);
        this.length += 4;
    }

    float32(value: number): void {
        this.reserve(4).setFloat32(this.length, value, true);
        this.length += 4;
    }

    uint64(value: number): void {
        this.reserve(8).setBigUint64(this.length, BigInt(value), true);
        this.length += 8;
    }

    string(value: string): void {
        const encoded = textEncoder.encode(value);
        this.uint64(encoded.length);
        this.reserve(encoded.length);
        this.buffer.set(encoded, this.length);
        this.length += encoded.length;
    }

    arrayHeader(elementType: number, count: number): void {
        this.uint32(VALUE_TYPE.array);
        this.uint32(elementType);
        this.uint64(count);
    }

    zeros(count: number): void {
        this.reserve(count);
        this.buffer.fill(0, this.length, this.length + count);
        this.length += count;
    }

    bytes(): Uint8Array {
        return this.buffer.subarray(0, this.length);
    }

    private reserve(count: number): DataView {
        if (this.length + count > this.buffer.length) {
            let capacity = this.buffer.length * 2;
            while (capacity < this.length + count)
                capacity *= 2;
            const grown = new Uint8Array(capacity);
            grown.set(this.buffer.subarray(0, this.length));
            this.buffer = grown;
            this.view = new DataView(grown.buffer);
        }
        return this.view;
    }
}

const textEncoder = new TextEncoder();
