/**
 * Gas of IdentifierSyntax.parse + IdentifierSyntax.key (contracts/libraries/IdentifierSyntax.sol)
 * for typical and worst-case canonical identifiers.
 *
 *   npx hardhat run scripts/bench/identifier-gas.ts
 *
 * Each identifier is sent in a transaction to the test-only IdentifierSyntaxHarness, whose
 * `parseAndKey` measures both library calls with gasleft() and emits the figures. "parse" and
 * "key" are the library's own cost (including copying the namespace subject to memory); "tx" is
 * the whole transaction's gasUsed (21,000 base, calldata, the event), for scale.
 */
import { network } from "hardhat";
import type { TransactionReceipt } from "ethers";
import { IdentifierSyntaxHarness__factory } from "../../typechain-types/index.js";

const { ethers } = await network.create();
const [sender] = await ethers.getSigners();
const harness = await new IdentifierSyntaxHarness__factory(sender).deploy();

const HANDLE_MAX = `hdl:88.${"a".repeat(30)}.${"b".repeat(30)}/${"X".repeat(125)}%25`; // 64-byte prefix, 128-byte suffix
const OID_LONG = (() => {
  let text = "urn:oid:1.3.6.1.4.1";
  while (text.length + 9 <= 254) text += ".12345678";
  return `${text}.${"9".repeat(256 - text.length - 1)}`;
})();

const cases: Array<[string, string]> = [
  ["gs1 SGTIN (GTIN + serial)", "https://id.gs1.org/01/09506000134352/21/ABC123"],
  ["gs1 GTIN + lot + 20-char escaped serial", `https://id.gs1.org/01/09506000134352/10/LOT-42/21/${"%2F".repeat(20)}`],
  ["gs1 SSCC", "https://id.gs1.org/00/106141411234567897"],
  ["gs1 GIAI (30 chars)", "https://id.gs1.org/8004/061414100000000000000000000000"],
  ["handle (industrial internet)", "hdl:88.118.8/ABC-001"],
  ["handle, maximal (64 + 128 bytes)", HANDLE_MAX],
  ["oid (enterprise arc)", "urn:oid:1.3.6.1.4.1.343.5"],
  ["oid, long (256 bytes, 33 arcs)", OID_LONG],
  ["did:web", "did:web:example.com:user:alice"],
  ["did:key", "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"],
  ["did, 256 bytes", `did:example:${"a1:".repeat(81)}b`],
];

interface Row {
  name: string;
  bytes: number;
  parse: bigint;
  key: bigint;
  tx: bigint;
}
const rows: Row[] = [];
for (const [name, canonical] of cases) {
  const bytes = Buffer.byteLength(canonical);
  if (bytes > 256) throw new Error(`${name}: ${bytes} bytes`);
  const receipt = (await (await harness.parseAndKey(canonical)).wait()) as TransactionReceipt;
  const event = receipt.logs.map((log) => harness.interface.parseLog(log)).find((log) => log?.name === "Parsed");
  if (!event) throw new Error(`${name}: no Parsed event`);
  rows.push({ name, bytes, parse: event.args.parseGas, key: event.args.keyGas, tx: receipt.gasUsed });
}

const fmt = (n: bigint | number) => Number(n).toLocaleString("en-US");
const header = ["identifier", "bytes", "parse", "key", "parse + key", "tx gasUsed"];
const table = rows.map((r) => [r.name, String(r.bytes), fmt(r.parse), fmt(r.key), fmt(r.parse + r.key), fmt(r.tx)]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
console.log(line(header));
console.log(`|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`);
for (const row of table) console.log(line(row));
