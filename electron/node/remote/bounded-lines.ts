/**
 * Splits a streamed body into lines without ever holding more than one bounded line: a server that sends a line
 * without end (or one huge line) is cut off with a specific error instead of filling memory. Lines end with LF, CRLF
 * or a lone CR — the terminators of both formats read here: NDJSON (Ollama) and server-sent events (the WHATWG HTML
 * standard's event stream: "end-of-line = ( cr lf / cr / lf )"). Source: html.spec.whatwg.org/multipage/server-sent-events.html;
 * the three line endings confirmed by the spec's editor in the public-webapps thread of 18 Sep 2009
 * (mail-archive.com/public-webapps@w3.org/msg05693.html: "Windows and Unix … we would be making authors' lives
 * unnecessarily complicated if we required a particular kind of line-ending"), read with the search tool on 2026-12-07.
 */
import { StringDecoder } from "node:string_decoder";
import { RemoteError } from "./remote-errors.ts";

export async function* boundedLines(chunks: AsyncIterable<Buffer>, maxLineChars: number, origin: string): AsyncGenerator<string, void, undefined> {
  const decoder = new StringDecoder("utf8");
  let line = "";
  let afterCR = false;
  const tooLong = () => new RemoteError("too-large", `${origin} sent a line longer than ${maxLineChars} characters; the rest was not read.`, origin);
  for await (const chunk of chunks) {
    const text = decoder.write(chunk);
    let start = 0;
    for (let index = 0; index < text.length; index++) {
      const char = text.charCodeAt(index);
      if (char !== 10 && char !== 13) continue;
      if (char === 10 && afterCR && index === start && line === "") {
        // The LF of a CRLF split across chunks (or right after the CR): the line already ended.
        afterCR = false;
        start = index + 1;
        continue;
      }
      line += text.slice(start, index);
      if (line.length > maxLineChars) throw tooLong();
      yield line;
      line = "";
      afterCR = char === 13;
      if (afterCR && text.charCodeAt(index + 1) === 10) {
        index++;
        afterCR = false;
      }
      start = index + 1;
    }
    if (start < text.length) afterCR = false;
    line += text.slice(start);
    if (line.length > maxLineChars) throw tooLong();
  }
  line += decoder.end();
  if (line !== "") yield line;
}
