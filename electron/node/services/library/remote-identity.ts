/**
 * Which file a download is: the catalog's pinned SHA-256 and size, held against what the configured endpoint
 * announces (Hugging Face's resolve headers and tree API, or an Ollama manifest). Any disagreement stops the
 * download with a message naming who said what; nothing is ever adopted silently.
 */
import { AppError } from "../../../common/contract/errors.ts";

/** The exact file a catalog entry names (absent for a download the catalog does not pin). */
export interface PinnedFile {
  sha256: string;
  sizeBytes: number;
}

/** One source's claim about the file; null where it said nothing. */
export interface Announcement {
  /** For the message: "the catalog", "the resolve headers of huggingface.co", … */
  who: string;
  sha256: string | null;
  sizeBytes: number | null;
}

export interface FileIdentity {
  sha256: string;
  sizeBytes: number;
}

const short = (sha256: string) => `${sha256.slice(0, 12)}…`;

/** The reference claim: what the download must become (the catalog's pin, or what the download started with). */
const catalogWho = "the catalog";
const startedWho = "the file this download started with";

function changedUpstream(file: string, first: Announcement, second: Announcement, what: "SHA-256" | "size"): AppError {
  const value = (claim: Announcement) => (what === "SHA-256" ? short(claim.sha256 ?? "") : `${claim.sizeBytes} bytes`);
  const pinned = first.who === catalogWho || first.who === startedWho;
  const message = pinned
    ? `Download refused: ${file} changed upstream — ${second.who} announces ${what} ${value(second)}, but ${first.who} ` +
      `${first.who === catalogWho ? "pins" : "had"} ${value(first)}. Nothing was installed.`
    : `Download refused: the sources for ${file} disagree — ${first.who} says ${what} ${value(first)}, ${second.who} says ${value(second)}.`;
  return new AppError("UNAVAILABLE", message, {
    reason: pinned ? "upstream-changed" : "sources-disagree",
    field: what === "SHA-256" ? "sha256" : "size",
    firstSource: first.who,
    firstValue: (what === "SHA-256" ? first.sha256 : first.sizeBytes) ?? null,
    secondSource: second.who,
    secondValue: (what === "SHA-256" ? second.sha256 : second.sizeBytes) ?? null,
  });
}

/**
 * The file's identity when every source that spoke agrees (the pinned value first, so messages name it).
 * Throws when two disagree, or when nobody gave a SHA-256 or a size.
 */
export function agreeOnIdentity(file: string, pinned: PinnedFile | undefined, announcements: Announcement[]): FileIdentity {
  const claims: Announcement[] = [...(pinned ? [{ who: catalogWho, ...pinned }] : []), ...announcements];
  for (const [index, first] of claims.entries()) {
    for (const second of claims.slice(index + 1)) {
      if (first.sha256 !== null && second.sha256 !== null && first.sha256 !== second.sha256)
        throw changedUpstream(file, first, second, "SHA-256");
      if (first.sizeBytes !== null && second.sizeBytes !== null && first.sizeBytes !== second.sizeBytes)
        throw changedUpstream(file, first, second, "size");
    }
  }
  const sha256 = claims.find((claim) => claim.sha256 !== null)?.sha256 ?? null;
  const sizeBytes = claims.find((claim) => claim.sizeBytes !== null)?.sizeBytes ?? null;
  if (sha256 === null)
    throw new AppError("UNAVAILABLE", `${file} has no published SHA-256, so it can't be verified: download refused.`, { reason: "no-checksum" });
  if (sizeBytes === null || !Number.isSafeInteger(sizeBytes) || sizeBytes <= 0)
    throw new AppError("UNAVAILABLE", `The server did not say how big ${file} is: download refused.`, { reason: "no-size" });
  return { sha256, sizeBytes };
}

/** The error a transfer raises when the endpoint contradicts the expected file mid-way (never retried). */
export function upstreamChangedDuringTransfer(file: string, expected: FileIdentity & { pinned: boolean }, announced: Announcement): AppError {
  const reference = { who: expected.pinned ? catalogWho : startedWho, sha256: expected.sha256, sizeBytes: expected.sizeBytes };
  return changedUpstream(file, reference, announced, announced.sha256 !== null && announced.sha256 !== expected.sha256 ? "SHA-256" : "size");
}
