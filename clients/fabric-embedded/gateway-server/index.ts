// An embedded Fabric Gateway peer: a TLS gRPC server on 127.0.0.1 that serves the
// services the fabric-gateway client uses — gateway.Gateway (Evaluate, Endorse, Submit,
// CommitStatus, ChaincodeEvents) and protos.Deliver (Deliver) — over one EmbeddedFabric.
// Requests are the client's real signed protobuf messages; they are checked (structure,
// channel, creator certificate and signature) and run through the in-process peer, and
// the answers (prepared transactions, commit statuses, blocks, errors with
// gateway.ErrorDetail) are the messages a Fabric 2.5 peer sends.
//
// Public entry: the server set-up lives in server.ts, each gRPC service in its own file.
export { startEmbeddedGateway, type EmbeddedGateway, type EmbeddedGatewayOptions } from "./server.js";
