import type { TFunction } from "i18next";
import { isGgufProblemReason, type WireError } from "../../../electron/common/contract/errors.ts";

function text(value: unknown): string {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : "";
}

/**
 * A refused GGUF file (MODEL_INVALID with a `details.reason` from contract/errors.ts), in the UI's language, from
 * import, the library and the engine alike; undefined for any other error.
 */
export function ggufProblemText(error: WireError, t: TFunction, formatBytes: (bytes: number) => string): string | undefined {
  const details = error.details ?? {};
  const reason = details["reason"];
  if (error.code !== "MODEL_INVALID" || !isGgufProblemReason(reason)) return undefined;
  const ns = { ns: "gguf" } as const;
  const file = text(details["path"]).split(/[\\/]/).pop() || "";
  const bytes = (name: string) => (typeof details[name] === "number" ? formatBytes(details[name]) : text(details[name]));
  const params = {
    ...ns,
    file,
    version: text(details["version"]),
    value: text(details["value"]),
    limit: reason === "header-too-large" ? bytes("limitBytes") : text(details["limit"]),
    counted: t(`count.${text(details["count"])}`, { ...ns, subject: text(details["subject"]) }),
    section: t(`section.${text(details["section"])}`, ns),
    fileSize: text(details["fileSize"]),
    neededBytes: text(details["neededBytes"]),
    key: text(details["key"]),
    found: text(details["found"]),
    tensor: text(details["tensor"]),
    tensorProblem: t(`tensor.${text(details["problem"])}`, ns),
    architecture: text(details["architecture"]),
    seconds: text(details["seconds"]),
    cause: text(details["cause"]),
  };
  const key = reason === "unsupported-version" && details["bigEndian"] === true ? "problem.unsupported-version-big-endian" : `problem.${reason}`;
  return t(key, params);
}
