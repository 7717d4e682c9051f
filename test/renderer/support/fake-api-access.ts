import type { AppContract } from "../../../electron/common/contract/app-contract.ts";
import type { ApiAccessStatus } from "../../../electron/common/contract/app/api-access.ts";
import type { Settings } from "../../../electron/common/contract/app/settings.ts";
import type { Handlers } from "../../../electron/common/rpc/rpc-server.ts";

interface Emitter {
  emit(event: "apiAccess.changed", payload: ApiAccessStatus): void;
}

/**
 * The local API's status as ApiAccess reports it, following the fake settings: listening on 127.0.0.1 (and a LAN
 * address) at `port`, with `portTaken` when a test says another program has 11434. Tokens are made as main makes them.
 */
export class FakeApiAccess {
  port = 11434;
  lanAddress = "192.168.1.20";
  tokens: string[] = [];
  private current: ApiAccessStatus;

  constructor(private readonly main: Emitter, settings: Settings) {
    this.current = this.statusFor(settings);
  }

  follow(settings: Settings): void {
    this.current = this.statusFor(settings);
    this.main.emit("apiAccess.changed", structuredClone(this.current));
  }

  private statusFor(settings: Settings): ApiAccessStatus {
    // As ApiAccess decides (apiReachOf): network access implies this computer's.
    const reach = settings.api.network ? "network" : settings.api.local ? "local" : "off";
    const hasToken = this.tokens.length > 0;
    const off: ApiAccessStatus = { state: "off", localUrl: null, networkUrls: [], port: null, wantedPort: 11434, portTaken: false, hasToken, error: null };
    if (reach === "off") return off;
    return {
      ...off,
      state: "listening",
      localUrl: `http://127.0.0.1:${this.port}`,
      networkUrls: reach === "network" ? [`http://${this.lanAddress}:${this.port}`] : [],
      port: this.port,
      portTaken: this.port !== 11434,
    };
  }

  handlers(): Pick<Handlers<AppContract>, "apiAccess.status" | "apiAccess.newToken"> {
    return {
      "apiAccess.status": () => structuredClone(this.current),
      "apiAccess.newToken": () => {
        const token = `token-${this.tokens.length + 1}-${"x".repeat(24)}`;
        this.tokens.push(token);
        this.current = { ...this.current, hasToken: true };
        return { token, status: structuredClone(this.current) };
      },
    };
  }
}
