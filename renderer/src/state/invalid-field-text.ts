import type { TFunction } from "i18next";
import type { InvalidField } from "../../../electron/common/contract/errors.ts";

/** Why main refused a value (BAD_REQUEST details), in the UI's language: "must be at most 2". */
export function invalidFieldText(field: InvalidField, t: TFunction): string {
  const measure = field.measure === undefined || field.measure === "value" ? "" : `.${field.measure}`;
  switch (field.problem) {
    case "too-big":
      return t(`invalid.too-big${measure}`, { maximum: field.maximum });
    case "too-small":
      return t(`invalid.too-small${measure}`, { minimum: field.minimum });
    case "wrong-type":
      return t(field.expected === "number" ? "invalid.wrong-type.number" : "invalid.wrong-type");
    case "bad-format":
      return t(field.format === "url" || field.format === "regex" ? `invalid.bad-format.${field.format}` : "invalid.bad-format");
    case "not-allowed":
      return t("invalid.not-allowed", { allowed: (field.allowed ?? []).join(", ") });
    case "unknown-field":
      return t("invalid.unknown-field", { field: field.field });
    default:
      return t(`invalid.${field.problem}`);
  }
}
