import type { GgufProblemFacts, GgufProblemReason } from "../../common/contract/errors.ts";

export type GgufProblemDetails = GgufProblemFacts;

/**
 * What is wrong with a GGUF file, as a stable reason plus the facts that make it specific. Plain data (no zod, no
 * AppError) so the inspection worker can send it as is; the library and the engine turn it into a MODEL_INVALID
 * AppError with `details.reason` (see contract/error-details.ts).
 */
export class GgufProblem extends Error {
  override name = "GgufProblem";
  readonly details: GgufProblemDetails;
  constructor(
    readonly reason: GgufProblemReason,
    message: string,
    details: GgufProblemDetails = {},
  ) {
    super(printable(message, 600));
    this.details = Object.fromEntries(Object.entries(details).map(([name, value]) => [name, typeof value === "string" ? printable(value, 120) : value])) as GgufProblemFacts;
  }
}

/**
 * Keys, tensor names and architectures come from the file: a hostile one is megabytes of binary. What reaches a
 * message is printable ASCII (real keys and names are) and short.
 */
export function printable(text: string, maxLength: number): string {
  const clean = text.replace(/[^\x20-\x7e]/g, "?");
  return clean.length > maxLength ? `${clean.slice(0, maxLength - 1)}…` : clean;
}

/** Where in the file the reader is; the ids are stable (the UI words them), the names are main's English. */
export const ggufSections: Record<GgufSection, string> = { signature: "file signature", header: "header", metadata: "metadata", "tensor-list": "tensor list", "tensor-data": "tensor data" };
export type GgufSection = NonNullable<GgufProblemFacts["section"]>;

export function fileEndsEarly(section: GgufSection, fileSize: number, neededBytes: number): GgufProblem {
  return new GgufProblem("truncated", `The file ends early, in the ${ggufSections[section]}: it has ${fileSize} bytes, the ${ggufSections[section]} needs at least ${neededBytes}.`, {
    section,
    fileSize,
    neededBytes,
  });
}

/** What a count counts; `subject` is the key or tensor it belongs to, when there is one. */
export type GgufCounted = NonNullable<GgufProblemFacts["count"]>;

const countedNames: Record<GgufCounted, (subject: string) => string> = {
  "metadata-entries": () => "metadata entries",
  tensors: () => "tensors",
  "array-elements": (subject) => `elements in the array ${subject}`,
  "string-bytes": (subject) => `bytes in the string ${subject}`,
  dimensions: (subject) => `dimensions in the tensor ${subject}`,
};

export function impossibleCount(count: GgufCounted, subject: string, value: bigint | number, limit: number): GgufProblem {
  return new GgufProblem("impossible-count", `The header claims ${value} ${countedNames[count](subject)}; no real model has more than ${limit}.`, {
    count,
    subject,
    value: value.toString(),
    limit,
  });
}
