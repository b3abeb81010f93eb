/**
 * JSON-RPC over HTTP for the EVM client, fit for large eth_getLogs answers. ethers' own Node
 * transport copies the whole body for every chunk received and decodes UTF-8 in JavaScript:
 * a first read of 10,000 records' logs (tens of MB) spent 60 s copying and 37 s decoding
 * (scripts/bench/reads.ts). Here the chunks are joined once and decoded by the platform;
 * requests, errors, timeouts and ethers' retries of throttled calls are otherwise ethers' own.
 */
import http from "node:http";
import https from "node:https";
import { gunzipSync } from "node:zlib";
import { FetchRequest, JsonRpcProvider, makeError, type FetchGetUrlFunc, type JsonRpcPayload, type JsonRpcResult } from "ethers";

/** ethers' Node `getUrl` with the body gathered in one piece. */
export const linearGetUrl: FetchGetUrlFunc = (req, signal) =>
  new Promise((resolve, reject) => {
    const protocol = req.url.split(":")[0].toLowerCase();
    if (protocol !== "http" && protocol !== "https") return reject(makeError(`unsupported protocol ${protocol}`, "UNSUPPORTED_OPERATION", { info: { protocol }, operation: "request" }));
    const abort = new AbortController();
    const request = (protocol === "http" ? http : https).request(req.url, { method: req.method, headers: { ...req.headers }, signal: abort.signal });
    request.setTimeout(req.timeout);
    signal?.addListener(() => {
      abort.abort();
      reject(makeError("request cancelled", "CANCELLED"));
    });
    request.on("timeout", () => reject(makeError("request timeout", "TIMEOUT")));
    request.on("error", reject);
    request.once("response", (response) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers)) headers[name] = Array.isArray(value) ? value.join(", ") : (value ?? "");
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () => {
        try {
          const joined = chunks.length === 0 ? null : Buffer.concat(chunks);
          const body = joined && headers["content-encoding"] === "gzip" ? gunzipSync(joined) : joined;
          resolve({ statusCode: response.statusCode ?? 0, statusMessage: response.statusMessage ?? "", headers, body: body && new Uint8Array(body.buffer, body.byteOffset, body.byteLength) });
        } catch (error) {
          reject(makeError("bad response data", "SERVER_ERROR", { request: req, info: { response, error } }));
        }
      });
    });
    if (req.body) request.write(Buffer.from(req.body));
    request.end();
  });

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** A JsonRpcProvider whose requests use `linearGetUrl` and whose answers are decoded natively. */
export class EvmRpcProvider extends JsonRpcProvider {
  override _getConnection(): FetchRequest {
    const request = super._getConnection();
    request.getUrlFunc = linearGetUrl;
    return request;
  }

  override async _send(payload: JsonRpcPayload | JsonRpcPayload[]): Promise<JsonRpcResult[]> {
    const request = this._getConnection();
    request.body = JSON.stringify(payload);
    request.setHeader("content-type", "application/json");
    const response = await request.send();
    response.assertOk();
    let answer: unknown;
    try {
      answer = JSON.parse(response.body ? utf8.decode(response.body) : "");
    } catch {
      answer = response.bodyJson; // not JSON: ethers' own error, with the body
    }
    // Errors too (ethers types them as results here): the provider tells them apart by `error`.
    return (Array.isArray(answer) ? answer : [answer]) as JsonRpcResult[];
  }
}
