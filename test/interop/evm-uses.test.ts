/**
 * The uses of Fabric facts on EVM (core/spec/INTEROP.md): FabricReceivableRegistry finances an
 * invoice only while Fabric has it reserved for it (fact type 4, the cross-ledger lock of §4),
 * FabricIdentifierRegistry imports a Fabric binding (fact type 1), FabricCertificateCheck answers
 * whether a certificate is valid (fact type 2). Each from proofs endorsed by Org1MSP's and Org2MSP's
 * peers over a ProposalResponsePayload as a Fabric peer builds it; for each, the happy path and
 * every refusal by a minimal input with its named error; the lock word pinned to the storage slot
 * Fabric's release proof reads (core/interop/evm-registry-layout.ts); the base ReceivableRegistry
 * unchanged; the gas of each use printed.
 *
 *   npx hardhat test mocha test/interop/evm-uses.test.ts
 */
import { expect } from "chai";
import { network } from "hardhat";
import type { ContractTransactionReceipt, ContractTransactionResponse } from "ethers";
import {
  AssetRegistry__factory,
  CertificationRegistry__factory,
  FabricCertificateCheck__factory,
  FabricFactVerifier__factory,
  FabricIdentifierRegistry__factory,
  FabricMembership__factory,
  FabricReceivableRegistry__factory,
  ReceivableRegistry__factory,
  RoleRegistry__factory,
} from "../../typechain-types/index.js";
import type {
  AssetRegistry,
  CertificationRegistry,
  FabricCertificateCheck,
  FabricFactVerifier,
  FabricIdentifierRegistry,
  FabricReceivableRegistry,
  ReceivableRegistry,
  RoleRegistry,
} from "../../typechain-types/index.js";
import { CERTIFICATE_VERDICTS, canonicalize, identifierKey } from "../../core/index.js";
import { FABRIC_LOCKS_NAMESPACE, FABRIC_LOCKS_SLOT, decodeLock, lockSlotOf } from "../../core/interop/evm-registry-layout.js";
import { FACT_TYPES, keccakHex, type FactType } from "../../core/interop/statement.js";
import { CHAINCODE_NAME, CHANNEL_ID, buildFactPrp, endorse, factStatement, serializedIdentity, toEvmEndorsements, twoOrganizations } from "./fixtures.js";

const { ethers, networkHelpers } = await network.create();
type Signer = Awaited<ReturnType<typeof ethers.getSigners>>[number];

const LIFETIME = 600n;
const DAY = 86_400;
const [org1, org2] = twoOrganizations();
const hex = (bytes: Uint8Array) => `0x${Buffer.from(bytes).toString("hex")}`;
const word = (value: bigint | number) => ethers.toBeHex(value, 32);
const fingerprintOf = (text: string) => ethers.sha256(ethers.toUtf8Bytes(text));
const VALID = BigInt(CERTIFICATE_VERDICTS.indexOf("Valid") + 1);
const REVOKED = BigInt(CERTIFICATE_VERDICTS.indexOf("Revoked") + 1);

interface Proof {
  nonce: string;
  notBefore: bigint;
  expiry: bigint;
  payload: string;
  endorsements: { peer: string; signature: string }[];
}

describe("Uses of Fabric facts on EVM", function () {
  let admin: Signer;
  let seller: Signer;
  let debtor: Signer;
  let bank: Signer;
  let stranger: Signer;
  let chainId: bigint;
  let roles: RoleRegistry;
  let assets: AssetRegistry;
  let identifiers: FabricIdentifierRegistry;
  let certification: CertificationRegistry;
  let verifier: FabricFactVerifier;
  let registry: FabricReceivableRegistry;
  let check: FabricCertificateCheck;

  before(async () => {
    [admin, seller, debtor, bank, stranger] = await ethers.getSigners();
    chainId = (await ethers.provider.getNetwork()).chainId;
  });

  beforeEach(async () => {
    roles = await new RoleRegistry__factory(admin).deploy(admin.address);
    const rolesAddress = await roles.getAddress();
    const membership = await new FabricMembership__factory(admin).deploy(rolesAddress, CHANNEL_ID, CHAINCODE_NAME);
    for (const { mspId, organization } of [org1, org2]) {
      await (await membership.registerOrganization(mspId, organization.caKeyX, organization.caKeyY, organization.caSubject)).wait();
    }
    await (await membership.setEndorsementPolicy(["Org1MSP", "Org2MSP"])).wait();
    for (const peer of [org1.peer, org2.peer]) await (await membership.connect(stranger).registerPeer(serializedIdentity(peer))).wait();
    verifier = await new FabricFactVerifier__factory(admin).deploy(await membership.getAddress(), rolesAddress, LIFETIME);
    const verifierAddress = await verifier.getAddress();

    assets = await new AssetRegistry__factory(admin).deploy();
    identifiers = await new FabricIdentifierRegistry__factory(admin).deploy(rolesAddress, await assets.getAddress(), verifierAddress);
    certification = await new CertificationRegistry__factory(admin).deploy(rolesAddress, await assets.getAddress(), await identifiers.getAddress());
    registry = await new FabricReceivableRegistry__factory(admin).deploy(rolesAddress, await assets.getAddress(), await certification.getAddress(), verifierAddress);
    check = await new FabricCertificateCheck__factory(admin).deploy(verifierAddress);
    await (await roles.grantRole(await roles.FINANCIER_ROLE(), bank.address)).wait();
  });

  /**
   * A nonce asked (by a stranger: anyone may) for `consumer`, and the proof Fabric's peers endorse
   * for it stating `value`; `statement` overrides what the proof states (fact type, subject).
   */
  async function prove(consumer: { getAddress(): Promise<string> }, factType: FactType, subject: string, value: string, statement: { factType?: FactType; subject?: string } = {}): Promise<Proof> {
    const address = await consumer.getAddress();
    const receipt = (await (await verifier.connect(stranger).requestNonce(address, FACT_TYPES[factType], subject)).wait())!;
    const issued = receipt.logs.map((log) => verifier.interface.parseLog(log)).find((parsed) => parsed?.name === "NonceIssued")!.args;
    const prp = buildFactPrp({
      statement: factStatement({ chainId, consumer: address, nonce: issued.nonce, notBefore: issued.notBefore, expiry: issued.expiry, factType, subject, value, ...statement }),
    });
    return { nonce: issued.nonce, notBefore: issued.notBefore, expiry: issued.expiry, payload: hex(prp), endorsements: toEvmEndorsements([endorse(prp, org1.peer), endorse(prp, org2.peer)]) };
  }

  const now = async () => BigInt(await networkHelpers.time.latest());
  const gasOf = async (sent: Promise<ContractTransactionResponse>) => ((await (await sent).wait()) as ContractTransactionReceipt).gasUsed;

  it("every contract refuses a zero verifier with InvalidArgument(\"verifier\"), and names its verifier", async () => {
    const [r, a, c] = [await roles.getAddress(), await assets.getAddress(), await certification.getAddress()];
    const zero = ethers.ZeroAddress;
    const receivables = new FabricReceivableRegistry__factory(admin);
    await expect(receivables.deploy(r, a, c, zero)).to.be.revertedWithCustomError(receivables, "InvalidArgument").withArgs("verifier");
    const ids = new FabricIdentifierRegistry__factory(admin);
    await expect(ids.deploy(r, a, zero)).to.be.revertedWithCustomError(ids, "InvalidArgument").withArgs("verifier");
    const checks = new FabricCertificateCheck__factory(admin);
    await expect(checks.deploy(zero)).to.be.revertedWithCustomError(checks, "InvalidArgument").withArgs("verifier");
    const address = await verifier.getAddress();
    expect([await registry.fabricVerifier(), await identifiers.fabricVerifier(), await check.fabricVerifier()]).to.deep.equal([address, address, address]);
  });

  // -------------------------------------------------------------------------------------------
  describe("FabricReceivableRegistry: financed only while Fabric has the invoice reserved for it", () => {
    const ID = "INV-2026-0051";
    const FP = fingerprintOf("INV-2026-0051 of DE 123 456 789");
    const OTHER_FP = fingerprintOf("INV-2026-0052 of DE 123 456 789");
    const ADVANCE = 90_000n;

    /** An invoice of `seller` to `debtor`, acknowledged, its financing by `bank` requested. */
    async function requested(target: ReceivableRegistry | FabricReceivableRegistry = registry, id = ID, fingerprint = FP) {
      const dueDate = (await now()) + BigInt(60 * DAY);
      await (await target.connect(seller).issueReceivable(id, debtor.address, 100_000n, "EUR", dueDate, fingerprint, [], "")).wait();
      await (await target.connect(debtor).acknowledgeReceivable(id)).wait();
      await (await target.connect(seller).financeReceivable(id, bank.address, ADVANCE)).wait();
    }
    const accept = (id = ID) => registry.connect(bank).acceptFinancing(id, ADVANCE, []);
    const claim = (proof: Proof, fingerprint = FP) => registry.connect(stranger).claimFabricReservation(fingerprint, proof.payload, proof.endorsements);
    const lockWord = async (fingerprint = FP) => BigInt(await ethers.provider.getStorage(await registry.getAddress(), lockSlotOf(fingerprint)));

    it("claims a reservation from anyone's proof, then finances and marks the fingerprint financed: the lock word in its slot", async () => {
      await requested();
      const expiry = (await now()) + 3_600n;
      const proof = await prove(registry, "ReceivableReservation", FP, word(expiry));
      const sent = claim(proof);
      await expect(sent).to.emit(registry, "FabricReservationClaimed").withArgs(FP, expiry, proof.nonce);
      await expect(sent).to.emit(verifier, "FactConsumed");
      expect([...(await registry.fabricLock(FP))]).to.deep.equal([expiry, false]);
      expect(decodeLock(await lockWord())).to.deep.equal({ expiry, financed: false });

      await expect(accept()).to.emit(registry, "ReceivableFinanced").withArgs(ethers.id(ID), ID, bank.address, ADVANCE, []);
      expect([...(await registry.fabricLock(FP))]).to.deep.equal([expiry, true]);
      expect(decodeLock(await lockWord())).to.deep.equal({ expiry, financed: true });
      expect(await lockWord()).to.equal((1n << 64n) | expiry);
      // Nothing else of the fingerprint's: another fingerprint's slot is empty.
      expect(await lockWord(OTHER_FP)).to.equal(0n);
    });

    it("keeps the lock at the ERC-7201 slot of core/interop/evm-registry-layout.ts", async () => {
      const erc7201 = BigInt(ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["uint256"], [BigInt(ethers.id(FABRIC_LOCKS_NAMESPACE)) - 1n]))) & ~0xffn;
      expect(FABRIC_LOCKS_SLOT).to.equal(erc7201);
      expect(lockSlotOf(FP)).to.equal(ethers.keccak256(ethers.concat([FP, word(FABRIC_LOCKS_SLOT)])));
      expect(lockSlotOf(FP.toUpperCase().replace("0X", "0x"))).to.equal(lockSlotOf(FP));
      expect(() => lockSlotOf("0x1234")).to.throw(/fingerprint/);
      expect(decodeLock(0n)).to.deep.equal({ expiry: 0n, financed: false });
      expect(() => decodeLock(1n << 65n)).to.throw(/above 64/);
    });

    it("claims for a fingerprint not yet issued here, and a financed fingerprint stays financed when claimed again", async () => {
      const first = (await now()) + 3_600n;
      await (await claim(await prove(registry, "ReceivableReservation", FP, word(first)))).wait();
      await requested();
      await (await accept()).wait();
      const second = (await now()) + 7_200n;
      await (await claim(await prove(registry, "ReceivableReservation", FP, word(second)))).wait();
      expect([...(await registry.fabricLock(FP))]).to.deep.equal([second, true]);
    });

    it("refuses a proof of another fact type, or of another fingerprint, with FactMismatch", async () => {
      const expiry = word((await now()) + 3_600n);
      const state = await prove(registry, "ReceivableState", FP, expiry);
      await expect(claim(state)).to.be.revertedWithCustomError(registry, "FactMismatch").withArgs(FACT_TYPES.ReceivableState, FP);
      const other = await prove(registry, "ReceivableReservation", OTHER_FP, expiry);
      await expect(claim(other)).to.be.revertedWithCustomError(registry, "FactMismatch").withArgs(FACT_TYPES.ReceivableReservation, OTHER_FP);
    });

    it("refuses a value wider than a uint64 (no reservation has one) with FactMismatch", async () => {
      const proof = await prove(registry, "ReceivableReservation", FP, word(1n << 64n));
      await expect(claim(proof)).to.be.revertedWithCustomError(registry, "FactMismatch").withArgs(FACT_TYPES.ReceivableReservation, FP);
    });

    it("refuses value 0 (not reserved for this registry, e.g. financed on Fabric) and a past expiry with FabricReservationMissing", async () => {
      const none = await prove(registry, "ReceivableReservation", FP, word(0));
      await expect(claim(none)).to.be.revertedWithCustomError(registry, "FabricReservationMissing").withArgs(FP);
      // An expiry equal to the claim's block timestamp is already over.
      const at = (await now()) + 10n;
      const ended = await prove(registry, "ReceivableReservation", FP, word(at));
      await networkHelpers.time.setNextBlockTimestamp(at);
      await expect(claim(ended)).to.be.revertedWithCustomError(registry, "FabricReservationMissing").withArgs(FP);
    });

    it("refuses a zero fingerprint with InvalidArgument, and a proof used once already with the verifier's UnknownNonce", async () => {
      const proof = await prove(registry, "ReceivableReservation", FP, word((await now()) + 3_600n));
      await expect(claim(proof, ethers.ZeroHash)).to.be.revertedWithCustomError(registry, "InvalidArgument").withArgs("fingerprint");
      await (await claim(proof)).wait();
      await expect(claim(proof)).to.be.revertedWithCustomError(verifier, "UnknownNonce").withArgs(proof.nonce);
    });

    it("refuses a proof asked for another consumer with the verifier's WrongTarget", async () => {
      const proof = await prove(check, "ReceivableReservation", FP, word((await now()) + 3_600n));
      await expect(claim(proof)).to.be.revertedWithCustomError(verifier, "WrongTarget").withArgs(chainId, await check.getAddress());
    });

    it("refuses to finance without a claim with InvalidState(id), after every check of the base (a wrong advance is InvalidArgument first)", async () => {
      await requested();
      await expect(registry.connect(bank).acceptFinancing(ID, ADVANCE - 1n, [])).to.be.revertedWithCustomError(registry, "InvalidArgument").withArgs("advanceAmount");
      await expect(accept()).to.be.revertedWithCustomError(registry, "InvalidState").withArgs(ID);
      // A claim of another fingerprint does not help.
      await (await claim(await prove(registry, "ReceivableReservation", OTHER_FP, word((await now()) + 3_600n)), OTHER_FP)).wait();
      await expect(accept()).to.be.revertedWithCustomError(registry, "InvalidState").withArgs(ID);
      expect([...(await registry.fabricLock(FP))]).to.deep.equal([0n, false]);
    });

    it("refuses to finance from the reservation's expiry on with InvalidState(id); the fingerprint stays unfinanced", async () => {
      await requested();
      const expiry = (await now()) + 100n;
      await (await claim(await prove(registry, "ReceivableReservation", FP, word(expiry)))).wait();
      await networkHelpers.time.setNextBlockTimestamp(expiry);
      await expect(accept()).to.be.revertedWithCustomError(registry, "InvalidState").withArgs(ID);
      expect(decodeLock(await lockWord())).to.deep.equal({ expiry, financed: false });
      // One second before the expiry it would have been financed (the refused call was not mined:
      // the next block is still the one at `expiry`).
      const later = expiry + 100n;
      await (await claim(await prove(registry, "ReceivableReservation", FP, word(later)))).wait();
      await networkHelpers.time.setNextBlockTimestamp(later - 1n);
      await expect(accept()).to.emit(registry, "ReceivableFinanced");
    });

    it("the base ReceivableRegistry finances without any claim, as before", async () => {
      const base = await new ReceivableRegistry__factory(admin).deploy(await roles.getAddress(), await assets.getAddress(), await certification.getAddress());
      await requested(base);
      await expect(base.connect(bank).acceptFinancing(ID, ADVANCE, [])).to.emit(base, "ReceivableFinanced").withArgs(ethers.id(ID), ID, bank.address, ADVANCE, []);
      expect(base.interface.fragments.some((fragment) => "name" in fragment && fragment.name === "claimFabricReservation")).to.equal(false);
    });

    it("costs issue one slot more than the base (the fingerprint kept), and acceptance one lock word more", async () => {
      const base = await new ReceivableRegistry__factory(admin).deploy(await roles.getAddress(), await assets.getAddress(), await certification.getAddress());
      const dueDate = (await now()) + BigInt(60 * DAY);
      const issue = (target: ReceivableRegistry | FabricReceivableRegistry) => target.connect(seller).issueReceivable(ID, debtor.address, 100_000n, "EUR", dueDate, FP, [], "");
      const [baseIssue, fabricIssue] = [await gasOf(issue(base)), await gasOf(issue(registry))];
      for (const target of [base, registry]) {
        await (await target.connect(debtor).acknowledgeReceivable(ID)).wait();
        await (await target.connect(seller).financeReceivable(ID, bank.address, ADVANCE)).wait();
      }
      await (await claim(await prove(registry, "ReceivableReservation", FP, word((await now()) + 3_600n)))).wait();
      const [baseAccept, fabricAccept] = [await gasOf(base.connect(bank).acceptFinancing(ID, ADVANCE, [])), await gasOf(accept())];
      console.log(`      issueReceivable: ${fabricIssue} gas (base ${baseIssue}); acceptFinancing: ${fabricAccept} gas (base ${baseAccept})`);
      expect(fabricIssue - baseIssue).to.be.lessThan(23_000n);
      expect(fabricAccept - baseAccept).to.be.lessThan(8_000n);
    });

    it("prints the gas of claimFabricReservation (2 endorsements)", async () => {
      const proof = await prove(registry, "ReceivableReservation", FP, word((await now()) + 3_600n));
      console.log(`      claimFabricReservation (2 endorsements, ${(proof.payload.length - 2) / 2}-byte payload): ${await gasOf(claim(proof))} gas`);
    });
  });

  // -------------------------------------------------------------------------------------------
  describe("FabricIdentifierRegistry: a Fabric binding imported", () => {
    const ASSET = "pump-7";
    const OTHER_ASSET = "valve-3";
    const { canonical: SGTIN, key: KEY } = canonicalize("(01)09506000134352(21)ABC");
    const GS1 = 0;

    beforeEach(async () => {
      for (const id of [ASSET, OTHER_ASSET]) await (await assets.connect(seller).registerAsset(id, "industrial.pump", ethers.id(id), "")).wait();
    });

    const importing = (proof: Proof, by: Signer = seller, assetId = ASSET, canonical = SGTIN) =>
      identifiers.connect(by).importFabricBinding(assetId, canonical, proof.payload, proof.endorsements);

    it("binds as bindIdentifier would, with no namespace here (Fabric governed it): IdentifierBound, then IdentifierImported", async () => {
      expect(KEY).to.equal(identifierKey("gs1", SGTIN));
      const proof = await prove(identifiers, "IdentifierBinding", KEY, keccakHex(ASSET));
      const sent = importing(proof);
      await expect(sent).to.emit(identifiers, "IdentifierBound").withArgs(KEY, GS1, SGTIN, keccakHex(ASSET), ASSET, seller.address);
      await expect(sent).to.emit(identifiers, "IdentifierImported").withArgs(KEY, ASSET, proof.nonce);
      const binding = await identifiers.resolveIdentifier(SGTIN);
      expect([binding.assetKey, binding.boundBy]).to.deep.equal([keccakHex(ASSET), seller.address]);
    });

    it("takes a Handle's key as Fabric does, folded to lower case", async () => {
      const handle = "hdl:88.118.8/ABC-001";
      const key = identifierKey("handle", handle);
      expect(key).to.equal(ethers.sha256(ethers.toUtf8Bytes(handle.toLowerCase())));
      await expect(importing(await prove(identifiers, "IdentifierBinding", key, keccakHex(ASSET)), seller, ASSET, handle)).to.emit(identifiers, "IdentifierImported");
    });

    it("refuses a caller that does not own the asset with Unauthorized, before the proof is consumed", async () => {
      const proof = await prove(identifiers, "IdentifierBinding", KEY, keccakHex(ASSET));
      await expect(importing(proof, stranger)).to.be.revertedWithCustomError(identifiers, "Unauthorized").withArgs(stranger.address);
      expect(await verifier.nonceBinding(proof.nonce)).to.not.equal(ethers.ZeroHash);
    });

    it("refuses a non-canonical identifier with IdentifierInvalid, an unknown asset with NotFound, a decommissioned one with InvalidState", async () => {
      const proof = await prove(identifiers, "IdentifierBinding", KEY, keccakHex(ASSET));
      await expect(importing(proof, seller, ASSET, "(01)09506000134352(21)ABC")).to.be.revertedWithCustomError(identifiers, "IdentifierInvalid");
      await expect(importing(proof, seller, "pump-unknown")).to.be.revertedWithCustomError(identifiers, "NotFound").withArgs("pump-unknown");
      await (await assets.connect(seller).setAssetStatus(ASSET, 2)).wait();
      await expect(importing(proof)).to.be.revertedWithCustomError(identifiers, "InvalidState").withArgs(ASSET);
    });

    it("refuses a proof of another fact type, or of another key, with FactMismatch", async () => {
      const certificate = await prove(identifiers, "CertificateVerdict", KEY, keccakHex(ASSET));
      await expect(importing(certificate)).to.be.revertedWithCustomError(identifiers, "FactMismatch").withArgs(FACT_TYPES.CertificateVerdict, KEY);
      const otherKey = canonicalize("(01)09506000134352(21)ABD").key;
      const other = await prove(identifiers, "IdentifierBinding", otherKey, keccakHex(ASSET));
      await expect(importing(other)).to.be.revertedWithCustomError(identifiers, "FactMismatch").withArgs(FACT_TYPES.IdentifierBinding, otherKey);
    });

    it("refuses value 0 (unbound on Fabric) and another asset's hash with FabricBindingMismatch", async () => {
      const unbound = await prove(identifiers, "IdentifierBinding", KEY, ethers.ZeroHash);
      await expect(importing(unbound)).to.be.revertedWithCustomError(identifiers, "FabricBindingMismatch").withArgs(KEY, ethers.ZeroHash);
      const elsewhere = await prove(identifiers, "IdentifierBinding", KEY, keccakHex(OTHER_ASSET));
      await expect(importing(elsewhere)).to.be.revertedWithCustomError(identifiers, "FabricBindingMismatch").withArgs(KEY, keccakHex(OTHER_ASSET));
    });

    it("refuses a key already bound here to another asset with IdentifierTaken, as bindIdentifier does", async () => {
      await (await identifiers.registerNamespace(GS1, "9506000", seller.address)).wait();
      await (await identifiers.connect(seller).bindIdentifier(OTHER_ASSET, SGTIN)).wait();
      const proof = await prove(identifiers, "IdentifierBinding", KEY, keccakHex(ASSET));
      await expect(importing(proof)).to.be.revertedWithCustomError(identifiers, "IdentifierTaken").withArgs(KEY);
    });

    it("refuses a proof used once already with the verifier's UnknownNonce", async () => {
      const proof = await prove(identifiers, "IdentifierBinding", KEY, keccakHex(ASSET));
      await (await importing(proof)).wait();
      await (await identifiers.connect(seller).unbindIdentifier(SGTIN)).wait();
      await expect(importing(proof)).to.be.revertedWithCustomError(verifier, "UnknownNonce").withArgs(proof.nonce);
    });

    it("prints the gas of importFabricBinding (GS1 SGTIN, 2 endorsements)", async () => {
      const proof = await prove(identifiers, "IdentifierBinding", KEY, keccakHex(ASSET));
      console.log(`      importFabricBinding (GS1 SGTIN, 2 endorsements, ${(proof.payload.length - 2) / 2}-byte payload): ${await gasOf(importing(proof))} gas`);
    });
  });

  // -------------------------------------------------------------------------------------------
  describe("FabricCertificateCheck: is certificate C valid", () => {
    const CERTIFICATE = "QMS-2026-18";
    const CERT_KEY = keccakHex(CERTIFICATE);
    const checking = (proof: Proof, certificateId = CERTIFICATE) => check.connect(stranger).checkCertificate(certificateId, proof.payload, proof.endorsements);

    it("records a Valid verdict with its proof's window: CertificateChecked, valid inside the window, not after it", async () => {
      const proof = await prove(check, "CertificateVerdict", CERT_KEY, word(VALID));
      expect(await check.checkCertificate.staticCall(CERTIFICATE, proof.payload, proof.endorsements)).to.equal(VALID);
      await expect(checking(proof)).to.emit(check, "CertificateChecked").withArgs(CERT_KEY, CERTIFICATE, VALID, proof.notBefore, proof.expiry);
      expect([...(await check.certificateVerdict(CERTIFICATE))]).to.deep.equal([VALID, proof.notBefore, proof.expiry]);
      expect(await check.isCertificateValid(CERTIFICATE)).to.equal(true);
      await networkHelpers.time.increaseTo(proof.expiry);
      expect(await check.isCertificateValid(CERTIFICATE)).to.equal(true);
      await networkHelpers.time.increaseTo(proof.expiry + 1n);
      expect(await check.isCertificateValid(CERTIFICATE)).to.equal(false);
    });

    it("is not valid for a certificate never checked, one Fabric does not know (0) or one stated Revoked, which replaces a Valid", async () => {
      expect(await check.isCertificateValid(CERTIFICATE)).to.equal(false);
      await (await checking(await prove(check, "CertificateVerdict", CERT_KEY, word(VALID)))).wait();
      expect(await check.isCertificateValid(CERTIFICATE)).to.equal(true);
      await expect(checking(await prove(check, "CertificateVerdict", CERT_KEY, word(REVOKED)))).to.emit(check, "CertificateChecked");
      expect(await check.isCertificateValid(CERTIFICATE)).to.equal(false);
      const unknown = "QMS-UNKNOWN";
      await expect(checking(await prove(check, "CertificateVerdict", keccakHex(unknown), word(0)), unknown)).to.emit(check, "CertificateChecked");
      expect(await check.isCertificateValid(unknown)).to.equal(false);
    });

    it("refuses a proof of another fact type, or of another certificate, with FactMismatch", async () => {
      const binding = await prove(check, "IdentifierBinding", CERT_KEY, word(VALID));
      await expect(checking(binding)).to.be.revertedWithCustomError(check, "FactMismatch").withArgs(FACT_TYPES.IdentifierBinding, CERT_KEY);
      const other = await prove(check, "CertificateVerdict", keccakHex("QMS-2026-19"), word(VALID));
      await expect(checking(other)).to.be.revertedWithCustomError(check, "FactMismatch").withArgs(FACT_TYPES.CertificateVerdict, keccakHex("QMS-2026-19"));
    });

    it("refuses a value that is no verdict with VerdictUnknown", async () => {
      const beyond = word(BigInt(CERTIFICATE_VERDICTS.length + 1));
      await expect(checking(await prove(check, "CertificateVerdict", CERT_KEY, beyond))).to.be.revertedWithCustomError(check, "VerdictUnknown").withArgs(beyond);
    });

    it("refuses a proof whose window starts before the recorded one's with StaleProof", async () => {
      const older = await prove(check, "CertificateVerdict", CERT_KEY, word(VALID));
      const newer = await prove(check, "CertificateVerdict", CERT_KEY, word(REVOKED));
      await (await checking(newer)).wait();
      await expect(checking(older)).to.be.revertedWithCustomError(check, "StaleProof").withArgs(older.notBefore, newer.notBefore);
      expect(await check.isCertificateValid(CERTIFICATE)).to.equal(false);
    });

    it("refuses a proof used once already with the verifier's UnknownNonce, and one past its window with ProofExpired", async () => {
      const proof = await prove(check, "CertificateVerdict", CERT_KEY, word(VALID));
      await (await checking(proof)).wait();
      await expect(checking(proof)).to.be.revertedWithCustomError(verifier, "UnknownNonce").withArgs(proof.nonce);
      const late = await prove(check, "CertificateVerdict", CERT_KEY, word(VALID));
      await networkHelpers.time.increaseTo(late.expiry + 1n);
      await expect(checking(late)).to.be.revertedWithCustomError(verifier, "ProofExpired").withArgs(late.expiry);
    });

    it("prints the gas of checkCertificate (2 endorsements)", async () => {
      const proof = await prove(check, "CertificateVerdict", CERT_KEY, word(VALID));
      console.log(`      checkCertificate (2 endorsements, ${(proof.payload.length - 2) / 2}-byte payload): ${await gasOf(checking(proof))} gas`);
    });
  });
});
