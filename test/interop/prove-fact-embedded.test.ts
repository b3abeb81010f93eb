/**
 * proveFact on the embedded peers of both organisations: after the walkthrough's story, the
 * endorsed (never submitted) answers are proofs the reference verifier accepts, stating what
 * the ledger's own queries answer; proving commits nothing.
 */
import { expect } from "chai";
import { canonicalize, invoiceFingerprint } from "../../core/index.js";
import { InteropError } from "../../core/interop/errors.js";
import { FabricMembershipModel } from "../../core/interop/membership.js";
import { certificateAuthorityOf } from "../../core/interop/peer-certificate.js";
import { proofFromJson, proofToJson, type FabricFactProof } from "../../core/interop/proof.js";
import { keccakHex, type FactStatement, type FactType } from "../../core/interop/statement.js";
import { FabricFactVerifierModel } from "../../core/interop/verifier.js";
import { CERTIFICATE_VERDICTS, RECEIVABLE_STATES } from "../../core/spec/lifecycles.js";
import { serializeIdentity } from "../../clients/fabric-embedded/sim/index.js";
import { createEmbeddedFabricTarget, type EmbeddedFabricTarget } from "../../clients/fabric-embedded/target.js";
import { PROVE_FACT, proofOfEnvelope, proveFactArguments } from "../../clients/interop/prove.js";
import type { ActorLedgers } from "../../clients/ledger.js";
import { WALKTHROUGH } from "../../scripts/walkthrough/steps.js";

const CHAIN_ID = 31337n;
const CONSUMER = "0x00000000000000000000000000000000000000c2";
const NOW = 1_800_000_000n;
const SERIAL = canonicalize("(01)09506000134352(21)ABC").canonical;
const INVOICE = { sellerTaxId: "DE 123 456 789", debtorTaxId: "FR40303265045", invoiceNumber: "INV-2026-0042", issueDate: "2026-12-01", amount: "125000.00", currency: "EUR" };
const ZERO = `0x${"00".repeat(32)}`;
const code = (n: number) => `0x${n.toString(16).padStart(64, "0")}`;

describe("interop: proveFact on the embedded peers of two organisations", function () {
  let target: EmbeddedFabricTarget;
  let actors: ActorLedgers;
  let verifier: FabricFactVerifierModel;

  before(async function () {
    target = await createEmbeddedFabricTarget({ endorsingPeers: true });
    actors = await target.deploy();
    for (const step of WALKTHROUGH) await step.run(actors).catch(() => undefined); // its refusals are part of the story
    const membership = new FabricMembershipModel("mychannel", "twinledger");
    for (const { mspId, caCertificatePem } of target.organizations) membership.registerOrganization(mspId, certificateAuthorityOf(caCertificatePem));
    membership.setEndorsementPolicy(target.organizations.map(({ mspId }) => mspId));
    for (const peer of target.peers) membership.registerPeer(serializeIdentity(peer));
    verifier = new FabricFactVerifierModel(membership, { chainId: CHAIN_ID, address: "0x00000000000000000000000000000000000000f1" }, 600n);
  });

  after(() => target.close());

  async function prove(factType: FactType, subject: string, subjectWord: string): Promise<FabricFactProof> {
    const nonce = verifier.requestNonce(CONSUMER, factType, subjectWord, NOW);
    const args = proveFactArguments({ factType, subject, chainId: CHAIN_ID, consumer: CONSUMER, ...nonce });
    const endorsement = await target.fabricOf(actors).endorse(target.identities.bob, PROVE_FACT, args);
    return proofOfEnvelope(endorsement.preparedTransaction.serializeBinary());
  }

  const consumed = (proof: FabricFactProof): FactStatement => verifier.consumeFact(proof, CONSUMER, NOW + 1n);

  it("states a binding: the identifier's key, keccak of the asset it is bound to; endorsed by both organisations", async () => {
    const { key } = await actors.bob.resolveIdentifier(SERIAL);
    const proof = await prove("IdentifierBinding", SERIAL, key);
    expect(proof.endorsements).to.have.length(2);
    expect(consumed(proof)).to.include({ factType: "IdentifierBinding", subject: key, value: keccakHex("M-1001"), chainId: CHAIN_ID, consumer: CONSUMER });
  });

  it("states an unbound identifier as zero", async () => {
    const unbound = canonicalize("(01)09506000134352(21)XYZ").canonical;
    const { key } = canonicalize("(01)09506000134352(21)XYZ");
    const statement = consumed(await prove("IdentifierBinding", unbound, key));
    expect(statement.value).to.equal(ZERO);
  });

  it("states a certificate's verdict as 1 + its index: the superseding one Valid, the superseded one Superseded", async () => {
    const valid = consumed(await prove("CertificateVerdict", "QMS-2026-18", keccakHex("QMS-2026-18")));
    const superseded = consumed(await prove("CertificateVerdict", "QMS-2026-17", keccakHex("QMS-2026-17")));
    expect([valid.value, superseded.value]).to.deep.equal([code(1 + CERTIFICATE_VERDICTS.indexOf("Valid")), code(1 + CERTIFICATE_VERDICTS.indexOf("Superseded"))]);
  });

  it("states a certificate that expires inside the nonce window as Expired, not Valid", async () => {
    // QMS-2026-18 is valid for a year from its issue: a window from now to two years on is not all Valid.
    const now = BigInt(target.fabricOf(actors).now);
    const window = { notBefore: now, expiry: now + 2n * 365n * 86_400n };
    const args = proveFactArguments({ factType: "CertificateVerdict", subject: "QMS-2026-18", chainId: CHAIN_ID, consumer: CONSUMER, nonce: `0x${"01".repeat(32)}`, ...window });
    const answer = await target.fabricOf(actors).endorse(target.identities.bob, PROVE_FACT, args);
    const statement = verifier.checkProof(proofOfEnvelope(answer.preparedTransaction.serializeBinary()));
    expect(statement.value).to.equal(code(1 + CERTIFICATE_VERDICTS.indexOf("Expired")));
  });

  it("states a receivable's state by fingerprint, what getReceivableByFingerprint answers; an unknown fingerprint as zero", async () => {
    const fingerprint = invoiceFingerprint(INVOICE);
    const { state } = await actors.bob.getReceivableByFingerprint(fingerprint);
    const known = consumed(await prove("ReceivableState", fingerprint, fingerprint));
    const unknown = consumed(await prove("ReceivableState", `0x${"17".repeat(32)}`, `0x${"17".repeat(32)}`));
    expect([known.value, unknown.value]).to.deep.equal([code(1 + RECEIVABLE_STATES.indexOf(state)), ZERO]);
  });

  it("commits nothing: the channel's height is the same after proving", async () => {
    const before = target.fabricOf(actors).height;
    await prove("ReceivableState", invoiceFingerprint(INVOICE), invoiceFingerprint(INVOICE));
    expect(target.fabricOf(actors).height).to.equal(before);
  });

  it("survives its JSON form byte for byte", async () => {
    const proof = await prove("CertificateVerdict", "QMS-2026-18", keccakHex("QMS-2026-18"));
    const carried = proofFromJson(JSON.parse(JSON.stringify(proofToJson(proof))));
    expect(consumed(carried).value).to.equal(code(1));
  });

  it("refuses a bad argument with InvalidArgument, as every operation does", async () => {
    const nonce = verifier.requestNonce(CONSUMER, "ReceivableState", ZERO, NOW);
    const args = proveFactArguments({ factType: "ReceivableState", subject: "not-a-hash", chainId: CHAIN_ID, consumer: CONSUMER, ...nonce });
    const refused = await target.fabricOf(actors).endorse(target.identities.bob, PROVE_FACT, args).then(() => undefined, (error: Error) => error);
    expect(refused?.message).to.match(/^InvalidArgument: /);
  });

  it("refuses every single-byte change of a proof (payload, signatures, endorser bytes), each with a named error", async () => {
    const proof = await prove("CertificateVerdict", "QMS-2026-18", keccakHex("QMS-2026-18"));
    const codes = new Map<string, number>();
    const refusedCode = (mutated: FabricFactProof) => {
      try {
        verifier.checkProof(mutated);
      } catch (error) {
        if (error instanceof InteropError) return error.code;
        throw error;
      }
      return "accepted";
    };
    const flip = (bytes: Uint8Array, index: number) => Uint8Array.from(bytes, (byte, i) => (i === index ? byte ^ 0x01 : byte));
    let mutations = 0;
    const tally = (mutated: FabricFactProof) => {
      const refused = refusedCode(mutated);
      codes.set(refused, (codes.get(refused) ?? 0) + 1);
      mutations++;
    };
    for (let i = 0; i < proof.proposalResponsePayload.length; i++) tally({ ...proof, proposalResponsePayload: flip(proof.proposalResponsePayload, i) });
    proof.endorsements.forEach((endorsement, e) => {
      const replaced = (changed: Partial<typeof endorsement>) => ({ ...proof, endorsements: proof.endorsements.map((other, j) => (j === e ? { ...other, ...changed } : other)) });
      for (let i = 0; i < endorsement.signature.length; i++) tally(replaced({ signature: flip(endorsement.signature, i) }));
      for (let i = 0; i < endorsement.endorser.length; i += 7) tally(replaced({ endorser: flip(endorsement.endorser, i) }));
    });
    expect(codes.has("accepted"), JSON.stringify([...codes])).to.equal(false);
    expect([...codes.keys()].sort()).to.deep.equal(["EndorsementInvalid", "SignatureMalformed", "UnknownEndorser"]);
    expect(mutations).to.be.greaterThan(1000);
  });
});
