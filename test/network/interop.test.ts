/**
 * `npm run test:interop`: cross-ledger proofs from the REAL 2-org Fabric network, checked by
 * the reference verifier and by the EVM contracts on Hardhat and on geth. Fails — never
 * skips — when the network or geth cannot be had.
 */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { interopErrorName } from "../../clients/evm/interop.js";
import { PEER_ORGS, userCert } from "../../network/fabric/layout.js";
import { serializeIdentity } from "../../clients/fabric-embedded/sim/index.js";
import { InteropError } from "../../core/interop/errors.js";
import { readSerializedIdentity } from "../../core/interop/endorsement.js";
import { readProposalResponsePayload } from "../../core/interop/proposal-response.js";
import { peerIdOf, type FabricFactProof } from "../../core/interop/proof.js";
import { keccakHex, type FactType } from "../../core/interop/statement.js";
import { FabricFactVerifierModel } from "../../core/interop/verifier.js";
import { RECEIVABLE_STATES } from "../../core/spec/lifecycles.js";
import { ensureGeth, gethDown, gethUp } from "../../network/evm/geth.js";
import { networkDown, networkKillNow, networkStatus } from "../../network/fabric/index.js";
import { endorse } from "../interop/fixtures.js";
import { referenceMembership, startFabricSide, type FabricSide } from "./interop/fabric-proofs.js";
import { hardhatSide, rpcSide, type EvmSide } from "./interop/evm-side.js";
import { runStoryOnNetwork, type StoryRun } from "./interop/cross-ledger-story.js";

const CHAIN_ID = 31337n;
const CONSUMER = "0x00000000000000000000000000000000000000c2";
const NOW = 1_900_000_000n;
const code = (n: number) => `0x${n.toString(16).padStart(64, "0")}`;

let fabric: FabricSide;
let startedNetwork = false;

before(async function () {
  this.timeout(600_000);
  startedNetwork = !(await networkStatus()).every((node) => node.healthy);
  if (startedNetwork) process.once("exit", networkKillNow);
  fabric = await startFabricSide((line) => console.log(`    network: ${line}`));
});
after(async function () {
  this.timeout(60_000);
  await fabric?.close();
  if (startedNetwork) await networkDown();
});

describe("interop: proofs endorsed by the real peers of Org1 and Org2", function () {
  this.timeout(120_000);
  let verifier: FabricFactVerifierModel;
  let bindingProof: FabricFactProof;

  before(() => {
    verifier = new FabricFactVerifierModel(referenceMembership(fabric), { chainId: CHAIN_ID, address: "0x00000000000000000000000000000000000000f1" }, 600n);
  });

  async function prove(factType: FactType, subject: string, subjectWord: string): Promise<FabricFactProof> {
    const nonce = verifier.requestNonce(CONSUMER, factType, subjectWord, NOW);
    return fabric.prove({ factType, subject, chainId: CHAIN_ID, consumer: CONSUMER, ...nonce });
  }

  it("one payload, endorsed by each organisation's peer with the identity its MSP folder holds", async () => {
    bindingProof = await prove("IdentifierBinding", fabric.story.canonical, fabric.story.key);
    const endorsers = bindingProof.endorsements.map(({ endorser }) => readSerializedIdentity(endorser).mspId).sort();
    expect(endorsers).to.deep.equal(["Org1MSP", "Org2MSP"]);
    const expected = fabric.material.map(({ peer }) => Buffer.from(serializeIdentity(peer)).toString("hex")).sort();
    expect(bindingProof.endorsements.map(({ endorser }) => Buffer.from(endorser).toString("hex")).sort()).to.deep.equal(expected);
  });

  it("the payload is canonical protobuf as the strict reader reads it: status 200, our chaincode, the FactProof event, no writes", () => {
    const answer = readProposalResponsePayload(bindingProof.proposalResponsePayload);
    expect(answer).to.deep.include({ status: 200, chaincodeName: fabric.chaincode, writtenNamespaces: [] });
    expect(answer.event?.name).to.equal("FactProof");
  });

  it("the reference verifier accepts the binding proof: the key, keccak of the bound asset", () => {
    const statement = verifier.consumeFact(bindingProof, CONSUMER, NOW + 1n);
    expect(statement).to.include({ factType: "IdentifierBinding", subject: fabric.story.key, value: keccakHex(fabric.story.assetId) });
  });

  it("states the registered invoice's state by its fingerprint", async () => {
    const { state } = await fabric.actors.bob.getReceivableByFingerprint(fabric.story.fingerprint);
    const statement = verifier.consumeFact(await prove("ReceivableState", fabric.story.fingerprint, fabric.story.fingerprint), CONSUMER, NOW + 1n);
    expect(statement.value).to.equal(code(1 + RECEIVABLE_STATES.indexOf(state)));
  });

  it("refuses the same proof twice: its nonce is consumed", () => {
    expect(() => verifier.consumeFact(bindingProof, CONSUMER, NOW + 2n)).to.throw(InteropError, /^UnknownNonce/);
  });
});

/** Gas of every real consumption and registration, by chain: printed as a table at the end. */
const gasTable: { chain: string; operation: string; gas: bigint }[] = [];
after(() => {
  if (gasTable.length === 0) return;
  console.log("\n    cross-ledger gas (real proofs from the 2-org network)");
  console.log(`    ${"chain".padEnd(8)} ${"operation".padEnd(44)} ${"gas".padStart(8)}`);
  for (const { chain, operation, gas } of gasTable) console.log(`    ${chain.padEnd(8)} ${operation.padEnd(44)} ${gas.toLocaleString("en-US").padStart(8)}`);
});

const EVM_SIDES: [name: string, connect: (fabric: FabricSide) => Promise<EvmSide>][] = [
  ["hardhat", hardhatSide],
  [
    "geth",
    async (side) => {
      const binary = await ensureGeth((line) => console.log(`    ${line}`)); // throws (fails the suite) when geth cannot be had
      const node = await gethUp({ binary });
      const evm = await rpcSide("geth", node.rpcUrl, node.privateKeys[0]!, side);
      return { ...evm, close: async () => { await evm.close(); if (node.started) await gethDown(); } };
    },
  ],
];

for (const [chain, connect] of EVM_SIDES) {
  describe(`interop: real proofs checked by the contracts on ${chain}`, function () {
    this.timeout(300_000);
    let evm: EvmSide;
    let reference: FabricFactVerifierModel;
    let now: () => Promise<bigint>;

    before(async function () {
      this.timeout(900_000);
      evm = await connect(fabric);
      reference = new FabricFactVerifierModel(referenceMembership(fabric), { chainId: evm.chainId, address: await evm.interop.verifier.getAddress() }, 3_600n);
      const provider = evm.interop.verifier.runner!.provider!;
      now = async () => BigInt((await provider.getBlock("latest"))!.timestamp);
      evm.registrationGas.forEach((gas, index) => gasTable.push({ chain, operation: `registerPeer (${fabric.material[index]!.mspId}, once)`, gas }));
    });
    after(async () => evm?.close());

    /** A nonce from the contract, then the fact endorsed by both peers for it. */
    async function proveFor(factType: FactType, subject: string, subjectWord: string, target: { chainId?: bigint; consumer?: string } = {}) {
      const issued = await evm.requestNonce(factType, subjectWord);
      reference.recordNonce(evm.consumerAddress, factType, subjectWord, issued);
      return fabric.prove({ factType, subject, chainId: target.chainId ?? evm.chainId, consumer: target.consumer ?? evm.consumerAddress, ...issued });
    }
    const referenceJudges = async (proof: FabricFactProof) => {
      try {
        reference.judge(proof, evm.consumerAddress, await now());
        return "ok";
      } catch (error) {
        if (error instanceof InteropError) return error.code;
        throw error;
      }
    };
    const bindingProof = () => proveFor("IdentifierBinding", fabric.story.canonical, fabric.story.key);

    it("registered both peers from the certificates their MSP folders hold; a second registration is refused", async () => {
      expect(evm.registrationGas).to.have.length(2);
      const again = await evm.interop.membership.registerPeer.staticCall(serializeIdentity(fabric.material[0]!.peer)).then(() => "ok", interopErrorNameOf);
      expect(again).to.equal("PeerAlreadyRegistered");
    });

    it("refuses an org's client certificate in place of a peer's: NotAPeer", async () => {
      const clientIdentity = { mspId: "Org1MSP", certificatePem: readUserCertificate() };
      const refused = await evm.interop.membership.registerPeer.staticCall(serializeIdentity(clientIdentity)).then(() => "ok", interopErrorNameOf);
      expect(refused).to.equal("NotAPeer");
    });

    it("consumes a real binding proof: the statement the reference verifier reads, within 150,000 gas", async () => {
      const proof = await bindingProof();
      const expected = reference.judge(proof, evm.consumerAddress, await now());
      const { statement, gasUsed } = await evm.consume(proof);
      gasTable.push({ chain, operation: "consumeFact, 2 endorsements (via a consumer)", gas: gasUsed });
      expect(statement).to.deep.equal(expected);
      expect(statement.value).to.equal(keccakHex(fabric.story.assetId));
      expect(gasUsed < 150_000n, `gas ${gasUsed}`).to.equal(true);
    });

    it("refuses a proof twice (UnknownNonce), and a proof for another chain or another consumer (WrongTarget)", async () => {
      const proof = await bindingProof();
      await evm.consume(proof);
      const otherChain = await proveFor("IdentifierBinding", fabric.story.canonical, fabric.story.key, { chainId: evm.chainId + 1n });
      const otherConsumer = await proveFor("IdentifierBinding", fabric.story.canonical, fabric.story.key, { consumer: `0x${"ab".repeat(20)}` });
      expect([await evm.judge(proof), await evm.judge(otherChain), await evm.judge(otherConsumer)]).to.deep.equal(["UnknownNonce", "WrongTarget", "WrongTarget"]);
    });

    it("refuses one endorsement short (PolicyNotSatisfied) and two by one organisation (DuplicateOrganization)", async () => {
      const proof = await bindingProof();
      const short = { ...proof, endorsements: proof.endorsements.slice(0, 1) };
      const doubled = { ...proof, endorsements: [proof.endorsements[0]!, proof.endorsements[0]!] };
      expect([await evm.judge(short), await evm.judge(doubled)]).to.deep.equal(["PolicyNotSatisfied", "DuplicateOrganization"]);
      expect([await referenceJudges(short), await referenceJudges(doubled)]).to.deep.equal(["PolicyNotSatisfied", "DuplicateOrganization"]);
    });

    it("refuses every single-byte change of a real proof — its payload and each signature — with the reference verifier's named error", async () => {
      const proof = await proveFor("ReceivableState", fabric.story.fingerprint, fabric.story.fingerprint);
      expect(await evm.judge(proof)).to.equal("ok");
      const flip = (bytes: Uint8Array, index: number) => Uint8Array.from(bytes, (byte, i) => (i === index ? byte ^ 0x01 : byte));
      const mutants: FabricFactProof[] = [];
      for (let i = 0; i < proof.proposalResponsePayload.length; i++) mutants.push({ ...proof, proposalResponsePayload: flip(proof.proposalResponsePayload, i) });
      proof.endorsements.forEach((endorsement, e) => {
        for (let i = 0; i < endorsement.signature.length; i++) {
          mutants.push({ ...proof, endorsements: proof.endorsements.map((other, j) => (j === e ? { ...other, signature: flip(endorsement.signature, i) } : other)) });
        }
      });
      const verdicts = new Map<string, number>();
      for (const mutant of mutants) {
        const [onChain, inReference] = [await evm.judge(mutant), await referenceJudges(mutant)];
        expect(onChain, "the contract and the reference verifier agree").to.equal(inReference);
        verdicts.set(onChain, (verdicts.get(onChain) ?? 0) + 1);
      }
      console.log(`      ${mutants.length} mutations refused on ${chain}: ${[...verdicts].map(([name, count]) => `${name} ${count}`).join(", ")}`);
      expect(verdicts.has("ok")).to.equal(false);
      expect(await evm.judge(proof), "the original still stands").to.equal("ok");
    });

    it("judges every single-byte change of the payload re-signed with the real peers' keys exactly as the reference verifier does", async () => {
      const proof = await proveFor("ReceivableState", fabric.story.fingerprint, fabric.story.fingerprint);
      const signers = fabric.material.map(({ peer, peerPrivateKeyPem }) => ({ ...peer, privateKeyPem: peerPrivateKeyPem }));
      const verdicts = new Map<string, number>();
      for (let i = 0; i < proof.proposalResponsePayload.length; i++) {
        const payload = Uint8Array.from(proof.proposalResponsePayload, (byte, j) => (j === i ? byte ^ 0x01 : byte));
        const resigned = { proposalResponsePayload: payload, endorsements: signers.map((signer) => endorse(payload, signer)) };
        const [onChain, inReference] = [await evm.judge(resigned), await referenceJudges(resigned)];
        expect(onChain, `byte ${i}`).to.equal(inReference);
        verdicts.set(onChain, (verdicts.get(onChain) ?? 0) + 1);
      }
      console.log(`      ${proof.proposalResponsePayload.length} re-signed mutations on ${chain}: ${[...verdicts].map(([name, count]) => `${name} ${count}`).join(", ")}`);
      expect(verdicts.get("ProposalResponseMalformed") ?? 0).to.be.greaterThan(0);
    });

    if (chain === "hardhat") {
      it("refuses a real proof once its nonce has expired: ProofExpired", async () => {
        const proof = await bindingProof();
        await evm.increaseTime!(3_601);
        expect(await evm.judge(proof)).to.equal("ProofExpired");
      });
    }

    it("refuses a proof endorsed by a removed peer: UnknownEndorser (revocation)", async () => {
      const proof = await bindingProof();
      await (await evm.interop.membership.removePeer(peerIdOf(proof.endorsements[1]!.endorser))).wait();
      expect(await evm.judge(proof)).to.equal("UnknownEndorser");
    });
  });
}

describe("interop: the cross-ledger financing story on the real network (EVM side on Hardhat)", function () {
  this.timeout(600_000);
  let story: StoryRun;

  before(async function () {
    story = await runStoryOnNetwork(fabric);
    for (const result of story.results) console.log(`      ${result.outcome === story.expected[story.results.indexOf(result)] ? "as specified" : "DEVIATES"}: ${result.title} (${result.ledger}) → ${result.detail}`);
    console.log(`      end to end: reserved on Fabric → financed on EVM in ${Math.round(story.reserveToFinancedMs)} ms`);
  });
  after(async () => story?.close());

  it("every step comes out as the specification says: certificate checked, invoice financed once, held on EVM, the unfinanced one released", () => {
    const outcomes = story.results.map((result) => `${result.title}: ${result.outcome}`);
    expect(outcomes).to.deep.equal(story.results.map((result, index) => `${result.title}: ${story.expected[index]}`));
    expect(story.results).to.have.length(13);
  });
});

function interopErrorNameOf(error: unknown): string {
  return interopErrorName(error) ?? String(error);
}

/** Org1's User1: a client certificate from the same CA as the peer's. */
function readUserCertificate(): string {
  return readFileSync(userCert(PEER_ORGS[0]!, "User1"), "utf8");
}
