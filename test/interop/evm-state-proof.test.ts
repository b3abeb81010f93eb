/**
 * An EVM state fact as the chaincode checks it (core/interop/evm-state-proof.ts,
 * core/interop/evm-checkpoint.ts): strict RLP; EIP-1186 proofs taken from the in-process EDR
 * network for present, cleared and absent slots, an account without storage and an account that
 * does not exist, verified against the block's state root and cross-checked against
 * eth_getStorageAt / eth_getBalance / eth_getCode; every single-byte change of every proof node
 * refused (exhaustive over positions, sampled over values), wrong roots refused; synthetic tries
 * for what a real secure trie rarely shows (extensions, embedded nodes); the committee checkpoint
 * with two P-256 members and each of its refusals; the strict JSON forms.
 *
 *   npx hardhat test mocha --no-compile test/interop/evm-state-proof.test.ts
 */
import { createPublicKey, verify as nodeVerify } from "node:crypto";
import { expect } from "chai";
import fc from "fast-check";
import { network } from "hardhat";
import { p256 } from "@noble/curves/p256";
import { sha256 } from "@noble/hashes/sha256";
import { AbiCoder, encodeBytes32String, encodeRlp as ethersEncodeRlp, getBytes, hexlify, keccak256, sha256 as ethersSha256, toBeHex, zeroPadValue } from "ethers";
import { StorageProofHarness__factory } from "../../typechain-types/index.js";
import type { StorageProofHarness } from "../../typechain-types/index.js";
import { RlpError, decodeRlp, encodeRlp, type RlpItem } from "../../core/interop/rlp.js";
import {
  EMPTY_CODE_HASH,
  EMPTY_TRIE_ROOT,
  EvmProofError,
  MAX_NODE_BYTES,
  MAX_PROOF_NODES,
  evmSlotProofFromJson,
  evmSlotProofToJson,
  hex,
  verifyAccount,
  verifySlotAtCheckpoint,
  verifyStorageSlot,
  verifyTrieProof,
  type EthGetProofResult,
} from "../../core/interop/evm-state-proof.js";
import {
  CommitteeAttestor,
  checkpointDigest,
  checkpointEvidenceFromJson,
  checkpointEvidenceToJson,
  evmCommitteeToJson,
  parseEvmCommittee,
  signCheckpoint,
  validateCommittee,
  verifyCheckpoint,
  type CheckpointSignature,
  type EvmCheckpoint,
  type EvmCommittee,
} from "../../core/interop/evm-checkpoint.js";
import { readCheckpoint, readSlotProof } from "../../clients/interop/evm-release-evidence.js";

const { ethers, provider } = await network.create();

const abi = AbiCoder.defaultAbiCoder();
const ENTRIES = 40;
const keyOf = (i: number) => keccak256(new TextEncoder().encode(`twinledger key ${i}`));
/** The storage slot of `values[key]`: the mapping is at slot 0. */
const slotOf = (key: string) => keccak256(abi.encode(["bytes32", "uint256"], [key, 0n]));
const valueOf = (i: number) => (i === 0 ? 1n : i === 1 ? (1n << 256n) - 1n : BigInt(i) * 1_000_003n);
const NOBODY = "0x00000000000000000000000000000000deadbeef";
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof EvmProofError) return error.code;
    throw error;
  }
  return "accepted";
}

async function getProof(address: string, slot: string, block: bigint | string): Promise<EthGetProofResult> {
  const tag = typeof block === "bigint" ? toBeHex(block) : block;
  return (await provider.request({ method: "eth_getProof", params: [address, [slot], tag] })) as EthGetProofResult;
}

async function stateRootAt(block: bigint): Promise<string> {
  const header = (await provider.request({ method: "eth_getBlockByNumber", params: [toBeHex(block), false] })) as { stateRoot: string };
  return header.stateRoot;
}

describe("EVM state facts: RLP, Merkle-Patricia proofs, committee checkpoints", function () {
  this.timeout(300_000);

  describe("strict RLP", () => {
    type Tree = string | Tree[];
    const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
      node: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.uint8Array({ maxLength: 80 }).map((bytes) => hexlify(bytes)),
        fc.array(tie("node"), { maxLength: 5 }),
      ),
    })).node;
    const toItem = (t: Tree): RlpItem => (typeof t === "string" ? getBytes(t) : t.map(toItem));
    const fromItem = (item: RlpItem): Tree => (item instanceof Uint8Array ? hexlify(item) : item.map(fromItem));

    it("encodes as ethers does and decodes its encodings back", () => {
      fc.assert(
        fc.property(tree, (t) => {
          const encoded = ethersEncodeRlp(t);
          expect(hexlify(encodeRlp(toItem(t)))).to.equal(encoded);
          expect(fromItem(decodeRlp(getBytes(encoded), 64))).to.deep.equal(t);
        }),
        { numRuns: 500 },
      );
    });

    it("refuses every non-canonical or ill-bounded spelling", () => {
      const refused = {
        "a single byte below 0x80 as a string": "0x8105",
        "a long string form for 1 byte": "0xb80180",
        "a long string form for 55 bytes": `0xb837${"00".repeat(55)}`,
        "a long length with a leading zero": `0xb90038${"00".repeat(56)}`,
        "a long list form for a short list": "0xf80180",
        "a string past the input": "0x8201",
        "a list past the input": "0xc38001",
        "an item past its list": "0xc2820102",
        "a byte after the item": "0x0500",
        "two items": "0x8080",
        "nothing": "0x",
        "a length of 5 bytes": "0xbc0000000001",
      };
      for (const [why, spelling] of Object.entries(refused)) {
        expect(() => decodeRlp(getBytes(spelling)), why).to.throw(RlpError);
      }
      expect(hexlify(decodeRlp(getBytes("0x8180")) as Uint8Array)).to.equal("0x80");
      expect(decodeRlp(getBytes("0xc0"))).to.deep.equal([]);
      expect(() => decodeRlp(getBytes("0xc1c0"), 1)).to.throw(RlpError, "deeper");
      expect(decodeRlp(getBytes("0xc1c0"), 2)).to.deep.equal([[]]);
    });
  });

  describe("Merkle-Patricia proofs from EDR", () => {
    let harness: StorageProofHarness;
    let address: string;
    let eoa: string;
    let block: bigint;
    let stateRoot: string;
    let present: EthGetProofResult[];
    let absent: EthGetProofResult;
    let cleared: EthGetProofResult;
    let nobody: EthGetProofResult;
    let ofEoa: EthGetProofResult;
    const CLEARED = ENTRIES - 1;

    before(async () => {
      const [admin] = await ethers.getSigners();
      eoa = (await admin!.getAddress()).toLowerCase();
      harness = await new StorageProofHarness__factory(admin).deploy();
      await harness.waitForDeployment();
      address = (await harness.getAddress()).toLowerCase();
      const keys = Array.from({ length: ENTRIES }, (_, i) => keyOf(i));
      await (await harness.setMany(keys, keys.map((_, i) => valueOf(i)))).wait();
      await (await harness.set(keyOf(CLEARED), 0n)).wait();
      block = BigInt(await ethers.provider.getBlockNumber());
      stateRoot = await stateRootAt(block);
      present = await Promise.all([0, 1, 2, 17].map((i) => getProof(address, slotOf(keyOf(i)), block)));
      absent = await getProof(address, slotOf(keyOf(1000)), block);
      cleared = await getProof(address, slotOf(keyOf(CLEARED)), block);
      nobody = await getProof(NOBODY, slotOf(keyOf(0)), block);
      ofEoa = await getProof(eoa, zeroPadValue("0x01", 32), block);
    });

    it("EDR answers eth_getProof (EIP-1186) for an account and a slot", () => {
      const first = present[0]!;
      expect(first.address.toLowerCase()).to.equal(address);
      expect(first.accountProof.length).to.be.greaterThan(0);
      expect(first.storageProof).to.have.length(1);
      expect(first.storageProof[0]!.proof.length).to.be.greaterThan(0);
      expect(BigInt(first.storageProof[0]!.value)).to.equal(valueOf(0));
    });

    it("proves present slots against the block's state root, as eth_getStorageAt reads them", async () => {
      for (const [n, i] of [0, 1, 2, 17].entries()) {
        const slot = slotOf(keyOf(i));
        const fact = verifySlotAtCheckpoint(stateRoot, address, slot, present[n]!);
        expect(fact.value).to.equal(valueOf(i));
        expect(fact.value).to.equal(BigInt(await ethers.provider.getStorage(address, slot, block)));
        expect(verifyStorageSlot(present[n]!.storageHash, slot, present[n]!.storageProof[0]!.proof)).to.equal(valueOf(i));
      }
    });

    it("proves the contract's account: nonce 1, its code hash, its storage root", async () => {
      const account = verifyAccount(stateRoot, address, present[0]!.accountProof)!;
      expect(account.nonce).to.equal(1n);
      expect(account.balance).to.equal(0n);
      expect(account.codeHash).to.equal(keccak256(await ethers.provider.getCode(address, block)));
      expect(account.storageRoot).to.equal(present[0]!.storageHash.toLowerCase());
      expect(account.storageRoot).to.not.equal(EMPTY_TRIE_ROOT);
    });

    it("proves absence: a slot never set, a slot set then cleared (0)", () => {
      for (const [result, slot] of [
        [absent, slotOf(keyOf(1000))],
        [cleared, slotOf(keyOf(CLEARED))],
      ] as const) {
        const fact = verifySlotAtCheckpoint(stateRoot, address, slot, result);
        expect(fact.value).to.equal(0n);
        expect(fact.account).to.not.equal(undefined);
      }
    });

    it("proves an account without storage and an account that does not exist", async () => {
      const eoaFact = verifySlotAtCheckpoint(stateRoot, eoa, zeroPadValue("0x01", 32), ofEoa);
      expect(eoaFact.account!.balance).to.equal(await ethers.provider.getBalance(eoa, block));
      expect(eoaFact.account!.codeHash).to.equal(EMPTY_CODE_HASH);
      expect(eoaFact.account!.storageRoot).to.equal(EMPTY_TRIE_ROOT);
      expect(eoaFact.value).to.equal(0n);
      expect(verifyAccount(stateRoot, NOBODY, nobody.accountProof)).to.equal(undefined);
      const fact = verifySlotAtCheckpoint(stateRoot, NOBODY, slotOf(keyOf(0)), nobody);
      expect(fact).to.deep.include({ account: undefined, value: 0n });
      // geth's spelling of the same absence: a zero code hash, no storage proof nodes.
      const gethStyle = { ...clone(nobody), codeHash: `0x${"00".repeat(32)}`, storageProof: [{ ...nobody.storageProof[0]!, proof: [] }] };
      expect(verifySlotAtCheckpoint(stateRoot, NOBODY, slotOf(keyOf(0)), gethStyle).value).to.equal(0n);
    });

    it("refuses a wrong state root: an older block's, a random one, the empty trie's", async () => {
      const older = await stateRootAt(block - 2n);
      expect(older).to.not.equal(stateRoot);
      for (const root of [older, keccak256("0x01"), EMPTY_TRIE_ROOT]) {
        expect(codeOf(() => verifySlotAtCheckpoint(root, address, slotOf(keyOf(0)), present[0]!))).to.equal("StateProofInvalid");
      }
      expect(codeOf(() => verifyStorageSlot(stateRoot, slotOf(keyOf(0)), present[0]!.storageProof[0]!.proof))).to.equal("StorageProofInvalid");
    });

    it("refuses a result whose own fields disagree with its proofs", () => {
      const base = present[0]!;
      const slot = slotOf(keyOf(0));
      const bump = (q: string) => toBeHex(BigInt(q) + 1n);
      const variants: Record<string, EthGetProofResult> = {
        address: { ...clone(base), address: NOBODY },
        nonce: { ...clone(base), nonce: bump(base.nonce) },
        balance: { ...clone(base), balance: bump(base.balance) },
        codeHash: { ...clone(base), codeHash: EMPTY_CODE_HASH },
        storageHash: { ...clone(base), storageHash: EMPTY_TRIE_ROOT },
        value: { ...clone(base), storageProof: [{ ...base.storageProof[0]!, value: bump(base.storageProof[0]!.value) }] },
        key: { ...clone(base), storageProof: [{ ...base.storageProof[0]!, key: slotOf(keyOf(1)) }] },
        "two storage proofs": { ...clone(base), storageProof: [base.storageProof[0]!, base.storageProof[0]!] },
        "no storage proof": { ...clone(base), storageProof: [] },
        "an absent account with a balance": { ...clone(nobody), balance: "0x1" },
      };
      for (const [why, result] of Object.entries(variants)) {
        const target = why.startsWith("an absent") ? NOBODY : address;
        expect(codeOf(() => verifySlotAtCheckpoint(stateRoot, target, slot, result)), why).to.equal("ProofResultMismatch");
      }
      // Another slot's proof for this slot: the key field says so.
      expect(codeOf(() => verifySlotAtCheckpoint(stateRoot, address, slotOf(keyOf(1)), base))).to.equal("ProofResultMismatch");
      // Another slot's nodes under this slot's claims: they do not prove this slot's value.
      const swapped = { ...clone(base), storageProof: [{ ...base.storageProof[0]!, proof: present[1]!.storageProof[0]!.proof }] };
      expect(codeOf(() => verifySlotAtCheckpoint(stateRoot, address, slot, swapped))).to.be.oneOf(["StorageProofInvalid", "ProofResultMismatch"]);
    });

    it("refuses every single-byte change of every proof node, and every reshuffled proof", () => {
      type Case = { name: string; address: string; slot: string; result: EthGetProofResult };
      const cases: Case[] = [
        { name: "present", address, slot: slotOf(keyOf(0)), result: present[0]! },
        { name: "present (max value)", address, slot: slotOf(keyOf(1)), result: present[1]! },
        { name: "absent slot", address, slot: slotOf(keyOf(1000)), result: absent },
        { name: "cleared slot", address, slot: slotOf(keyOf(CLEARED)), result: cleared },
        { name: "absent account", address: NOBODY, slot: slotOf(keyOf(0)), result: nobody },
        { name: "account without storage", address: eoa, slot: zeroPadValue("0x01", 32), result: ofEoa },
      ];
      const nodesOf = (c: Case) => [
        ...c.result.accountProof.map((node, index) => ({ part: "account" as const, index, bytes: getBytes(node) })),
        ...c.result.storageProof[0]!.proof.map((node, index) => ({ part: "storage" as const, index, bytes: getBytes(node) })),
      ];
      const mutated = (c: Case, part: "account" | "storage", index: number, bytes: Uint8Array): EthGetProofResult => {
        const result = clone(c.result);
        if (part === "account") result.accountProof[index] = hex(bytes);
        else result.storageProof[0]!.proof[index] = hex(bytes);
        return result;
      };
      let mutations = 0;
      const judge = (c: Case, part: "account" | "storage", index: number, bytes: Uint8Array, why: string) => {
        const code = codeOf(() => verifySlotAtCheckpoint(stateRoot, c.address, c.slot, mutated(c, part, index, bytes)));
        expect(code, `${c.name}: ${part} node ${index}: ${why}`).to.equal(part === "account" ? "StateProofInvalid" : "StorageProofInvalid");
        mutations += 1;
      };
      let bytesTotal = 0;
      for (const c of cases) {
        expect(verifySlotAtCheckpoint(stateRoot, c.address, c.slot, c.result).slot).to.equal(c.slot);
        for (const { part, index, bytes } of nodesOf(c)) {
          bytesTotal += bytes.length;
          // Exhaustive over positions: each byte changed two ways (lowest bit, all bits).
          for (let position = 0; position < bytes.length; position++) {
            for (const mask of [0x01, 0xff]) {
              const changed = Uint8Array.from(bytes);
              changed[position]! ^= mask;
              judge(c, part, index, changed, `byte ${position} ^ 0x${mask.toString(16)}`);
            }
          }
          // One byte fewer at each end, one byte more.
          judge(c, part, index, bytes.subarray(1), "first byte dropped");
          judge(c, part, index, bytes.subarray(0, bytes.length - 1), "last byte dropped");
          judge(c, part, index, Uint8Array.of(...bytes, 0x00), "a byte appended");
        }
      }
      // Sampled over values: any position, any other byte value.
      const all = cases.flatMap((c) => nodesOf(c).map((node) => ({ c, ...node })));
      fc.assert(
        fc.property(fc.nat({ max: all.length - 1 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (n, p, delta) => {
          const { c, part, index, bytes } = all[n]!;
          const position = p % bytes.length;
          const changed = Uint8Array.from(bytes);
          changed[position] = (changed[position]! + delta) & 0xff;
          judge(c, part, index, changed, `byte ${position} + ${delta}`);
        }),
        { numRuns: 3000 },
      );
      // Reshuffled proofs: a node dropped, duplicated, appended, two swapped, the proof emptied.
      let reshuffled = 0;
      for (const c of cases) {
        for (const part of ["account", "storage"] as const) {
          const nodes = part === "account" ? c.result.accountProof : c.result.storageProof[0]!.proof;
          const variants: string[][] = [[], [...nodes, nodes[nodes.length - 1]!], [...nodes, nodes[0]!]];
          for (let i = 0; i < nodes.length; i++) variants.push(nodes.filter((_, j) => j !== i), [...nodes.slice(0, i + 1), ...nodes.slice(i)]);
          for (let i = 0; i + 1 < nodes.length; i++) variants.push([...nodes.slice(0, i), nodes[i + 1]!, nodes[i]!, ...nodes.slice(i + 2)]);
          for (const variant of variants) {
            const result = clone(c.result);
            if (part === "account") result.accountProof = variant;
            else result.storageProof[0]!.proof = variant;
            // The empty storage trie is proven by no node as by its one node RLP(""): [] and ["0x80"] both stand.
            const equivalent = part === "storage" && nodes.length === 1 && nodes[0] === "0x80" && variant.length === 0;
            const code = codeOf(() => verifySlotAtCheckpoint(stateRoot, c.address, c.slot, result));
            if (equivalent) expect(code).to.equal("accepted");
            else expect(code, `${c.name}: ${part} proof ${JSON.stringify(variant.map((node) => node.slice(0, 10)))}`).to.be.oneOf(["StateProofInvalid", "StorageProofInvalid"]);
            reshuffled += 1;
          }
        }
      }
      console.log(`      ${mutations} single-byte mutations (${bytesTotal} node bytes × 2 + 3 per node + 3000 sampled) and ${reshuffled} reshuffled proofs: all refused`);
      expect(mutations).to.be.at.least(500);
    });

    it("refuses proofs beyond the bounds: 65 nodes, a node over 2 KiB, malformed hex", () => {
      const base = present[0]!;
      const long = { ...clone(base), accountProof: Array.from({ length: MAX_PROOF_NODES + 1 }, () => base.accountProof[0]!) };
      expect(codeOf(() => verifySlotAtCheckpoint(stateRoot, address, slotOf(keyOf(0)), long))).to.equal("ProofLimitExceeded");
      const big = { ...clone(base), accountProof: [`0x${"00".repeat(MAX_NODE_BYTES + 1)}`] };
      expect(codeOf(() => verifySlotAtCheckpoint(stateRoot, address, slotOf(keyOf(0)), big))).to.equal("ProofLimitExceeded");
      for (const node of ["f901", "0xf9012", "0xzz"]) {
        const bad = { ...clone(base), accountProof: [node, ...base.accountProof.slice(1)] };
        expect(codeOf(() => verifySlotAtCheckpoint(stateRoot, address, slotOf(keyOf(0)), bad)), node).to.equal("EvidenceMalformed");
      }
      expect(codeOf(() => verifySlotAtCheckpoint(stateRoot, address, "0x01", base))).to.equal("EvidenceMalformed");
      expect(codeOf(() => verifySlotAtCheckpoint(stateRoot.slice(0, 64), address, slotOf(keyOf(0)), base))).to.equal("EvidenceMalformed");
    });

    it("writes the proof as canonical JSON and reads back only that spelling", () => {
      const json = evmSlotProofToJson(present[0]!);
      const back = evmSlotProofFromJson(json);
      expect(evmSlotProofToJson(back)).to.equal(json);
      expect(verifySlotAtCheckpoint(stateRoot, address, slotOf(keyOf(0)), back).value).to.equal(valueOf(0));
      const object = JSON.parse(json) as Record<string, unknown>;
      const refused: Record<string, string> = {
        "an unknown field": JSON.stringify({ ...object, extra: 1 }),
        "a missing field": JSON.stringify({ ...object, nonce: undefined }),
        whitespace: JSON.stringify(object, null, 1),
        "keys out of order": JSON.stringify({ storageProof: object.storageProof, ...object }),
        "uppercase hex": json.replace(/"address":"0x([0-9a-f]+)"/, (_, h: string) => `"address":"0x${h.toUpperCase()}"`),
        "a non-minimal quantity": json.replace(`"nonce":"0x1"`, `"nonce":"0x01"`),
        "a duplicate key": json.replace(`{"accountProof"`, `{"nonce":"0x1","accountProof"`),
        "an unknown storage field": JSON.stringify({ ...object, storageProof: [{ ...(object.storageProof as object[])[0], extra: 1 }] }),
        "not JSON": json.slice(0, -1),
      };
      for (const [why, text] of Object.entries(refused)) {
        expect(text, why).to.not.equal(json);
        expect(codeOf(() => evmSlotProofFromJson(text)), why).to.equal("EvidenceMalformed");
      }
    });

    it("checks a slot end to end: a signed checkpoint of a block, the slot proven under it, an old proof against a newer root refused", async () => {
      const { members, keys } = committeeOfTwo();
      const checkpoint = await readCheckpoint(ethers.provider, block);
      expect(checkpoint.stateRoot).to.equal(stateRoot);
      expect(checkpoint.chainId).to.equal((await ethers.provider.getNetwork()).chainId);
      const evidence = { checkpoint, signatures: keys.map(({ mspId, privateKey }) => signCheckpoint(privateKey, mspId, checkpoint)) };
      const attestor = new CommitteeAttestor(members, checkpoint.chainId);
      expect(attestor.trust).to.equal("committee");
      const attested = attestor.attest(checkpointEvidenceToJson(evidence));
      const slot = slotOf(keyOf(2));
      const proof = evmSlotProofFromJson(evmSlotProofToJson(await readSlotProof(provider, address, slot, attested.blockNumber)));
      expect(verifySlotAtCheckpoint(attested.stateRoot, address, slot, proof).value).to.equal(valueOf(2));

      await (await harness.set(keyOf(2), 7n)).wait();
      const later = await readCheckpoint(provider, "latest");
      const laterProof = await readSlotProof(ethers.provider, address, slot, later.blockNumber);
      expect(verifySlotAtCheckpoint(later.stateRoot, address, slot, laterProof).value).to.equal(7n);
      expect(verifySlotAtCheckpoint(attested.stateRoot, address, slot, proof).value).to.equal(valueOf(2));
      expect(codeOf(() => verifySlotAtCheckpoint(attested.stateRoot, address, slot, laterProof))).to.equal("StateProofInvalid");
    });
  });

  describe("synthetic tries: extensions, embedded nodes, malformed nodes", () => {
    type Node = string | Node[];
    const enc = (node: Node) => getBytes(ethersEncodeRlp(node));
    const root = (node: Node) => getBytes(keccak256(enc(node)));
    const nibblesOf = (bytes: Uint8Array) => [...bytes].flatMap((b) => [b >> 4, b & 15]);
    const hp = (nibbles: number[], leaf: boolean): string => {
      const flag = (leaf ? 2 : 0) + (nibbles.length % 2);
      const rest = nibbles.length % 2 ? nibbles.slice(1) : nibbles;
      const first = (flag << 4) | (nibbles.length % 2 ? nibbles[0]! : 0);
      const bytes = [first];
      for (let i = 0; i < rest.length; i += 2) bytes.push((rest[i]! << 4) | rest[i + 1]!);
      return hexlify(Uint8Array.from(bytes));
    };
    const branch = (children: Record<number, Node>, value = "0x"): Node[] => [...Array.from({ length: 16 }, (_, i) => children[i] ?? "0x"), value];
    const prefix = "ab".repeat(31);
    const K1 = getBytes(`0x${prefix}12`);
    const K2 = getBytes(`0x${prefix}13`);
    const K3 = getBytes(`0x${prefix}14`);
    const K4 = getBytes(`0x${"ac".repeat(31)}12`);
    const common = nibblesOf(K1).slice(0, 63);
    const check = (rootNode: Node, proof: (Node | Uint8Array)[], key: Uint8Array) =>
      verifyTrieProof(root(rootNode), key, proof.map((node) => (node instanceof Uint8Array ? node : enc(node))), "StorageProofInvalid");
    const refusedWith = (run: () => unknown, message: RegExp) => {
      try {
        run();
      } catch (error) {
        expect(error).to.be.instanceOf(EvmProofError);
        expect((error as EvmProofError).code).to.equal("StorageProofInvalid");
        expect((error as EvmProofError).message).to.match(message);
        return;
      }
      expect.fail("accepted");
    };

    it("walks an extension to a branch embedded in it, and leaves embedded in that branch", () => {
      const embeddedBranch = branch({ 2: ["0x20", "0x05"], 3: ["0x20", "0x07"] });
      expect(enc(embeddedBranch).length).to.be.lessThan(32);
      const extension: Node = [hp(common, false), embeddedBranch];
      expect(hex(check(extension, [extension], K1)!)).to.equal("0x05");
      expect(hex(check(extension, [extension], K2)!)).to.equal("0x07");
      expect(check(extension, [extension], K3)).to.equal(undefined);
      expect(check(extension, [extension], K4)).to.equal(undefined);
      refusedWith(() => check(extension, [extension, ["0x20", "0x05"]], K1), /follow/);
      refusedWith(() => check(extension, [extension, embeddedBranch], K1), /follow/);
    });

    it("refuses an embedded node of 32 bytes or more, and a hashed node under 32 bytes", () => {
      const bigBranch = branch({ 2: ["0x20", `0x${"05".repeat(10)}`], 3: ["0x20", `0x${"07".repeat(10)}`] });
      expect(enc(bigBranch).length).to.be.at.least(32);
      refusedWith(() => check([hp(common, false), bigBranch], [[hp(common, false), bigBranch]], K1), /embedded node of \d+ bytes/);
      const tiny: Node = ["0x20", "0x05"];
      const hashedBranch = branch({ 2: keccak256(enc(tiny)) });
      const extension: Node = [hp(common, false), keccak256(enc(hashedBranch))];
      refusedWith(() => check(extension, [extension, hashedBranch, tiny], K1), /under 32 bytes/);
    });

    it("proves by a trie of one leaf, and absence by the leaf of another key", () => {
      const leaf: Node = [hp(nibblesOf(K1), true), "0x8205ff"];
      expect(hex(check(leaf, [leaf], K1)!)).to.equal("0x8205ff");
      expect(check(leaf, [leaf], K2)).to.equal(undefined);
      expect(verifyTrieProof(getBytes(EMPTY_TRIE_ROOT), K1, [])).to.equal(undefined);
      expect(verifyTrieProof(getBytes(EMPTY_TRIE_ROOT), K1, [Uint8Array.of(0x80)])).to.equal(undefined);
      expect(codeOf(() => verifyTrieProof(getBytes(EMPTY_TRIE_ROOT), K1, [Uint8Array.of(0x80), Uint8Array.of(0x80)]))).to.equal("StateProofInvalid");
      expect(codeOf(() => verifyTrieProof(root(leaf), K1, []))).to.equal("StateProofInvalid");
    });

    it("refuses nodes an honest trie of 32-byte keys cannot hold", () => {
      const leaf: Node = [hp(nibblesOf(K1).slice(1), true), "0x01"];
      const malformed: Record<string, [Node, RegExp]> = {
        "a branch with a value": [branch({ 10: leaf }, "0x01"), /holds no value/],
        "a reference of 5 bytes": [branch({ 10: "0x0102030405" }), /reference of 5 bytes/],
        "a node of 3 items": [["0x20", "0x01", "0x02"], /3 items/],
        "hex-prefix flag 4": [[`0x4${"0".repeat(1)}${prefix}12`, "0x01"], /flag 4/],
        "an even hex-prefix with a non-zero pad": [[`0x2${"1"}${prefix}12`, "0x01"], /pad/],
        "a leaf short of the key's end": [[hp(nibblesOf(K1).slice(0, 60), true), "0x01"], /leaf of 60 nibbles/],
        "an extension to the key's end": [[hp(nibblesOf(K1), false), keccak256("0x")], /extension of 64 nibbles/],
        "a leaf with an empty value": [[hp(nibblesOf(K1), true), "0x"], /non-empty/],
        "a byte string as the root": ["0x0102", /byte string/],
      };
      for (const [why, [node, message]] of Object.entries(malformed)) {
        try {
          check(node, [node], K1);
          expect.fail(`${why}: accepted`);
        } catch (error) {
          expect((error as Error).message, why).to.match(message);
        }
      }
    });
  });

  describe("committee checkpoints", () => {
    let checkpoint: EvmCheckpoint;
    let other: EvmCheckpoint;
    const { members, keys } = committeeOfTwo();
    const [org1, org2] = keys as [(typeof keys)[number], (typeof keys)[number]];

    before(async () => {
      await ethers.provider.send("evm_mine", []);
      checkpoint = await readCheckpoint(ethers.provider, "latest");
      other = await readCheckpoint(provider, checkpoint.blockNumber - 1n);
    });

    const sign = (key: (typeof keys)[number], c = checkpoint, mspId = key.mspId) => signCheckpoint(key.privateKey, mspId, c);
    const verdict = (signatures: CheckpointSignature[], committee: EvmCommittee = members, c = checkpoint) => codeOf(() => verifyCheckpoint(committee, c, signatures));

    it("digests the six words as specified, and signs as ECDSA-with-SHA-256 of them (node:crypto verifies)", () => {
      const words = abi.encode(
        ["bytes32", "uint256", "uint256", "bytes32", "bytes32", "uint256"],
        [encodeBytes32String("twinledger.evm-checkpoint.v1"), checkpoint.chainId, checkpoint.blockNumber, checkpoint.blockHash, checkpoint.stateRoot, checkpoint.timestamp],
      );
      expect(getBytes(words)).to.have.length(192);
      expect(hex(checkpointDigest(checkpoint))).to.equal(ethersSha256(words));
      const signature = sign(org1);
      const publicKey = createPublicKey({ key: { kty: "EC", crv: "P-256", x: b64(org1.publicKey.slice(4, 68)), y: b64(org1.publicKey.slice(68)) }, format: "jwk" });
      expect(nodeVerify("sha256", getBytes(words), { key: publicKey, dsaEncoding: "ieee-p1363" }, getBytes(signature.signature))).to.equal(true);
      expect(sign(org1)).to.deep.equal(signature, "deterministic (RFC 6979)");
    });

    it("accepts a quorum of 2 of 2, in either order", () => {
      const verified = verifyCheckpoint(members, checkpoint, [sign(org1), sign(org2)]);
      expect(verified.signers).to.deep.equal(["Org1MSP", "Org2MSP"]);
      expect(verified.checkpoint).to.deep.equal(checkpoint);
      expect(verifyCheckpoint(members, checkpoint, [sign(org2), sign(org1)]).signers).to.deep.equal(["Org2MSP", "Org1MSP"]);
    });

    it("refuses each flaw with its code", () => {
      const good = sign(org1);
      const s = BigInt(`0x${good.signature.slice(66)}`);
      const highS = { mspId: "Org1MSP", signature: `${good.signature.slice(0, 66)}${toBeHex(p256.CURVE.n - s, 32).slice(2)}` };
      expect(p256.verify(getBytes(highS.signature), checkpointDigest(checkpoint), getBytes(org1.publicKey), { lowS: false, prehash: false })).to.equal(true, "a valid signature but for its S");
      const stranger = { mspId: "Org3MSP", privateKey: sha256(new TextEncoder().encode("twinledger test Org3MSP")) };
      expect(verdict([sign(org1)])).to.equal("CheckpointQuorumNotMet");
      expect(verdict([])).to.equal("CheckpointQuorumNotMet");
      expect(verdict([sign(org1), sign(org1)])).to.equal("DuplicateCommitteeMember");
      expect(verdict([sign(org1), sign(org2), sign(org1)])).to.equal("DuplicateCommitteeMember");
      expect(verdict([sign(org1), sign(org2), signCheckpoint(stranger.privateKey, stranger.mspId, checkpoint)])).to.equal("UnknownCommitteeMember");
      expect(verdict([highS, sign(org2)])).to.equal("CheckpointSignatureInvalid");
      expect(verdict([sign(org1, other), sign(org2)])).to.equal("CheckpointSignatureInvalid");
      expect(verdict([sign(org1, checkpoint, "Org2MSP"), sign(org2, checkpoint, "Org1MSP")])).to.equal("CheckpointSignatureInvalid");
      expect(verdict([{ mspId: "Org1MSP", signature: good.signature.slice(0, 128) }, sign(org2)])).to.equal("CheckpointSignatureInvalid");
      expect(verdict([{ mspId: "Org1MSP", signature: `0x${"00".repeat(64)}` }, sign(org2)])).to.equal("CheckpointSignatureInvalid");
      // Every field is signed: a checkpoint changed in any one of them is not the one signed.
      const signatures = [sign(org1), sign(org2)];
      const changed: EvmCheckpoint[] = [
        { ...checkpoint, chainId: checkpoint.chainId + 1n },
        { ...checkpoint, blockNumber: checkpoint.blockNumber + 1n },
        { ...checkpoint, blockHash: other.blockHash },
        { ...checkpoint, stateRoot: keccak256(checkpoint.stateRoot) },
        { ...checkpoint, timestamp: checkpoint.timestamp + 1n },
      ];
      for (const c of changed) expect(verdict(signatures, members, c)).to.equal("CheckpointSignatureInvalid");
      expect(verdict(signatures, members, { ...checkpoint, blockNumber: 1n << 64n })).to.equal("EvidenceMalformed");
      expect(verdict(signatures, members, { ...checkpoint, chainId: 0n })).to.equal("EvidenceMalformed");
    });

    it("validates the committee: 1 to 16 members, distinct names and keys on the curve, a majority quorum", () => {
      const [a, b] = members.members as [EvmCommittee["members"][number], EvmCommittee["members"][number]];
      const third = { mspId: "Org3MSP", publicKey: hex(p256.getPublicKey(sha256(new TextEncoder().encode("third")), false)) };
      const manyKeys = Array.from({ length: 17 }, (_, i) => ({ mspId: `Org${i}MSP`, publicKey: hex(p256.getPublicKey(sha256(Uint8Array.of(i + 1)), false)) }));
      const invalid: Record<string, unknown> = {
        "no members": { members: [], quorum: 1 },
        "17 members": { members: manyKeys, quorum: 17 },
        "a name twice": { members: [a, { ...b, mspId: a.mspId }], quorum: 2 },
        "a key twice": { members: [a, { ...b, publicKey: a.publicKey }], quorum: 2 },
        "a compressed key": { members: [a, { ...b, publicKey: hex(p256.getPublicKey(sha256(new TextEncoder().encode("x")), true)) }], quorum: 2 },
        "a key off the curve": { members: [a, { ...b, publicKey: `0x04${"11".repeat(64)}` }], quorum: 2 },
        "quorum 0": { members: [a, b], quorum: 0 },
        "quorum above the members": { members: [a, b], quorum: 3 },
        "quorum of half (1 of 2)": { members: [a, b], quorum: 1 },
        "quorum of half (2 of 4)": { members: manyKeys.slice(0, 4), quorum: 2 },
        "a fractional quorum": { members: [a, b, third], quorum: 2.5 },
        "an unknown field": { ...members, epoch: 1 },
        "an unknown member field": { members: [a, { ...b, role: "x" }], quorum: 2 },
        "not an MSP ID": { members: [a, { ...b, mspId: "Org 2" }], quorum: 2 },
      };
      for (const [why, committee] of Object.entries(invalid)) expect(codeOf(() => validateCommittee(committee)), why).to.equal("CommitteeInvalid");
      expect(validateCommittee({ members: [a, b, third], quorum: 2 }).quorum).to.equal(2);
      expect(validateCommittee({ members: [a], quorum: 1 }).members).to.have.length(1);
      expect(validateCommittee({ members: manyKeys.slice(0, 16), quorum: 9 }).members).to.have.length(16);
      expect(parseEvmCommittee(JSON.stringify(members))).to.deep.equal(members);
      expect(parseEvmCommittee(evmCommitteeToJson(members))).to.deep.equal(members);
      expect(codeOf(() => parseEvmCommittee("{"))).to.equal("CommitteeInvalid");
      // A 2-of-3 committee: any two members make the quorum, one does not.
      const keyOfThird = { mspId: "Org3MSP", privateKey: sha256(new TextEncoder().encode("third")) };
      const three = { members: [a, b, third], quorum: 2 };
      const byThird = signCheckpoint(keyOfThird.privateKey, keyOfThird.mspId, checkpoint);
      expect(verdict([sign(org1), byThird], three)).to.equal("accepted");
      expect(verdict([byThird], three)).to.equal("CheckpointQuorumNotMet");
    });

    it("attests through the CommitteeAttestor: the object or its JSON, the chain checked", () => {
      const evidence = { checkpoint, signatures: [sign(org1), sign(org2)] };
      const attestor = new CommitteeAttestor(members, checkpoint.chainId);
      expect(attestor.attest(evidence)).to.deep.equal(checkpoint);
      expect(attestor.attest(checkpointEvidenceToJson(evidence))).to.deep.equal(checkpoint);
      expect(codeOf(() => new CommitteeAttestor(members, checkpoint.chainId + 1n).attest(evidence))).to.equal("CheckpointWrongChain");
      expect(codeOf(() => attestor.attest({ ...evidence, extra: true }))).to.equal("EvidenceMalformed");
      expect(codeOf(() => attestor.attest({ checkpoint, signatures: [sign(org1)] }))).to.equal("CheckpointQuorumNotMet");
      expect(codeOf(() => new CommitteeAttestor({ ...members, quorum: 1 }))).to.equal("CommitteeInvalid");
    });

    it("writes the evidence as canonical JSON and reads back only that spelling", () => {
      const evidence = { checkpoint, signatures: [sign(org1), sign(org2)] };
      const json = checkpointEvidenceToJson(evidence);
      expect(json.startsWith(`{"checkpoint":{"blockHash":"0x`)).to.equal(true);
      const back = checkpointEvidenceFromJson(json);
      expect(back).to.deep.equal(evidence);
      expect(checkpointEvidenceToJson(back)).to.equal(json);
      const o = JSON.parse(json) as { checkpoint: Record<string, string>; signatures: Record<string, string>[] };
      const refused: Record<string, string> = {
        "an unknown top-level field": JSON.stringify({ ...o, proof: {} }),
        "an unknown checkpoint field": JSON.stringify({ ...o, checkpoint: { ...o.checkpoint, parentHash: o.checkpoint.blockHash } }),
        "an unknown signature field": JSON.stringify({ ...o, signatures: [{ ...o.signatures[0], v: 27 }, o.signatures[1]] }),
        "a missing field": JSON.stringify({ ...o, checkpoint: { ...o.checkpoint, timestamp: undefined } }),
        "a number for a decimal string": json.replace(`"chainId":"${checkpoint.chainId}"`, `"chainId":${checkpoint.chainId}`),
        "a decimal with a leading zero": json.replace(`"chainId":"${checkpoint.chainId}"`, `"chainId":"0${checkpoint.chainId}"`),
        "a hex decimal": json.replace(`"chainId":"${checkpoint.chainId}"`, `"chainId":"${toBeHex(checkpoint.chainId)}"`),
        "uppercase hex": json.replace(checkpoint.stateRoot, `0x${checkpoint.stateRoot.slice(2).toUpperCase()}`),
        "a short hash": json.replace(checkpoint.blockHash, checkpoint.blockHash.slice(0, 64)),
        "a short signature": json.replace(o.signatures[0]!.signature!, o.signatures[0]!.signature!.slice(0, 128)),
        whitespace: JSON.stringify(o, null, 2),
        "keys out of order": JSON.stringify({ signatures: o.signatures, checkpoint: o.checkpoint }),
        "a duplicate key": json.replace(`{"blockHash"`, `{"chainId":"1","blockHash"`),
        "signatures not a list": JSON.stringify({ ...o, signatures: o.signatures[0] }),
        "17 signatures": JSON.stringify({ ...o, signatures: Array.from({ length: 17 }, () => o.signatures[0]) }),
        "not JSON": json.slice(1),
        "too long": json + " ".repeat(9000),
      };
      for (const [why, text] of Object.entries(refused)) {
        expect(text, why).to.not.equal(json);
        expect(codeOf(() => checkpointEvidenceFromJson(text)), why).to.equal("EvidenceMalformed");
      }
    });
  });
});

/** Org1MSP and Org2MSP with fixed P-256 keys, quorum 2 of 2. */
function committeeOfTwo(): { members: EvmCommittee; keys: { mspId: string; privateKey: Uint8Array; publicKey: string }[] } {
  const keys = ["Org1MSP", "Org2MSP"].map((mspId) => {
    const privateKey = sha256(new TextEncoder().encode(`twinledger test ${mspId}`));
    return { mspId, privateKey, publicKey: hex(p256.getPublicKey(privateKey, false)) };
  });
  return { members: { members: keys.map(({ mspId, publicKey }) => ({ mspId, publicKey })), quorum: 2 }, keys };
}

function b64(hexDigits: string): string {
  return Buffer.from(hexDigits, "hex").toString("base64url");
}
