/**
 * Part "evm-anchors" of `npm run bench`: the gas of what a user would deploy instead of
 * Twinledger, compiled from the anchors' npm packages in this run (hardhat.config.ts beside
 * this file) and measured on the same in-process EVM and fork as our contracts.
 *
 *   npx hardhat --config scripts/bench/anchors/hardhat.config.ts run scripts/bench/anchors/measure.ts
 *
 * The values are the second of each operation where the first pays for a contract-wide slot
 * once (none of these do, but it keeps the comparison with the registries' rounds honest).
 */
import { network } from "hardhat";
import type { ContractTransactionResponse, Log } from "ethers";
import { p256 } from "@noble/curves/p256";
import { sha256 } from "@noble/hashes/sha2";
import { bytesToHex } from "@noble/hashes/utils";
import { progress, writePart, type BenchPart } from "../report/part.js";
import { ANCHOR_URI, anchorIds, certificateSchema, compactCertificateSchema } from "./fixtures.js";

const PART = "evm-anchors";
const started = Date.now();
const { ethers } = await network.create();
const [deployer, holder, other] = await ethers.getSigners();

async function gasOf(send: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await send).wait();
  if (!receipt || receipt.status !== 1) throw new Error("an anchor transaction failed");
  return receipt.gasUsed;
}

type Row = [anchor: string, operation: string, gas: number, note: string];
const rows: Row[] = [];
const values: Record<string, number> = {};
function record(key: string, anchor: string, operation: string, gas: bigint, note: string) {
  rows.push([anchor, operation, Number(gas), note]);
  values[key] = Number(gas);
}

progress(PART, "OpenZeppelin ERC721, ERC721URIStorage");
const tokenId = (id: string) => BigInt(ethers.keccak256(ethers.toUtf8Bytes(id)));
const erc721 = await ethers.deployContract("AnchorERC721", [], deployer);
const [first, second] = anchorIds(2);
record("erc721.mint", "OpenZeppelin ERC721", "mint (the recipient's first token)", await gasOf(erc721.mint(holder.address, tokenId(first))), "token id = keccak256 of the asset id; a new owner and a new balance slot");
record("erc721.mintAgain", "OpenZeppelin ERC721", "mint (a recipient that holds one)", await gasOf(erc721.mint(holder.address, tokenId(second))), "the balance slot rewritten, not new");
const uriStorage = await ethers.deployContract("AnchorERC721URIStorage", [], deployer);
record("erc721URIStorage.mint", "OpenZeppelin ERC721URIStorage", "mint with a 60-byte URI (first token)", await gasOf(uriStorage.mint(holder.address, tokenId(first), ANCHOR_URI)), "the URI stored in the token's slots, and MetadataUpdate emitted");
await gasOf(uriStorage.mint(other.address, tokenId(second), ANCHOR_URI));

progress(PART, "Ethereum Attestation Service");
const schemas = await ethers.deployContract("SchemaRegistry", [], deployer);
const eas = await ethers.deployContract("EAS", [await schemas.getAddress()], deployer);
const coder = ethers.AbiCoder.defaultAbiCoder();
type Schema = typeof certificateSchema;
async function register(schema: Schema): Promise<string> {
  const registered = (await (await schemas.register(schema.definition, ethers.ZeroAddress, true)).wait())!;
  return schemas.interface.parseLog(registered.logs[0])!.args.uid;
}
async function attest(schema: Schema, uid: string, n: number) {
  const data = coder.encode(schema.types, schema.values(n));
  const request = { schema: uid, data: { recipient: ethers.ZeroAddress, expirationTime: schema.validUntil, revocable: true, refUID: ethers.ZeroHash, data, value: 0n } };
  const receipt = (await (await eas.attest(request)).wait())!;
  const attestation: string = eas.interface.parseLog(receipt.logs.find((log: Log) => log.address === eas.target)!)!.args.uid;
  return { gas: receipt.gasUsed, uid: attestation };
}
for (const [key, schema, shape] of [["eas.attest", compactCertificateSchema, "ids as hashes"], ["eas.attestStrings", certificateSchema, "ids as strings"]] as const) {
  const uid = await register(schema);
  await attest(schema, uid, 0);
  const attested = await attest(schema, uid, 1);
  record(key, "EAS 1.9.0", `attest (a certificate, ${shape}: ${schema.encodedBytes()} bytes of data)`, attested.gas, `schema "${schema.definition}"`);
  if (key === "eas.attest") record("eas.revoke", "EAS 1.9.0", "revoke", await gasOf(eas.revoke({ schema: uid, data: { uid: attested.uid, value: 0n } })), "the attestation's revocation time written");
}

progress(PART, "OpenZeppelin P256.verify, two endorsements");
const anchor = await ethers.deployContract("AnchorP256", [], deployer);
const keys = [1, 2].map((n) => ethers.getBytes(ethers.zeroPadValue(ethers.toBeHex(0x9256_0000 + n), 32)));
const word = (bytes: Uint8Array) => `0x${bytesToHex(bytes)}`;
async function acceptTwo(n: number) {
  const digest = sha256(new TextEncoder().encode(`a proposal response payload, #${n}`));
  const signatures = keys.map((key) => {
    const signature = p256.sign(digest, key, { lowS: true }).toCompactRawBytes();
    return [word(signature.slice(0, 32)), word(signature.slice(32))];
  });
  const publicKeys = keys.map((key) => {
    const point = p256.getPublicKey(key, false);
    return [word(point.slice(1, 33)), word(point.slice(33))];
  });
  return gasOf(anchor.accept(word(digest), signatures, publicKeys));
}
await acceptTwo(0);
record("p256.verifyTwo", "OpenZeppelin P256", "verify 2 signatures over a digest and mark it used", await acceptTwo(1), "the least a proof with 2 endorsements costs: 2 × P256VERIFY, one new slot");

const part: BenchPart = {
  part: PART,
  title: "Anchors: OpenZeppelin and EAS, compiled and measured in this run",
  seconds: (Date.now() - started) / 1000,
  tables: [
    {
      id: PART,
      title: "Gas of the anchors",
      columns: ["anchor", "operation", "gas", "what it pays for"],
      numeric: [false, false, true, false],
      rows,
      note: "Compiled from @openzeppelin/contracts and @ethereum-attestation-service/eas-contracts (its pinned solc 0.8.29 from npm solc@0.8.29), optimizer 10,000 runs as our registries; Hardhat's in-process EVM, osaka; gasUsed including the 21,000 base.",
    },
  ],
  charts: [],
  goals: [],
  notes: [],
  values,
};
for (const [anchorName, operation, gas] of rows) console.log(`${anchorName.padEnd(30)} ${operation.padEnd(52)} ${gas.toLocaleString("en-US").padStart(9)}`);
writePart(part);
