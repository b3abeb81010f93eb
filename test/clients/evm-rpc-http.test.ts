/**
 * The EVM client's JSON-RPC transport (clients/evm-rpc/http.ts) against a local HTTP server on
 * 127.0.0.1: a large answer in many chunks, a gzip answer, a JSON-RPC error and a body that is
 * not JSON all come out as ethers' own transport would give them.
 */
import { expect } from "chai";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { Network } from "ethers";
import { EvmRpcProvider } from "../../clients/evm-rpc/http.js";

type Reply = (id: number, response: import("node:http").ServerResponse) => void;

describe("EVM JSON-RPC transport (clients/evm-rpc/http.ts)", () => {
  let server: Server;
  let reply: Reply;
  let provider: EvmRpcProvider;

  before(async () => {
    server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => (body += chunk));
      request.on("end", () => reply((JSON.parse(body) as { id: number }).id, response));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    provider = new EvmRpcProvider(`http://127.0.0.1:${port}`, Network.from(1), { staticNetwork: true, batchMaxCount: 1, cacheTimeout: -1 });
  });
  after(async () => {
    provider.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it("joins an answer sent in many chunks, multi-byte characters split across them", async () => {
    const value = "é€".repeat(50_000);
    reply = (id, response) => {
      const bytes = Buffer.from(JSON.stringify({ jsonrpc: "2.0", id, result: value }));
      response.writeHead(200, { "content-type": "application/json" });
      for (let at = 0; at < bytes.length; at += 1_001) response.write(bytes.subarray(at, at + 1_001));
      response.end();
    };
    expect(await provider.send("test_big", [])).to.equal(value);
  });

  it("unzips a gzip answer", async () => {
    reply = (id, response) => {
      response.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
      response.end(gzipSync(JSON.stringify({ jsonrpc: "2.0", id, result: "0x2a" })));
    };
    expect(await provider.send("test_gzip", [])).to.equal("0x2a");
  });

  it("rejects with the node's JSON-RPC error", async () => {
    reply = (id, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ jsonrpc: "2.0", id, error: { code: -32005, message: "query returned more than 10000 results" } }));
    };
    const error = await provider.send("eth_getLogs", [{}]).then(() => undefined, (e: unknown) => e as { error?: { code: number } });
    expect(error?.error?.code).to.equal(-32005);
  });

  it("rejects a body that is not JSON with ethers' error, and an HTTP error status as a SERVER_ERROR", async () => {
    reply = (_id, response) => {
      response.writeHead(200, { "content-type": "text/html" });
      response.end("<html>gateway</html>");
    };
    const notJson = await provider.send("test", []).then(() => undefined, (e: unknown) => e as Error);
    expect(notJson?.message).to.match(/not valid JSON/);
    reply = (_id, response) => {
      response.writeHead(500);
      response.end("boom");
    };
    const failed = await provider.send("test", []).then(() => undefined, (e: unknown) => e as { code?: string });
    expect(failed?.code).to.equal("SERVER_ERROR");
  });
});
