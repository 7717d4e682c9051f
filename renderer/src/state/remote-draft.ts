import { checkRemoteAddress, type RemoteAddressProblem } from "../../../electron/common/remote-address.ts";
import type { RemoteServerDraft } from "./remote-actions.ts";

export type DraftField = "name" | "address" | "apiKey";
/** Keys of the "remote" namespace ("form.problem.*"), by field. */
export type DraftProblems = Partial<Record<DraftField, string>>;

const addressProblemKeys: Record<RemoteAddressProblem, string> = {
  "not-url": "form.problem.notUrl",
  scheme: "form.problem.scheme",
  credentials: "form.problem.credentials",
  query: "form.problem.query",
};

/**
 * The form's own checks, so a mistake is named before anything is sent: main's address rule (common/remote-address.ts)
 * and the contract's for a key (printable ASCII, as an `Authorization` header carries it); main checks again and its
 * refusal is shown beside the field it names.
 */
export function draftProblems(draft: RemoteServerDraft): DraftProblems {
  const problems: DraftProblems = {};
  if (draft.name.trim() === "") problems.name = "form.problem.nameMissing";
  if (draft.address.trim() === "") problems.address = "form.problem.addressMissing";
  else {
    const { problem } = checkRemoteAddress(draft.address);
    if (problem) problems.address = addressProblemKeys[problem];
  }
  if (typeof draft.apiKey === "string" && !/^[\x21-\x7e]+$/.test(draft.apiKey.trim())) problems.apiKey = "form.problem.key";
  return problems;
}

/** Plain HTTP: what is sent, the key included, crosses the network readable. */
export function isPlainHttp(address: string): boolean {
  return /^\s*http:\/\//i.test(address);
}
