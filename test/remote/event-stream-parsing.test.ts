/**
 * Lines and server-sent events come out the same however the network cuts the bytes: at every split point, inside a
 * CRLF, inside a multi-byte character (the WHATWG HTML standard's event stream format: CRLF, LF or CR end a line).
 */
import { describe, expect, it } from "vitest";
import { boundedLines } from "../../electron/node/remote/bounded-lines.ts";
import { serverSentEvents, type ServerSentEvent } from "../../electron/node/remote/sse-events.ts";

async function* chunksOf(bytes: Buffer, cuts: number[]): AsyncGenerator<Buffer> {
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    yield bytes.subarray(start, cut);
    start = cut;
  }
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

const events = (bytes: Buffer, cuts: number[]): Promise<ServerSentEvent[]> =>
  collect(serverSentEvents(boundedLines(chunksOf(bytes, cuts), 1000, "http://test"), 1000, "http://test"));

describe("reading a stream of lines and events", () => {
  const body = Buffer.from(": ping\r\n\r\ndata: Grüße 🙂\r\n\r\nevent: note\rdata:first\rdata: second\r\rdata: [DONE]\n\n");
  const expected: ServerSentEvent[] = [
    { type: "message", data: "Grüße 🙂" },
    { type: "note", data: "first\nsecond" },
    { type: "message", data: "[DONE]" },
  ];

  it("gives the same events at every single split point", async () => {
    for (let cut = 0; cut <= body.length; cut++) expect(await events(body, [cut])).toEqual(expected);
  });

  it("gives the same events when every byte arrives alone", async () => {
    expect(await events(body, [...body.keys()].slice(1))).toEqual(expected);
  });

  it("keeps an empty line between a CR and a following CR LF", async () => {
    expect(await collect(boundedLines(chunksOf(Buffer.from("a\r\r\nb\n"), [2]), 10, "http://test"))).toEqual(["a", "", "b"]);
  });

  it("drops an event the stream ends before dispatching, as the standard says", async () => {
    expect(await events(Buffer.from("data: complete\n\ndata: cut off"), [])).toEqual([{ type: "message", data: "complete" }]);
  });

  it("refuses a line or an event over the bound", async () => {
    await expect(collect(boundedLines(chunksOf(Buffer.from("x".repeat(1001)), [500]), 1000, "http://test"))).rejects.toMatchObject({ failure: "too-large" });
    const manyLines = Buffer.from("data: 0123456789\n".repeat(100) + "\n");
    await expect(events(manyLines, [])).rejects.toMatchObject({ failure: "too-large" });
  });
});
