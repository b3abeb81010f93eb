/** Bare JSON-RPC for node management: no ethers, so a probe never retries or caches. */

export class RpcError extends Error {}

/** One JSON-RPC call; throws RpcError on an error answer, any other error when nothing answers. */
export async function rpcRequest<T>(rpcUrl: string, method: string, params: unknown[] = [], timeoutMs = 5_000): Promise<T> {
  const response = await fetch(rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) throw new Error(`${method}: HTTP ${response.status} from ${rpcUrl}`);
  const body = (await response.json()) as { result?: T; error?: { code: number; message: string } };
  if (body.error) throw new RpcError(`${method}: ${body.error.message} (${body.error.code})`);
  return body.result as T;
}

/** `eth_chainId` of the endpoint, or undefined when nothing answers. */
export async function rpcChainId(rpcUrl: string, timeoutMs = 1_000): Promise<number | undefined> {
  try {
    const result = await rpcRequest<unknown>(rpcUrl, "eth_chainId", [], timeoutMs);
    return typeof result === "string" ? Number(BigInt(result)) : undefined;
  } catch {
    return undefined;
  }
}
