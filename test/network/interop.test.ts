/**
 * `npm run test:interop`: cross-ledger proofs from the REAL 2-org Fabric network, checked by
 * the reference verifier and by the EVM contracts on Hardhat and on geth. Fails — never
 * skips — when the network or geth cannot be had.
 */
import { expect } from "chai";
import { serializeIdentity } from "../../clients/fabric-embedded/sim/index.js";
import { InteropError } from "../../core/interop/errors.js";
import { readSerializedIdentity } from "../../core/interop/endorsement.js";
import { readProposalResponsePayload } from "../../core/interop/proposal-response.js";
import type { FabricFactProof } from "../../core/interop/proof.js";
import { keccakHex, type FactType } from "../../core/interop/statement.js";
import { FabricFactVerifierModel } from "../../core/interop/verifier.js";
import { RECEIVABLE_STATES } from "../../core/spec/lifecycles.js";
import { networkDown, networkKillNow, networkStatus } from "../../network/fabric/index.js";
import { referenceMembership, startFabricSide, type FabricSide } from "./interop/fabric-proofs.js";

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
