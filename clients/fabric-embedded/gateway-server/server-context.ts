// What every service handler needs from the running server.
import type { Protos } from "../sim/fabric-runtime.js";
import type { EmbeddedFabric } from "../sim/index.js";

export interface ServerContext {
  fabric(): EmbeddedFabric;
  detail(message: string): Protos.gateway.ErrorDetail;
}
