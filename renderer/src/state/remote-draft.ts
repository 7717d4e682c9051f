import type { RemoteServerDraft } from "./remote-actions.ts";

export type DraftField = "name" | "address" | "apiKey";
/** Keys of the "remote" namespace ("form.problem.*"), by field. */
export type DraftProblems = Partial<Record<DraftField, string>>;

/**
 * The form's own checks, so a mistake is named before anything is sent. They follow main's rules for an address
 * (electron/node/remote/remote-url.ts, parseRemoteAddress: http(s) only, no credentials, query or fragment) and the
 * contract's for a key (printable ASCII, as an `Authorization` header carries it); main checks again and its refusal
 * is shown beside the field it names.
 */
export function draftProblems(draft: RemoteServerDraft): DraftProblems {
  const problems: DraftProblems = {};
  if (draft.name.trim() === "") problems.name = "form.problem.nameMissing";
  const address = draft.address.trim();
  if (address === "") problems.address = "form.problem.addressMissing";
  // "192.168.1.20:11434" is the usual slip: it names no scheme (a URL parser would read "192.168.1.20:" as one).
  else if (!/^[a-z][a-z\d+.-]*:\/\//i.test(address)) problems.address = "form.problem.scheme";
  else {
    let url: URL | undefined;
    try {
      url = new URL(address);
    } catch {
      problems.address = "form.problem.notUrl";
    }
    if (url && url.protocol !== "http:" && url.protocol !== "https:") problems.address = "form.problem.scheme";
    else if (url && (url.username !== "" || url.password !== "")) problems.address = "form.problem.credentials";
    else if (url && (url.search !== "" || url.hash !== "")) problems.address = "form.problem.query";
  }
  if (typeof draft.apiKey === "string" && !/^[\x21-\x7e]+$/.test(draft.apiKey.trim())) problems.apiKey = "form.problem.key";
  return problems;
}

/** Plain HTTP: what is sent, the key included, crosses the network readable. */
export function isPlainHttp(address: string): boolean {
  return /^\s*http:\/\//i.test(address);
}
