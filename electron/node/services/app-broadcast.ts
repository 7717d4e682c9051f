import type { AppContract, EventName, PayloadOf } from "../../common/contract/index.ts";

/** Tells every client of the app an event of the contract. */
export type Broadcast = <E extends EventName<AppContract>>(event: E, payload: PayloadOf<AppContract, E>) => void;
