import { mkdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import type { AppContract } from "../../../common/contract/app-contract.ts";
import type { TokenStatus } from "../../../common/contract/app/network.ts";
import type { ServiceOf } from "../../../common/rpc/service-handlers.ts";
import { writeFileAtomic } from "../storage/atomic-write.ts";

/** How the token is protected at rest: Electron's safeStorage in the app, nothing in the browser host. */
export interface SecretCipher {
  readonly encrypted: boolean;
  encrypt(plain: string): Buffer;
  decrypt(stored: Buffer): string;
}

export const plainCipher: SecretCipher = {
  encrypted: false,
  encrypt: (plain) => Buffer.from(plain, "utf8"),
  decrypt: (stored) => stored.toString("utf8"),
};

/** The optional Hugging Face access token, kept in its own file (mode 0600), never in settings.json. */
export class TokenStore implements ServiceOf<AppContract, "network"> {
  private cached: string | undefined | null = null;

  constructor(
    private readonly file: string | undefined,
    private readonly cipher: SecretCipher = plainCipher,
  ) {}

  get encrypted(): boolean {
    return this.cipher.encrypted;
  }

  async get(): Promise<string | undefined> {
    if (this.cached !== null) return this.cached;
    if (!this.file) return (this.cached = undefined);
    try {
      this.cached = this.cipher.decrypt(await readFile(this.file)) || undefined;
    } catch {
      this.cached = undefined;
    }
    return this.cached;
  }

  async tokenStatus(): Promise<TokenStatus> {
    return { hasToken: (await this.get()) !== undefined, encrypted: this.encrypted };
  }

  /** Stores the token, or with null forgets it. */
  async setToken({ token }: { token: string | null }): Promise<TokenStatus> {
    this.cached = token ?? undefined;
    if (this.file && token === null) await rm(this.file, { force: true });
    else if (this.file && token !== null) {
      await mkdir(path.dirname(this.file), { recursive: true });
      await writeFileAtomic(this.file, this.cipher.encrypt(token));
    }
    return this.tokenStatus();
  }
}
