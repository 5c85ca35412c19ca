/** What every step of one simulated hop needs to see: the world, its DNS, the message and the trace. */
import { WorldIndex } from "../model/world-index";
import { Message } from "../model/types";
import { Trace } from "../trace";
import { SpfResultCode } from "../result";
import { ArrivingConnection } from "../attribution/originating";

export interface HopContext {
  readonly index: WorldIndex;
  /** RFC 7208 check_host() over the world's DNS, memoised per engine. */
  readonly spf: (domain: string, ip: string, sender: string) => { result: SpfResultCode; reason: string };
  readonly message: Message;
  readonly conn: ArrivingConnection;
  readonly p1Domain: string;
  readonly trace: Trace;
}

/**
 * Where a message for one recipient goes after attribution.
 * `rejected` carries the response; `relayed` the next hop and how the message leaves.
 */
export type RecipientDisposition =
  | { kind: "delivered"; tenant: string; connector: string | null; spfIp: string | null }
  | { kind: "rejected"; ndr: import("../result").Ndr; tenant: string | null }
  | {
      kind: "relayed";
      tenant: string;
      nextHop: string;
      /** How the message leaves towards the internet or another tenant; null towards on-premises. */
      leaves: { pool: "outbound" | "relay" | null; mailFrom: string } | null;
    };
