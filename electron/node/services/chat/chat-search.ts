import type { ChatSearchHit, Conversation } from "../../../common/contract/index.ts";

const snippetContext = 40;
const maxHits = 100;

/**
 * Case-insensitive substring search over titles and the text of the messages as shown (the selected
 * version of each answer). One hit per chat, newest chat first, with the text around the first match.
 */
export function searchConversations(conversations: Iterable<Conversation>, query: string): ChatSearchHit[] {
  const needle = fold(query.trim());
  if (needle === "") return [];
  const hits: ChatSearchHit[] = [];
  for (const conversation of conversations) {
    const hit = findIn(conversation, needle);
    if (hit) hits.push(hit);
  }
  return hits.sort((a, b) => b.updatedAt - a.updatedAt).slice(0, maxHits);
}

function findIn(conversation: Conversation, needle: string): ChatSearchHit | undefined {
  const { messages: _messages, ...summary } = conversation;
  const inTitle = fold(conversation.title).indexOf(needle);
  for (const message of conversation.messages) {
    const at = fold(message.text).indexOf(needle);
    if (at !== -1) return { ...summary, snippet: snippet(message.text, at, needle.length), messageId: message.id };
  }
  if (inTitle !== -1) return { ...summary, snippet: conversation.title, messageId: null };
  return undefined;
}

/** Lower case, without changing the length (so indexes found in the folded text fit the original). */
function fold(text: string): string {
  const lower = text.toLowerCase();
  return lower.length === text.length ? lower : text;
}

/** The match with some text either side, cut at spaces where there are any (not in CJK text). */
export function snippet(text: string, at: number, length: number): string {
  let start = Math.max(0, at - snippetContext);
  let end = Math.min(text.length, at + length + snippetContext);
  if (start > 0) {
    const space = text.slice(start, at).search(/\s/);
    if (space !== -1) start += space + 1;
  }
  if (end < text.length) {
    const space = text.slice(at + length, end).search(/\s\S*$/);
    if (space !== -1) end = at + length + space;
  }
  const middle = text.slice(start, end).replace(/\s+/g, " ").trim();
  return `${start > 0 ? "…" : ""}${middle}${end < text.length ? "…" : ""}`;
}
