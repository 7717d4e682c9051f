import type { TFunction } from "i18next";
import type { WireError } from "../../../electron/common/contract/errors.ts";

const text = (value: string | number | boolean | undefined): string => (value === undefined ? "" : String(value));

/**
 * A refused GGUF file (MODEL_INVALID with a `details.reason` from contract/error-details.ts), in the UI's language,
 * from import, the library and the engine alike; undefined for any other error.
 */
export function ggufProblemText(error: WireError, t: TFunction, formatBytes: (bytes: number) => string): string | undefined {
  if (error.code !== "MODEL_INVALID" || error.details === undefined || error.details.reason === "sha256-mismatch" || error.details.reason === "load-failed") return undefined;
  const details = error.details;
  const { reason } = details;
  const ns = { ns: "gguf" } as const;
  const file = text(details.path).split(/[\\/]/).pop() || "";
  const params = {
    ...ns,
    file,
    version: text(details.version),
    value: text(details.value),
    limit: reason === "header-too-large" && details.limitBytes !== undefined ? formatBytes(details.limitBytes) : text(details.limit),
    counted: t(`count.${text(details.count)}`, { ...ns, subject: text(details.subject) }),
    section: t(`section.${text(details.section)}`, ns),
    fileSize: text(details.fileSize),
    neededBytes: text(details.neededBytes),
    key: text(details.key),
    found: text(details.found),
    tensor: text(details.tensor),
    tensorProblem: t(`tensor.${text(details.problem)}`, ns),
    architecture: text(details.architecture),
    seconds: text(details.seconds),
    cause: text(details.cause),
  };
  const key = reason === "unsupported-version" && details.bigEndian === true ? "problem.unsupported-version-big-endian" : `problem.${reason}`;
  return t(key, params);
}
