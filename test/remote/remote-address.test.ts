/** The address a user types for a server becomes the only origin its client contacts. */
import { describe, expect, it } from "vitest";
import { endpointUrl, parseRemoteAddress, RemoteAddressError } from "../../electron/node/remote/remote-url.ts";

describe("a remote server's address", () => {
  it("gets /v1 for an OpenAI-compatible server typed without a path, and keeps a path that is given", () => {
    expect(parseRemoteAddress("openai-compatible", " http://192.168.1.20:8080 ")).toEqual({ origin: "http://192.168.1.20:8080", base: "http://192.168.1.20:8080/v1/", insecure: true });
    expect(parseRemoteAddress("openai-compatible", "https://lan-box.local/api/v1/").base).toBe("https://lan-box.local/api/v1/");
    expect(parseRemoteAddress("ollama", "http://pc:11434/").base).toBe("http://pc:11434/");
    expect(parseRemoteAddress("ollama", "https://pc/ollama").insecure).toBe(false);
  });

  it("builds endpoint URLs on that origin only", () => {
    const address = parseRemoteAddress("ollama", "http://pc:11434/proxy");
    expect(endpointUrl(address, "api/chat").href).toBe("http://pc:11434/proxy/api/chat");
    for (const escape of ["//evil.example/api/chat", "http://evil.example/", "../api/chat", "/api/chat"]) {
      expect(() => endpointUrl(address, escape)).toThrow(RemoteAddressError);
    }
  });

  it("refuses what it can't contact safely, saying why", () => {
    expect(() => parseRemoteAddress("ollama", "pc:11434")).toThrow(/http:\/\/ or https:\/\//);
    expect(() => parseRemoteAddress("ollama", "not a url")).toThrow(/not a URL/);
    expect(() => parseRemoteAddress("ollama", "file:///etc/passwd")).toThrow(/http:\/\/ or https:\/\//);
    expect(() => parseRemoteAddress("openai-compatible", "http://user:secret@pc:8080")).toThrow(/API key field/);
    expect(() => parseRemoteAddress("openai-compatible", "http://pc:8080/v1?key=1")).toThrow(/query/);
    expect(() => parseRemoteAddress("ollama", "192.168.1.20:11434")).toThrow(/http:\/\/ or https:\/\//);
  });
});
