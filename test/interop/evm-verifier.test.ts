/**
 * FabricFactVerifier on EVM (core/spec/INTEROP.md §3): a nonce issued for a consumer, a fact
 * proven by the endorsements of Org1MSP's and Org2MSP's peers over a ProposalResponsePayload as a
 * Fabric peer builds it, consumed once. Every named refusal is reached by a minimal input (the
 * payloads re-signed by the peers so the checks after the signatures are reached), in the order
 * of the specification; every single-byte mutation of a valid payload is refused, and, re-signed,
 * judged exactly as the TypeScript reference verifier (core/interop/verifier.ts) judges it. The
 * gas of a consumption with two endorsements stays under 150,000.
 *
 *   npx hardhat test mocha test/interop/evm-verifier.test.ts
 */
import { expect } from "chai";
import fc from "fast-check";
import { network } from "hardhat";
import type { ContractTransactionReceipt } from "ethers";
import {
  FabricFactVerifier__factory,
  FabricMembership__factory,
  FactConsumerHarness__factory,
  RoleRegistry__factory,
} from "../../typechain-types/index.js";
import type { FabricFactVerifier, FabricMembership, FactConsumerHarness, RoleRegistry } from "../../typechain-types/index.js";
import { EVM_VERSION } from "../../hardhat.config.js";
import { InteropError, PROOF_ERROR_ARGUMENTS } from "../../core/interop/errors.js";
import { FabricMembershipModel } from "../../core/interop/membership.js";
import { certificateAuthorityOf } from "../../core/interop/peer-certificate.js";
import { FabricFactVerifierModel } from "../../core/interop/verifier.js";
import { FACT_TYPES, STATEMENT_DOMAIN, encodeStatement, keccakHex, type FactStatement, type FactType } from "../../core/interop/statement.js";
import {
  CHAINCODE_NAME,
  CHANNEL_ID,
  buildFactPrp,
  bytesField,
  derSignature,
  endorse,
  factStatement,
  highS,
  serializedIdentity,
  signatureValues,
  toEvmEndorsements,
  topLevelFields,
  twoOrganizations,
  varint,
  varintField,
  type Endorsement,
  type FactPrpOptions,
} from "./fixtures.js";

const { ethers } = await network.create();
type Signer = Awaited<ReturnType<typeof ethers.getSigners>>[number];

const LIFETIME = 600n;
const GAS_BUDGET = 150_000n;
const hex = (bytes: Uint8Array) => `0x${Buffer.from(bytes).toString("hex")}`;
const [org1, org2] = twoOrganizations();
const SUBJECT = keccakHex("(01)09506000134352(21)ABC");

interface Issued {
  nonce: string;
  notBefore: bigint;
  expiry: bigint;
  factType: FactType;
  subject: string;
  consumer: string;
}

describe("FabricFactVerifier (EVM)", function () {
  let admin: Signer;
  let stranger: Signer;
  let chainId: bigint;
  let roles: RoleRegistry;
  let membership: FabricMembership;
  let verifier: FabricFactVerifier;
  let harness: FactConsumerHarness;
  let otherHarness: FactConsumerHarness;
  let peers: { org1: string; org2: string; org1second: string };

  before(async () => {
    [admin, stranger] = await ethers.getSigners();
    chainId = (await ethers.provider.getNetwork()).chainId;
  });

  beforeEach(async () => {
    roles = await new RoleRegistry__factory(admin).deploy(admin.address);
    membership = await new FabricMembership__factory(admin).deploy(await roles.getAddress(), CHANNEL_ID, CHAINCODE_NAME);
    for (const { mspId, organization } of [org1, org2]) {
      await (await membership.registerOrganization(mspId, organization.caKeyX, organization.caKeyY, organization.caSubject)).wait();
    }
    await (await membership.setEndorsementPolicy(["Org1MSP", "Org2MSP"])).wait();
    const registered = async (identity: typeof org1.peer) => {
      const serialized = serializedIdentity(identity);
      await (await membership.connect(stranger).registerPeer(serialized)).wait();
      return ethers.keccak256(serialized);
    };
    peers = { org1: await registered(org1.peer), org2: await registered(org2.peer), org1second: await registered(org1.peer1) };
    verifier = await new FabricFactVerifier__factory(admin).deploy(await membership.getAddress(), await roles.getAddress(), LIFETIME);
    harness = await new FactConsumerHarness__factory(admin).deploy(await verifier.getAddress());
    otherHarness = await new FactConsumerHarness__factory(admin).deploy(await verifier.getAddress());
  });

  /** Asks the verifier, through `consumer`, for a nonce; what NonceIssued says. */
  async function issue(factType: FactType = "IdentifierBinding", subject = SUBJECT, consumer = harness): Promise<Issued> {
    const receipt = (await (await consumer.requestNonce(FACT_TYPES[factType], subject)).wait())!;
    const event = receipt.logs.map((log) => verifier.interface.parseLog(log)).find((parsed) => parsed?.name === "NonceIssued")!;
    return { nonce: event.args.nonce, notBefore: event.args.notBefore, expiry: event.args.expiry, factType, subject, consumer: (await consumer.getAddress()).toLowerCase() };
  }

  /** The statement proveFact states for an issued nonce. */
  const statementFor = (issued: Issued, changes: Partial<FactStatement> = {}): FactStatement =>
    factStatement({ chainId, consumer: issued.consumer, nonce: issued.nonce, notBefore: issued.notBefore, expiry: issued.expiry, factType: issued.factType, subject: issued.subject, ...changes });

  /** A payload for the issued nonce, endorsed by Org1's and Org2's peers. */
  function proofFor(issued: Issued, options: Partial<FactPrpOptions> = {}, statement: Partial<FactStatement> = {}) {
    const prp = buildFactPrp({ statement: statementFor(issued, statement), ...options });
    return { prp, endorsements: [endorse(prp, org1.peer), endorse(prp, org2.peer)] };
  }

  const endorsedBoth = (prp: Uint8Array) => [endorse(prp, org1.peer), endorse(prp, org2.peer)];

  const consume = (prp: Uint8Array, endorsements: readonly Endorsement[] | { peer: string; signature: string }[], through = harness) =>
    through.consume(hex(prp), "endorser" in (endorsements[0] ?? {}) ? toEvmEndorsements(endorsements as Endorsement[]) : (endorsements as { peer: string; signature: string }[]));

  const simulate = (prp: Uint8Array, endorsements: readonly Endorsement[] | { peer: string; signature: string }[], through = harness) =>
    through.consume.staticCall(hex(prp), "endorser" in (endorsements[0] ?? {}) ? toEvmEndorsements(endorsements as Endorsement[]) : (endorsements as { peer: string; signature: string }[]));

  /** The name of the verifier error a call reverts with, or "ok". */
  async function outcome(call: Promise<unknown>): Promise<string> {
    try {
      await call;
      return "ok";
    } catch (error) {
      const data = (error as { data?: string }).data;
      const parsed = typeof data === "string" ? verifier.interface.parseError(data) : null;
      if (!parsed) throw error;
      return parsed.name;
    }
  }

  describe("a valid proof", () => {
    it("is consumed once by the consumer it names: the statement returned, FactConsumed and FactRecorded emitted, the nonce gone", async () => {
      const issued = await issue("CertificateVerdict", keccakHex("QMS-2026-18"));
      const { prp, endorsements } = proofFor(issued, {}, { value: `0x${"00".repeat(31)}01` });
      const returned = await simulate(prp, endorsements);
      expect((returned as unknown as { toObject(): object }).toObject()).to.deep.equal({
        channelHash: ethers.id(CHANNEL_ID),
        factType: 2n,
        subject: keccakHex("QMS-2026-18"),
        value: `0x${"00".repeat(31)}01`,
        chainId,
        consumer: await harness.getAddress(),
        nonce: issued.nonce,
        notBefore: issued.notBefore,
        expiry: issued.expiry,
      });
      const tx = consume(prp, endorsements);
      await expect(tx).to.emit(verifier, "FactConsumed").withArgs(issued.nonce, await harness.getAddress(), 2n, keccakHex("QMS-2026-18"), `0x${"00".repeat(31)}01`);
      await expect(tx).to.emit(harness, "FactRecorded");
      expect(await verifier.nonceBinding(issued.nonce)).to.equal(ethers.ZeroHash);
    });

    it(`costs under ${GAS_BUDGET} gas with two endorsements, through a consumer (osaka: the P-256 precompile)`, async function () {
      // Before osaka (EIP-7951) a chain has no P256VERIFY and OpenZeppelin verifies in Solidity, some 200,000 gas a signature.
      if (EVM_VERSION !== "osaka") this.skip();
      const issued = await issue();
      const { prp, endorsements } = proofFor(issued);
      const receipt = (await (await consume(prp, endorsements)).wait()) as ContractTransactionReceipt;
      const request = (await (await harness.requestNonce(1, SUBJECT)).wait())!;
      console.log(`      consumeFact (2 endorsements, ${prp.length}-byte payload): ${receipt.gasUsed} gas; requestNonce: ${request.gasUsed} gas`);
      expect(receipt.gasUsed).to.be.lessThan(GAS_BUDGET);
    });

    it("accepts the endorsements in either order, and an extra one of an organisation the policy does not require", async () => {
      const issued = await issue();
      const { prp, endorsements } = proofFor(issued);
      expect(await outcome(simulate(prp, [...endorsements].reverse()))).to.equal("ok");
      await (await membership.setEndorsementPolicy(["Org2MSP"])).wait();
      expect(await outcome(simulate(prp, endorsements))).to.equal("ok");
    });

    it("issues nonces bound to their consumer, fact and window: NonceIssued, the lifetime from now, distinct nonces", async () => {
      const first = await issue();
      const second = await issue();
      expect(first.nonce).to.not.equal(second.nonce);
      expect(second.expiry - second.notBefore).to.equal(LIFETIME);
      const binding = ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["address", "uint8", "bytes32", "uint64", "uint64"], [first.consumer, 1, SUBJECT, first.notBefore, first.expiry]));
      expect(await verifier.nonceBinding(first.nonce)).to.equal(binding);
    });

    it("refuses a nonce for fact type 0 or 5, or for no consumer, with InvalidArgument", async () => {
      await expect(verifier.requestNonce(await harness.getAddress(), 0, SUBJECT)).to.be.revertedWithCustomError(verifier, "InvalidArgument").withArgs("factType");
      await expect(verifier.requestNonce(await harness.getAddress(), 5, SUBJECT)).to.be.revertedWithCustomError(verifier, "InvalidArgument").withArgs("factType");
      await expect(verifier.requestNonce(ethers.ZeroAddress, 1, SUBJECT)).to.be.revertedWithCustomError(verifier, "InvalidArgument").withArgs("consumer");
    });

    it("lets only ADMIN set the nonce lifetime (not zero), which new nonces then get", async () => {
      await expect(verifier.connect(stranger).setNonceLifetime(60)).to.be.revertedWithCustomError(verifier, "Unauthorized").withArgs(stranger.address);
      await expect(verifier.setNonceLifetime(0)).to.be.revertedWithCustomError(verifier, "InvalidArgument").withArgs("nonceLifetime");
      await expect(verifier.setNonceLifetime(60)).to.emit(verifier, "NonceLifetimeSet").withArgs(60n);
      const issued = await issue();
      expect(issued.expiry - issued.notBefore).to.equal(60n);
      expect(await verifier.nonceLifetime()).to.equal(60n);
    });
  });

  describe("refusals, in the order of the specification", () => {
    let issued: Issued;
    beforeEach(async () => {
      issued = await issue();
    });

    const expectError = async (call: Promise<unknown>, name: keyof typeof PROOF_ERROR_ARGUMENTS, ...args: unknown[]) => {
      const assertion = expect(call).to.be.revertedWithCustomError(verifier, name);
      await (args.length > 0 ? assertion.withArgs(...args) : assertion);
    };

    it("UnknownEndorser: a peer never registered, a removed peer, a peer of a removed organisation", async () => {
      const { prp, endorsements } = proofFor(issued);
      const unregistered = org2.ca.issue("peer7.org2.example.com@org2.example.com", "peer");
      await expectError(simulate(prp, [endorsements[0]!, endorse(prp, unregistered)]), "UnknownEndorser", ethers.keccak256(serializedIdentity(unregistered)));
      await (await membership.removePeer(peers.org2)).wait();
      await expectError(simulate(prp, endorsements), "UnknownEndorser", peers.org2);
      await (await membership.removeOrganization("Org1MSP")).wait();
      await expectError(simulate(prp, endorsements), "UnknownEndorser", peers.org1);
    });

    it("UnknownEndorser comes before a malformed signature", async () => {
      const { prp } = proofFor(issued);
      await expectError(simulate(prp, [{ peer: ethers.ZeroHash, signature: "0x00" }]), "UnknownEndorser", ethers.ZeroHash);
    });

    it("DuplicateOrganization: two endorsements by peers of one organisation", async () => {
      const { prp } = proofFor(issued);
      await expectError(simulate(prp, [endorse(prp, org1.peer), endorse(prp, org1.peer1), endorse(prp, org2.peer)]), "DuplicateOrganization", 1n);
      await expectError(simulate(prp, [endorse(prp, org1.peer), endorse(prp, org2.peer), endorse(prp, org1.peer)]), "DuplicateOrganization", 2n);
    });

    it("SignatureMalformed: the high-S twin, non-minimal DER, trailing bytes, r = 0, not DER at all", async () => {
      const { prp, endorsements } = proofFor(issued);
      const [first, second] = endorsements as [Endorsement, Endorsement];
      const { r, s } = signatureValues(second.signature);
      const withSignature = (signature: Uint8Array) => [first, { endorser: second.endorser, signature }];
      const nonMinimal = (() => {
        const der = Buffer.from(derSignature(r, s));
        const rLength = der[3]!;
        return Buffer.concat([Buffer.from([0x30, der[1]! + 1, 0x02, rLength + 1, 0x00]), der.subarray(4)]);
      })();
      const cases: Record<string, Uint8Array> = {
        "high S": highS(second.signature),
        "non-minimal r": nonMinimal,
        "a byte after": Buffer.concat([Buffer.from([0x30, second.signature[1]! + 1]), second.signature.subarray(2), Buffer.from([0])]),
        "r = 0": derSignature(0n, s),
        "s = n": derSignature(r, 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n),
        "raw r ‖ s": Buffer.concat([Buffer.from(r.toString(16).padStart(64, "0"), "hex"), Buffer.from(s.toString(16).padStart(64, "0"), "hex")]),
        "empty": new Uint8Array(),
        "s: an INTEGER tag and no length": Buffer.from("3006020301010102", "hex"),
      };
      for (const [what, signature] of Object.entries(cases)) {
        expect(await outcome(simulate(prp, withSignature(signature))), what).to.equal("SignatureMalformed");
      }
      await expectError(simulate(prp, withSignature(highS(second.signature))), "SignatureMalformed", 1n);
    });

    it("EndorsementInvalid: a signature of another payload, or by another peer's key", async () => {
      const { prp, endorsements } = proofFor(issued);
      const other = buildFactPrp({ statement: statementFor(issued, { value: keccakHex("M-1002") }) });
      await expectError(simulate(prp, [endorse(other, org1.peer), endorsements[1]!]), "EndorsementInvalid", 0n);
      const byAnotherKey = { endorser: serializedIdentity(org2.peer), signature: endorse(prp, org2.peer1).signature };
      await expectError(simulate(prp, [endorsements[0]!, byAnotherKey]), "EndorsementInvalid", 1n);
    });

    it("PolicyNotSatisfied: one endorsement short, none at all (even when the policy requires none)", async () => {
      const { prp, endorsements } = proofFor(issued);
      await expectError(simulate(prp, [endorsements[0]!]), "PolicyNotSatisfied", 1n, 3n);
      await expectError(simulate(prp, [endorsements[1]!]), "PolicyNotSatisfied", 2n, 3n);
      await expectError(simulate(prp, []), "PolicyNotSatisfied", 0n, 3n);
      await (await membership.setEndorsementPolicy([])).wait();
      await expectError(simulate(prp, []), "PolicyNotSatisfied", 0n, 0n);
    });

    it("PolicyNotSatisfied comes before any reading of the payload", async () => {
      await expectError(simulate(new Uint8Array([0xff]), [endorse(new Uint8Array([0xff]), org1.peer)]), "PolicyNotSatisfied", 1n, 3n);
    });

    describe("ProposalResponseMalformed: the payload is not canonical protobuf (re-signed)", () => {
      const base = () => buildFactPrp({ statement: statementFor(issued) });
      /** The payload with its ChaincodeAction's top-level fields rewritten. */
      const withAction = (prp: Uint8Array, rewrite: (fields: ReturnType<typeof topLevelFields>) => Uint8Array[]) => {
        const [hash, extension] = topLevelFields(prp) as [ReturnType<typeof topLevelFields>[number], ReturnType<typeof topLevelFields>[number]];
        return Buffer.concat([hash.bytes, bytesField(2, Buffer.concat(rewrite(topLevelFields(extension.value))))]);
      };
      const actionField = (prp: Uint8Array, number: number) => topLevelFields(topLevelFields(prp)[1]!.value).find((field) => field.number === number)!;

      const cases: Record<string, (prp: Uint8Array) => Uint8Array> = {
        "fields out of order": (prp) => {
          const [hash, extension] = topLevelFields(prp);
          return Buffer.concat([extension!.bytes, hash!.bytes]);
        },
        "a field twice": (prp) => {
          const [hash, extension] = topLevelFields(prp);
          return Buffer.concat([hash!.bytes, hash!.bytes, extension!.bytes]);
        },
        "a non-minimal varint (a length in two bytes)": (prp) => {
          const [hash, extension] = topLevelFields(prp);
          return Buffer.concat([varint((1 << 3) | 2), varint(hash!.value.length, 2), hash!.value, extension!.bytes]);
        },
        "a length past the end": (prp) => {
          const [hash, extension] = topLevelFields(prp);
          return Buffer.concat([hash!.bytes, varint((2 << 3) | 2), varint(extension!.value.length + 1), extension!.value]);
        },
        "an unknown field": (prp) => Buffer.concat([prp, bytesField(3, Buffer.from("x"))]),
        "a field of another wire type": (prp) => Buffer.concat([varintField(1, 7), topLevelFields(prp)[1]!.bytes]),
        "no proposal hash": (prp) => topLevelFields(prp)[1]!.bytes,
        "an empty payload": () => new Uint8Array(),
        "no response in the action": (prp) => withAction(prp, (fields) => fields.filter((field) => field.number !== 3).map((field) => field.bytes)),
        "no chaincode id in the action": (prp) => withAction(prp, (fields) => fields.filter((field) => field.number !== 4).map((field) => field.bytes)),
        "a chaincode name that is not UTF-8": (prp) =>
          withAction(prp, (fields) => fields.map((field) => (field.number === 4 ? bytesField(4, Buffer.concat([bytesField(2, Buffer.from([0xc3, 0x28]))])) : field.bytes))),
        "ChaincodeID fields out of order": (prp) =>
          withAction(prp, (fields) => fields.map((field) => (field.number === 4 ? bytesField(4, Buffer.concat([bytesField(2, Buffer.from(CHAINCODE_NAME)), bytesField(1, Buffer.from("p"))])) : field.bytes))),
        "an event with its name twice": (prp) => {
          const event = actionField(prp, 2);
          const fields = topLevelFields(event.value);
          const name = fields.find((field) => field.number === 3)!;
          const doubled = Buffer.concat(fields.flatMap((field) => (field.number === 3 ? [field.bytes, name.bytes] : [field.bytes])));
          return withAction(prp, (action) => action.map((field) => (field.number === 2 ? bytesField(2, doubled) : field.bytes)));
        },
        "a status of more than 64 bits": (prp) => {
          const response = actionField(prp, 3);
          const rest = topLevelFields(response.value).filter((field) => field.number !== 1).map((field) => field.bytes);
          const status = Buffer.concat([varint(1 << 3), Buffer.from([0xc8, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02])]);
          return withAction(prp, (action) => action.map((field) => (field.number === 3 ? bytesField(3, Buffer.concat([status, ...rest])) : field.bytes)));
        },
        "KVRWSet reads after a range query": (prp) => {
          const results = actionField(prp, 1);
          const [dataModel, ...namespaces] = topLevelFields(results.value);
          const last = namespaces[namespaces.length - 1]!;
          const [name, rwset] = topLevelFields(last.value);
          const kv = Buffer.concat([rwset!.value, bytesField(2, new Uint8Array()), topLevelFields(rwset!.value)[0]!.bytes]);
          const ns = bytesField(2, Buffer.concat([name!.bytes, bytesField(2, kv)]));
          const rebuilt = Buffer.concat([dataModel!.bytes, ...namespaces.slice(0, -1).map((field) => field.bytes), ns]);
          return withAction(prp, (action) => action.map((field) => (field.number === 1 ? bytesField(1, rebuilt) : field.bytes)));
        },
        "namespaces not consecutive": (prp) => {
          const results = actionField(prp, 1);
          // data_model KV is 0, which proto3 does not write: spelled out between the two namespaces.
          const [first, ...rest] = topLevelFields(results.value);
          expect(first!.number).to.equal(2);
          const rebuilt = Buffer.concat([first!.bytes, varintField(1, 0), ...rest.map((field) => field.bytes)]);
          return withAction(prp, (action) => action.map((field) => (field.number === 1 ? bytesField(1, rebuilt) : field.bytes)));
        },
      };

      for (const [what, mutate] of Object.entries(cases)) {
        it(what, async () => {
          const prp = mutate(base());
          await expectError(simulate(prp, endorsedBoth(prp)), "ProposalResponseMalformed");
        });
      }

      it("comes before the status: a malformed payload with status 500", async () => {
        const prp = Buffer.concat([buildFactPrp({ statement: statementFor(issued), status: 500 }), bytesField(3, Buffer.from("x"))]);
        await expectError(simulate(prp, endorsedBoth(prp)), "ProposalResponseMalformed");
      });
    });

    it("ChaincodeFailed: status 500 (Fabric signs every status below 400), and an absent status as 0", async () => {
      let { prp, endorsements } = proofFor(issued, { status: 500 });
      await expectError(simulate(prp, endorsements), "ChaincodeFailed", 500n);
      ({ prp, endorsements } = proofFor(issued, { status: 0 }));
      await expectError(simulate(prp, endorsements), "ChaincodeFailed", 0n);
    });

    it("ChaincodeFailed comes before the chaincode's name", async () => {
      const { prp, endorsements } = proofFor(issued, { status: 300, chaincodeName: "other" });
      await expectError(simulate(prp, endorsements), "ChaincodeFailed", 300n);
    });

    it("WrongChaincode: another chaincode answered (its event its own)", async () => {
      const { prp, endorsements } = proofFor(issued, { chaincodeName: "twinledger2" });
      await expectError(simulate(prp, endorsements), "WrongChaincode");
    });

    it("NotAFactProof: another event name, another chaincode's event, no event", async () => {
      for (const options of [{ eventName: "FactProof2" }, { eventName: "factProof" }, { eventChaincodeId: "other" }, { omitEvent: true }]) {
        const { prp, endorsements } = proofFor(issued, options);
        expect(await outcome(simulate(prp, endorsements)), JSON.stringify(options)).to.equal("NotAFactProof");
      }
    });

    it("ProofHasWrites: a write or a metadata write in the chaincode's namespace, a write in another", async () => {
      for (const options of [{ writes: [{ key: "x", value: new Uint8Array([1]) }] }, { metadataWrites: ["x"] }, { writesInNamespace: "_lifecycle" }]) {
        const { prp, endorsements } = proofFor(issued, options);
        expect(await outcome(simulate(prp, endorsements)), JSON.stringify(Object.keys(options))).to.equal("ProofHasWrites");
      }
    });

    it("StatementMalformed: 319 or 321 bytes, another domain, fact type 0 or 5, a dirty address word, a uint64 overflowing", async () => {
      const good = encodeStatement(statementFor(issued));
      const word = (index: number, value: string) => {
        const copy = Buffer.from(good);
        Buffer.from(value.slice(2), "hex").copy(copy, index * 32);
        return copy;
      };
      const cases: Record<string, Uint8Array> = {
        "319 bytes": good.subarray(0, 319),
        "321 bytes": Buffer.concat([good, Buffer.from([0])]),
        "an empty payload": new Uint8Array(),
        "another domain": word(0, `0x${Buffer.from("twinledger.fact.v2").toString("hex").padEnd(64, "0")}`),
        "fact type 0": word(2, `0x${"00".repeat(32)}`),
        "fact type 5": word(2, `0x${"00".repeat(31)}05`),
        "fact type 257": word(2, `0x${"00".repeat(30)}0101`),
        "a dirty address word": word(6, `0x01${"00".repeat(11)}${issued.consumer.slice(2)}`),
        "notBefore of 2**64": word(8, `0x${"00".repeat(23)}01${"00".repeat(8)}`),
        "expiry of 2**64": word(9, `0x${"00".repeat(23)}01${"00".repeat(8)}`),
      };
      expect(STATEMENT_DOMAIN).to.equal(hex(good.subarray(0, 32)));
      for (const [what, statement] of Object.entries(cases)) {
        const prp = buildFactPrp({ statement });
        expect(await outcome(simulate(prp, endorsedBoth(prp))), what).to.equal("StatementMalformed");
      }
    });

    it("WrongChannel: a statement of another channel", async () => {
      const { prp, endorsements } = proofFor(issued, {}, { channelHash: keccakHex("otherchannel") });
      await expectError(simulate(prp, endorsements), "WrongChannel", keccakHex("otherchannel"));
    });

    it("WrongTarget: another chain id, another consumer, the right consumer not calling", async () => {
      let { prp, endorsements } = proofFor(issued, {}, { chainId: 1n });
      await expectError(simulate(prp, endorsements), "WrongTarget", 1n, await harness.getAddress());
      ({ prp, endorsements } = proofFor(issued));
      await expectError(simulate(prp, endorsements, otherHarness), "WrongTarget", chainId, await harness.getAddress());
      await expectError(verifier.connect(stranger).consumeFact.staticCall(hex(prp), toEvmEndorsements(endorsements)), "WrongTarget", chainId, await harness.getAddress());
    });

    it("UnknownNonce: a nonce never issued, one issued for another subject, fact type or window, one already used", async () => {
      const cases: Partial<FactStatement>[] = [
        { nonce: keccakHex("never issued") },
        { subject: keccakHex("another subject") },
        { factType: "ReceivableState" },
        { expiry: issued.expiry + 1n },
        { notBefore: issued.notBefore - 1n },
      ];
      for (const changes of cases) {
        const { prp, endorsements } = proofFor(issued, {}, changes);
        expect(await outcome(simulate(prp, endorsements)), JSON.stringify(changes, (_, v) => (typeof v === "bigint" ? String(v) : v))).to.equal("UnknownNonce");
      }
      const { prp, endorsements } = proofFor(issued);
      await (await consume(prp, endorsements)).wait();
      await expectError(simulate(prp, endorsements), "UnknownNonce", issued.nonce);
    });

    it("UnknownNonce: a nonce issued for another consumer, even when that consumer is named", async () => {
      const forOther = await issue("IdentifierBinding", SUBJECT, otherHarness);
      const { prp, endorsements } = proofFor(forOther, {}, { consumer: (await harness.getAddress()).toLowerCase() });
      await expectError(simulate(prp, endorsements), "UnknownNonce", forOther.nonce);
    });

    it("ProofExpired: after the expiry, not at it", async () => {
      const { prp, endorsements } = proofFor(issued);
      const latest = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
      await ethers.provider.send("evm_increaseTime", [Number(issued.expiry - latest)]);
      await ethers.provider.send("evm_mine", []);
      expect(BigInt((await ethers.provider.getBlock("latest"))!.timestamp)).to.equal(issued.expiry);
      expect(await outcome(simulate(prp, endorsements))).to.equal("ok");
      await ethers.provider.send("evm_increaseTime", [1]);
      await ethers.provider.send("evm_mine", []);
      await expectError(simulate(prp, endorsements), "ProofExpired", issued.expiry);
    });
  });

  describe("text in the payload must be UTF-8 (as the reference's fatal decoder reads it)", () => {
    let issued: Issued;
    let model: FabricFactVerifierModel;
    beforeEach(async () => {
      issued = await issue();
      model = referenceVerifier();
    });

    /** The payload with the ChaincodeID name, the event name or a written namespace spelled as `bytes`. */
    function spelled(where: "chaincode" | "event" | "namespace", bytes: Uint8Array): Uint8Array {
      const marker = { chaincode: "cc-name-marker", event: "ev-name-marker", namespace: "ns-name-marker" }[where];
      const prp = buildFactPrp({
        statement: statementFor(issued),
        ...(where === "chaincode" ? { chaincodeName: marker, eventChaincodeId: CHAINCODE_NAME } : {}),
        ...(where === "event" ? { eventName: marker } : {}),
        ...(where === "namespace" ? { writesInNamespace: marker } : {}),
      });
      // The marker and its replacement inside one length-delimited field: re-spell the length too.
      const at = Buffer.from(prp).lastIndexOf(Buffer.from(marker));
      const rebuilt = respell(prp, at, marker.length, bytes);
      expect(rebuilt, where).to.not.equal(undefined);
      return rebuilt!;
    }

    const cases: [string, number[], string][] = [
      ["two-byte é", [0xc3, 0xa9], "valid"],
      ["three-byte U+0800", [0xe0, 0xa0, 0x80], "valid"],
      ["four-byte U+10FFFF", [0xf4, 0x8f, 0xbf, 0xbf], "valid"],
      ["overlong /", [0xc0, 0xaf], "invalid"],
      ["overlong three-byte", [0xe0, 0x80, 0xaf], "invalid"],
      ["surrogate U+D800", [0xed, 0xa0, 0x80], "invalid"],
      ["above U+10FFFF", [0xf4, 0x90, 0x80, 0x80], "invalid"],
      ["lead F5", [0xf5, 0x80, 0x80, 0x80], "invalid"],
      ["cut short", [0x61, 0xe2, 0x82], "invalid"],
      ["a lone continuation byte", [0x61, 0x80, 0x62], "invalid"],
    ];
    const valid = { chaincode: "WrongChaincode", event: "NotAFactProof", namespace: "ProofHasWrites" } as const;

    for (const where of ["chaincode", "event", "namespace"] as const) {
      it(`${where}: well-formed text is read (${valid[where]}), anything else is ProposalResponseMalformed; as the reference`, async () => {
        for (const [what, bytes, kind] of cases) {
          const prp = spelled(where, Buffer.concat([Buffer.from("x"), Buffer.from(bytes), Buffer.from("-".repeat(40))]));
          const endorsements = endorsedBoth(prp);
          const actual = await outcome(simulate(prp, endorsements));
          expect(actual, `${where}, ${what}`).to.equal(kind === "valid" ? valid[where] : "ProposalResponseMalformed");
          expect(referenceOutcome(model, prp, endorsements, issued), `reference: ${where}, ${what}`).to.equal(actual);
        }
      });
    }

    it("a byte-order mark is text like any other: a chaincode name after one is another name", async () => {
      const prp = spelled("chaincode", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CHAINCODE_NAME)]));
      expect(await outcome(simulate(prp, endorsedBoth(prp)))).to.equal("WrongChaincode");
    });
  });

  describe("random edits of a valid payload, re-signed", () => {
    it("are judged as the reference verifier judges them (insertions, deletions, replacements)", async function () {
      this.timeout(300_000);
      const issued = await issue();
      const model = referenceVerifier();
      const { prp } = proofFor(issued);
      const seen = new Map<string, number>();
      const edit = fc.array(
        fc.record({ at: fc.nat({ max: prp.length - 1 }), kind: fc.constantFrom("insert", "delete", "replace"), byte: fc.nat({ max: 255 }) }),
        { minLength: 1, maxLength: 4 },
      );
      await fc.assert(
        fc.asyncProperty(edit, async (edits) => {
          let bytes = Buffer.from(prp);
          for (const { at, kind, byte } of edits) {
            const i = Math.min(at, bytes.length);
            if (kind === "insert") bytes = Buffer.concat([bytes.subarray(0, i), Buffer.from([byte]), bytes.subarray(i)]);
            else if (kind === "delete") bytes = Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + 1)]);
            else if (i < bytes.length) bytes[i] = byte;
          }
          const endorsements = endorsedBoth(bytes);
          const actual = await outcome(simulate(bytes, endorsements));
          seen.set(actual, (seen.get(actual) ?? 0) + 1);
          expect(actual).to.equal(referenceOutcome(model, bytes, endorsements, issued));
        }),
        { numRuns: Number(process.env.INTEROP_RUNS ?? 300) },
      );
      console.log(`      ${[...seen].map(([name, count]) => `${name} ${count}`).join(", ")}`);
    });
  });

  describe("every single-byte mutation of a valid payload", () => {
    it("in calldata (the signatures unchanged) is refused by a named error", async function () {
      this.timeout(300_000);
      const issued = await issue();
      const { prp, endorsements } = proofFor(issued);
      const evm = toEvmEndorsements(endorsements);
      const names = new Set(Object.keys(PROOF_ERROR_ARGUMENTS));
      const seen = new Map<string, number>();
      for (let index = 0; index < prp.length; index++) {
        const mutated = Buffer.from(prp);
        mutated[index]! ^= 0x01 << index % 8;
        const name = await outcome(harness.consume.staticCall(hex(mutated), evm));
        expect(names.has(name), `byte ${index}: ${name}`).to.equal(true);
        seen.set(name, (seen.get(name) ?? 0) + 1);
      }
      expect([...seen.keys()]).to.deep.equal(["EndorsementInvalid"]);
    });

    it("re-signed by the peers, is judged as the reference verifier judges it", async function () {
      this.timeout(300_000);
      const issued = await issue();
      const model = referenceVerifier();
      const { prp } = proofFor(issued);
      const seen = new Map<string, number>();
      for (let index = 0; index < prp.length; index++) {
        const mutated = Buffer.from(prp);
        mutated[index]! ^= 0x01 << index % 8;
        const endorsements = endorsedBoth(mutated);
        const expected = referenceOutcome(model, mutated, endorsements, issued);
        const actual = await outcome(simulate(mutated, endorsements));
        expect(actual, `byte ${index} (${prp[index]!.toString(16)} → ${mutated[index]!.toString(16)})`).to.equal(expected);
        seen.set(actual, (seen.get(actual) ?? 0) + 1);
      }
      console.log(`      ${prp.length} mutations: ${[...seen].map(([name, count]) => `${name} ${count}`).join(", ")}`);
      expect(seen.get("ProposalResponseMalformed")).to.be.greaterThan(0);
    });
  });

  /** The TypeScript reference of the same membership (its checks to the channel; the rest is the verifier's state). */
  function referenceVerifier(): FabricFactVerifierModel {
    const model = new FabricMembershipModel(CHANNEL_ID, CHAINCODE_NAME);
    for (const { mspId, ca } of [org1, org2]) model.registerOrganization(mspId, certificateAuthorityOf(ca.caCertificatePem));
    model.setEndorsementPolicy(["Org1MSP", "Org2MSP"]);
    for (const identity of [org1.peer, org2.peer, org1.peer1]) model.registerPeer(serializedIdentity(identity));
    return new FabricFactVerifierModel(model, { chainId, address: ethers.ZeroAddress }, LIFETIME);
  }

  /** What the reference says of a proof consumed by the harness while `issued` is pending and unexpired. */
  function referenceOutcome(model: FabricFactVerifierModel, prp: Uint8Array, endorsements: Endorsement[], issued: Issued): string {
    let statement: FactStatement;
    try {
      statement = model.checkProof({ proposalResponsePayload: prp, endorsements });
    } catch (error) {
      if (error instanceof InteropError) return error.code;
      throw error;
    }
    if (statement.chainId !== chainId || statement.consumer !== issued.consumer) return "WrongTarget";
    const same = statement.nonce === issued.nonce && statement.factType === issued.factType && statement.subject === issued.subject && statement.notBefore === issued.notBefore && statement.expiry === issued.expiry;
    return same ? "ok" : "UnknownNonce";
  }
});

/**
 * `prp` with the `length` bytes at `at` replaced by `bytes`, every enclosing length-delimited
 * field's length re-spelled (the walk from the top down to the field that holds them).
 */
function respell(prp: Uint8Array, at: number, length: number, bytes: Uint8Array): Uint8Array | undefined {
  const rewrite = (message: Uint8Array, offset: number): Uint8Array | undefined => {
    const fields = topLevelFields(message);
    let position = 0;
    const out: Uint8Array[] = [];
    let done = false;
    for (const field of fields) {
      const start = position;
      const valueStart = start + (field.bytes.length - field.value.length);
      position += field.bytes.length;
      const local = at - offset;
      if (!done && field.wire === 2 && local >= valueStart && local + length <= position) {
        const inner = local === valueStart && length === field.value.length ? bytes : rewrite(field.value, offset + valueStart);
        if (inner === undefined) return undefined;
        out.push(bytesField(field.number, inner));
        done = true;
      } else out.push(field.bytes);
    }
    return done ? Buffer.concat(out) : undefined;
  };
  return rewrite(prp, 0);
}
