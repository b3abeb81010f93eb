/**
 * CertificationRegistry (primitive 3, core/spec/CERTIFICATION.md) on EVM, held to the spec's
 * worked examples (§9) at their times and to the reference model (core/model/certification.ts)
 * by a differential property test: the same random calls, at the same block times, must give
 * the same success or code, the same event, and the same verdicts at every time asked about.
 * Also: the ABI against the spec tables, the storage layout of §7, and the gas of every
 * operation against its floor (printed once as a table).
 *
 *   npx hardhat test mocha test/evm/certification-registry.test.ts
 *   CERTIFICATION_RUNS=200 npx hardhat test mocha test/evm/certification-registry.test.ts
 */
import { expect } from "chai";
import { gasFloor, type FloorParts } from "../../scripts/bench/floor.js";
import fc from "fast-check";
import { network } from "hardhat";
import type { BaseContract, ContractTransactionResponse, Interface, TransactionReceipt } from "ethers";
import {
  CERTIFICATE_VERDICTS,
  ERROR_ARGUMENTS,
  EVENTS,
  LedgerError,
  OPERATIONS,
  canonicalize,
  operationsOf,
  type OperationName,
} from "../../core/index.js";
import { ReferenceModel } from "../../core/model/index.js";
import { ABI_TYPES, encodeArg } from "../../clients/evm/encoding.js";
import { decodeLog } from "../../clients/evm/events.js";
import { toLedgerError } from "../../clients/evm/errors.js";
import {
  AssetRegistry__factory,
  CertificationRegistry__factory,
  IdentifierRegistry__factory,
  RoleRegistry__factory,
} from "../../typechain-types/index.js";
import type { AssetRegistry, CertificationRegistry, IdentifierRegistry, RoleRegistry } from "../../typechain-types/index.js";

const { ethers, networkHelpers } = await network.create();

const RUNS = Number(process.env.CERTIFICATION_RUNS ?? 50);
const MAX_STEPS = 25;
/** Every transaction gets an explicit gas limit: no estimate first, so a rejected call is mined at its set time too. */
const GAS = { gasLimit: 3_000_000 };
const ACCREDITOR = ethers.id("ACCREDITOR");
const STD = "ISO9001:2015";
const SIL = "IEC61508-SIL2";
const H = `0x${"ab".repeat(32)}`;
const H2 = `0x${"cd".repeat(32)}`;
const GS1 = 0;
const sgtin = (serial: string) => canonicalize(`(01)09506000134352(21)${serial}`).canonical;
const SGTIN = sgtin("ABC");
const keyOf = (text: string) => ethers.keccak256(ethers.toUtf8Bytes(text));
const accreditationKeyOf = (certifier: string, standard: string) =>
  ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["address", "bytes32"], [certifier, keyOf(standard)]));

/** Which spec operations the contract serves; the rest the client folds from events. */
const ON_CHAIN: readonly OperationName[] = [
  "accredit",
  "withdrawAccreditation",
  "getAccreditation",
  "issueCertificate",
  "suspendCertificate",
  "reinstateCertificate",
  "revokeCertificate",
  "supersedeCertificate",
  "verifyCertificate",
];

type Signer = Awaited<ReturnType<typeof ethers.getSigners>>[number];

interface World {
  admin: Signer;
  acc: Signer;
  acc2: Signer;
  cb: Signer;
  cb2: Signer;
  alice: Signer;
  roles: RoleRegistry;
  assets: AssetRegistry;
  identifiers: IdentifierRegistry;
  certification: CertificationRegistry;
  interfaces: Interface[];
}

async function deploy(): Promise<World> {
  const [admin, acc, acc2, cb, cb2, alice] = await ethers.getSigners();
  const roles = await new RoleRegistry__factory(admin).deploy(admin.address);
  const assets = await new AssetRegistry__factory(admin).deploy();
  const identifiers = await new IdentifierRegistry__factory(admin).deploy(await roles.getAddress(), await assets.getAddress());
  const certification = await new CertificationRegistry__factory(admin).deploy(
    await roles.getAddress(),
    await assets.getAddress(),
    await identifiers.getAddress(),
  );
  const interfaces = [certification.interface, roles.interface, assets.interface, identifiers.interface];
  return { admin, acc, acc2, cb, cb2, alice, roles, assets, identifiers, certification, interfaces };
}

/** The spec code of a rejection (the custom error's name), or rethrows what is not one. */
function codeOf(error: unknown, interfaces: readonly Interface[]): string {
  const mapped = toLedgerError(error, interfaces);
  if (mapped instanceof LedgerError) return mapped.code;
  throw error;
}

type Send = () => Promise<ContractTransactionResponse>;

/**
 * Mines `sends` in one block whose timestamp is `time`, in that order. Each outcome is the
 * receipt or, for a single transaction, its code. Several in one block must all succeed.
 */
async function inBlock(world: World, time: number, sends: Send[]): Promise<(TransactionReceipt | string)[]> {
  await networkHelpers.time.setNextBlockTimestamp(time);
  if (sends.length === 1) {
    try {
      return [(await (await sends[0]()).wait())!];
    } catch (error) {
      return [codeOf(error, world.interfaces)];
    } finally {
      expect((await ethers.provider.getBlock("latest"))!.timestamp).to.equal(time);
    }
  }
  await ethers.provider.send("evm_setAutomine", [false]);
  const sent: ContractTransactionResponse[] = [];
  try {
    for (const send of sends) sent.push(await send());
    await ethers.provider.send("evm_mine", []);
  } finally {
    await ethers.provider.send("evm_setAutomine", [true]);
  }
  const receipts = await Promise.all(sent.map(async (tx) => (await tx.wait())!));
  for (const receipt of receipts) expect((await receipt.getBlock()).timestamp).to.equal(time);
  expect(new Set(receipts.map((receipt) => receipt.blockNumber)).size).to.equal(1);
  return receipts;
}

// ---- §9 worked examples -----------------------------------------------------------------------

/**
 * The common set-up of §9 at example time 50 and 100, with example times offset by `base`
 * (EVM block times only move forward): acc and acc2 are ACCREDITORs, cb is accredited for
 * ISO9001:2015 until 10000, alice owns M-1 and M-2.
 */
async function examples() {
  const world = await deploy();
  const { admin, acc, acc2, cb, alice, roles, assets, certification } = world;
  const base = (await networkHelpers.time.latest()) + 1000;
  const at = (time: number, ...sends: Send[]) => inBlock(world, base + time, sends);
  const ok = async (time: number, ...sends: Send[]) => {
    for (const outcome of await at(time, ...sends)) expect(outcome, `at ${time}`).to.not.be.a("string");
  };
  const code = async (time: number, send: Send) => {
    const [outcome] = await at(time, send);
    return typeof outcome === "string" ? outcome : "accepted";
  };
  const verdict = async (id: string, time: number) => CERTIFICATE_VERDICTS[Number(await certification.verifyCertificate(id, base + time))];
  const verdicts = (id: string, times: number[]) => Promise.all(times.map((time) => verdict(id, time)));
  const byCb = certification.connect(cb);
  const issue = (time: number, id: string, validFrom: number, validUntil: number, subject = "M-1", standard = STD) =>
    ok(time, () => byCb.issueCertificate(id, subject, standard, H, H, base + validFrom, base + validUntil, GAS));
  const supersede = (oldId: string, newId: string, validFrom: number, validUntil: number, subject = "M-1") => () =>
    byCb.supersedeCertificate(oldId, newId, subject, STD, H, H, base + validFrom, base + validUntil, GAS);

  await ok(50, () => roles.connect(admin).grantRole(ACCREDITOR, acc.address, GAS), () => roles.connect(admin).grantRole(ACCREDITOR, acc2.address, GAS));
  await ok(
    100,
    () => certification.connect(acc).accredit(cb.address, STD, base + 10_000, GAS),
    () => assets.connect(alice).registerAsset("M-1", "machine", H, "", GAS),
    () => assets.connect(alice).registerAsset("M-2", "machine", H, "", GAS),
  );
  return { ...world, base, at, ok, code, verdict, verdicts, byCb, issue, supersede };
}

describe("CertificationRegistry: CERTIFICATION.md §9 worked examples on EVM", () => {
  it("1. window: NotYetValid before issue and before validFrom, Valid inside, Expired from validUntil", async () => {
    const { issue, verdicts } = await examples();
    await issue(200, "C1", 300, 1000);
    expect(await verdicts("C1", [150, 250, 300, 999, 1000])).to.deep.equal(["NotYetValid", "NotYetValid", "Valid", "Valid", "Expired"]);
  });

  it("2. a backdated validFrom does not make the ledger vouch before the issue", async () => {
    const { issue, verdicts } = await examples();
    await issue(500, "C2", 100, 2000);
    expect(await verdicts("C2", [400, 500])).to.deep.equal(["NotYetValid", "Valid"]);
  });

  it("3. history-aware suspension; a suspension and reinstatement in one block resolve to the end of that second", async () => {
    const { issue, ok, byCb, verdicts } = await examples();
    await issue(200, "C3", 200, 5000);
    await ok(400, () => byCb.suspendCertificate("C3", H, GAS));
    await ok(600, () => byCb.reinstateCertificate("C3", H, GAS));
    expect(await verdicts("C3", [399, 400, 599, 600])).to.deep.equal(["Valid", "Suspended", "Suspended", "Valid"]);
    await ok(700, () => byCb.suspendCertificate("C3", H, GAS), () => byCb.reinstateCertificate("C3", H, GAS));
    expect(await verdicts("C3", [699, 700])).to.deep.equal(["Valid", "Valid"]);
  });

  it("4. an accreditor's hold: the issuer can neither lift nor supersede it but may revoke; the ACCREDITOR lifts it", async () => {
    const { issue, ok, code, byCb, certification, acc, supersede, verdicts } = await examples();
    await issue(200, "C3", 200, 5000);
    await ok(800, () => certification.connect(acc).suspendCertificate("C3", H, GAS));
    expect(await code(810, () => byCb.reinstateCertificate("C3", H, GAS))).to.equal("Unauthorized");
    expect(await code(811, supersede("C3", "C3b", 811, 5000))).to.equal("InvalidState");
    await byCb.revokeCertificate.staticCall("C3", H); // allowed (not sent: the hold is lifted below)
    await ok(900, () => certification.connect(acc).reinstateCertificate("C3", H, GAS));
    expect(await verdicts("C3", [850, 900])).to.deep.equal(["Suspended", "Valid"]);
  });

  it("5. a withdrawal counts from its own time; re-accreditation does not clear it; a supersede does", async () => {
    const { issue, ok, code, byCb, certification, acc, cb, supersede, base, verdict, verdicts } = await examples();
    await issue(300, "C4", 300, 5000);
    await ok(1000, () => certification.connect(acc).withdrawAccreditation(cb.address, STD, GAS));
    expect(await verdicts("C4", [999, 1000, 1100])).to.deep.equal(["Valid", "IssuerNotAccredited", "IssuerNotAccredited"]);
    expect(await code(1100, () => byCb.issueCertificate("CX", "M-1", STD, H, H, base + 1100, base + 5000, GAS))).to.equal("NotAccredited");
    await ok(1200, () => certification.connect(acc).accredit(cb.address, STD, base + 10_000, GAS));
    expect(await verdict("C4", 1250)).to.equal("IssuerNotAccredited");
    await ok(1300, supersede("C4", "C5", 1300, 5000));
    expect([await verdict("C4", 1300), await verdict("C4", 1100), await verdict("C5", 1300)]).to.deep.equal([
      "Superseded",
      "IssuerNotAccredited",
      "Valid",
    ]);
  });

  it("6. a lapsed accreditation stops new issues only", async () => {
    const { issue, ok, code, byCb, certification, acc, cb, base, verdict } = await examples();
    await ok(1400, () => certification.connect(acc).accredit(cb.address, SIL, base + 2000, GAS));
    await issue(1500, "C6", 1500, 4000, "M-1", SIL);
    expect(await verdict("C6", 3000)).to.equal("Valid");
    expect(await code(2100, () => byCb.issueCertificate("C6b", "M-1", SIL, H, H, base + 2100, base + 4000, GAS))).to.equal("NotAccredited");
  });

  it("7. precedence: Expired over Suspended, Revoked from its own time only", async () => {
    const { issue, ok, byCb, verdicts } = await examples();
    await issue(200, "C7", 200, 1000);
    await ok(500, () => byCb.suspendCertificate("C7", H, GAS));
    expect(await verdicts("C7", [600, 1000])).to.deep.equal(["Suspended", "Expired"]);
    await ok(1200, () => byCb.revokeCertificate("C7", H, GAS));
    expect(await verdicts("C7", [1100, 1200, 600])).to.deep.equal(["Expired", "Revoked", "Suspended"]);
  });

  it("8. superseded before a withdrawal: the old one stays Superseded, the new one loses its issuer's standing", async () => {
    const { issue, ok, certification, acc, cb, supersede, verdict } = await examples();
    await issue(200, "C8", 200, 5000);
    await ok(500, supersede("C8", "C9", 500, 5000));
    await ok(700, () => certification.connect(acc).withdrawAccreditation(cb.address, STD, GAS));
    expect([await verdict("C8", 800), await verdict("C9", 800)]).to.deep.equal(["Superseded", "IssuerNotAccredited"]);
  });

  it("9. a certificate follows its asset: its events carry the resolved asset's key; rebinding the tag moves nothing", async () => {
    const { issue, ok, code, admin, alice, identifiers, certification, supersede, verdict } = await examples();
    const byAlice = identifiers.connect(alice);
    await ok(150, () => identifiers.connect(admin).registerNamespace(GS1, "9506000", alice.address, GAS), () => byAlice.bindIdentifier("M-1", SGTIN, GAS));
    await issue(200, "C10", 200, 5000, SGTIN);
    await ok(300, () => byAlice.unbindIdentifier(SGTIN, GAS), () => byAlice.bindIdentifier("M-2", SGTIN, GAS));
    // listCertificates folds CertificateIssued/CertificateSuperseded by assetKey: M-1 has C10, M-2 (the tag's asset now) none.
    const issuedFor = async (assetId: string) =>
      (await certification.queryFilter(certification.filters.CertificateIssued(undefined, undefined, undefined, undefined, keyOf(assetId)))).map((event) => event.args.certificateId);
    expect(await issuedFor("M-1")).to.deep.equal(["C10"]);
    expect(await issuedFor("M-2")).to.deep.equal([]);
    expect((await identifiers.resolveIdentifier(SGTIN)).assetKey).to.equal(keyOf("M-2"));
    expect(await verdict("C10", 400)).to.equal("Valid");
    // The tag now stands for M-2, so it cannot supersede C10, which is about M-1.
    expect(await code(400, supersede("C10", "C10b", 400, 5000, SGTIN))).to.equal("InvalidArgument");
  });

  it("10. a future time is a forecast from today's status", async () => {
    const { issue, verdicts, base } = await examples();
    await issue(200, "C1", 300, 1000);
    await networkHelpers.time.increaseTo(base + 700);
    expect(await verdicts("C1", [900, 1500])).to.deep.equal(["Valid", "Expired"]);
  });

  it("a 32nd suspension is InvalidState; the full 63-entry status log answers every time asked", async () => {
    const { issue, ok, code, byCb, verdict } = await examples();
    await issue(200, "C11", 200, 90_000);
    const expected: [number, string][] = [[199, "NotYetValid"], [200, "Valid"]];
    for (let n = 0; n < 31; n++) {
      await ok(500 + 2 * n, () => byCb.suspendCertificate("C11", H, GAS));
      await ok(501 + 2 * n, () => byCb.reinstateCertificate("C11", H, GAS));
      expected.push([500 + 2 * n, "Suspended"], [501 + 2 * n, "Valid"]);
    }
    expect(await code(600, () => byCb.suspendCertificate("C11", H, GAS))).to.equal("InvalidState");
    await ok(601, () => byCb.revokeCertificate("C11", H, GAS));
    expected.push([600, "Valid"], [601, "Revoked"], [89_999, "Revoked"]);
    const answered = await Promise.all(expected.map(async ([time]) => [time, await verdict("C11", time)]));
    expect(answered).to.deep.equal(expected);
  });
});

// ---- ABI, events, storage ---------------------------------------------------------------------

describe("CertificationRegistry: ABI, events and storage", () => {
  it("serves the spec's certification operations with their argument names, order and ABI types; the rest are event-folded", async () => {
    const { certification } = await deploy();
    const iface: Interface = certification.interface;
    const problems: string[] = [];
    for (const name of operationsOf("certification")) {
      const fn = iface.getFunction(name);
      if (!ON_CHAIN.includes(name)) {
        if (fn) problems.push(`${name} is on chain but listed as folded by the client`);
        continue;
      }
      if (!fn) {
        problems.push(`${name}: missing`);
        continue;
      }
      const operation = OPERATIONS[name];
      const expected = operation.params.map((param) => `${ABI_TYPES[param.type as keyof typeof ABI_TYPES]} ${param.name}`).join(", ");
      const actual = fn.inputs.map((input) => `${input.type} ${input.name}`).join(", ");
      if (expected !== actual) problems.push(`${name}(${actual}) should be ${name}(${expected})`);
      if (fn.stateMutability !== (operation.kind === "submit" ? "nonpayable" : "view")) problems.push(`${name} is ${fn.stateMutability}`);
    }
    iface.forEachFunction((fn) => {
      // certificateSubject serves the receivables' financing policy (RECEIVABLES.md §8).
      if (!ON_CHAIN.includes(fn.name as OperationName) && fn.name !== "certificateSubject") problems.push(`${fn.name}: outside the spec`);
    });
    for (const [name, spec] of Object.entries(EVENTS)) {
      if (spec.primitive !== "certification") continue;
      const event = iface.getEvent(name);
      const expected = spec.fields.map((field) => `${ABI_TYPES[field.type as keyof typeof ABI_TYPES]} ${field.name}`).join(", ");
      const actual = event?.inputs
        .filter((input) => !(input.indexed && input.type === "bytes32" && input.name.endsWith("Key")))
        .map((input) => `${input.type} ${input.name}`)
        .join(", ");
      if (expected !== actual) problems.push(`event ${name}(${actual}) should be ${name}(${expected})`);
    }
    iface.forEachError((error) => {
      const expected = ERROR_ARGUMENTS[error.name as keyof typeof ERROR_ARGUMENTS];
      const actual = error.inputs.map((input) => `${input.type} ${input.name}`).join(", ");
      if (!expected || actual !== `${expected[1]} ${expected[0]}`) problems.push(`error ${error.name}(${actual})`);
    });
    expect(problems).to.deep.equal([]);
    expect(iface.getFunction("verifyCertificate")!.outputs.map((output) => output.type)).to.deep.equal(["uint8"]);
  });

  it("indexes the keys a client folds listings and histories by, and the parties", async () => {
    const world = await deploy();
    const { admin, acc, cb, alice, roles, assets, identifiers, certification } = world;
    await (await roles.connect(admin).grantRole(ACCREDITOR, acc.address)).wait();
    await (await assets.connect(alice).registerAsset("M-1", "machine", H, "")).wait();
    await (await identifiers.connect(admin).registerNamespace(GS1, "9506000", alice.address)).wait();
    await (await identifiers.connect(alice).bindIdentifier("M-1", SGTIN)).wait();
    const farFuture = (await networkHelpers.time.latest()) + 1_000_000;
    const addr = (address: string) => ethers.zeroPadValue(address, 32);
    const logOf = async (send: Promise<ContractTransactionResponse>) => {
      const receipt = (await (await send).wait())!;
      expect(receipt.logs).to.have.length(1);
      return { topics: [...receipt.logs[0].topics], event: decodeLog(receipt.logs[0], world.interfaces) };
    };

    const accredited = await logOf(certification.connect(acc).accredit(cb.address, STD, farFuture));
    expect(accredited.topics).to.deep.equal([
      ethers.id("AccreditationChanged(bytes32,address,string,uint64,bool,address)"),
      accreditationKeyOf(cb.address, STD),
      addr(cb.address),
      addr(acc.address),
    ]);
    const issued = await logOf(certification.connect(cb).issueCertificate("C-1", SGTIN, STD, H, H2, 0, farFuture));
    expect(issued.topics).to.deep.equal([
      ethers.id("CertificateIssued(bytes32,string,address,string,bytes32,string,bytes32,bytes32,uint64,uint64)"),
      keyOf("C-1"),
      addr(cb.address),
      keyOf("M-1"), // the asset the identifier resolved to, not the identifier
    ]);
    expect(issued.event?.payload).to.deep.equal({
      certificateId: "C-1",
      issuer: cb.address,
      subject: SGTIN,
      standard: STD,
      scopeHash: H,
      evidenceHash: H2,
      validFrom: 0,
      validUntil: farFuture,
    });
    const suspended = await logOf(certification.connect(acc).suspendCertificate("C-1", H2));
    expect(suspended.topics).to.deep.equal([ethers.id("CertificateStatusChanged(bytes32,string,uint8,uint8,bytes32,address)"), keyOf("C-1")]);
    expect(suspended.event?.payload).to.deep.equal({ certificateId: "C-1", from: "Active", to: "Suspended", reasonHash: H2, changedBy: acc.address });
    await (await certification.connect(acc).reinstateCertificate("C-1", H2)).wait();
    const superseded = await logOf(certification.connect(cb).supersedeCertificate("C-1", "C-2", "M-1", STD, H2, H, 5, farFuture));
    expect(superseded.topics).to.deep.equal([
      ethers.id("CertificateSuperseded(bytes32,string,bytes32,string,address,string,bytes32,string,bytes32,bytes32,uint64,uint64)"),
      keyOf("C-1"),
      keyOf("C-2"),
      keyOf("M-1"),
    ]);
    expect(superseded.event?.payload).to.deep.equal({
      oldId: "C-1",
      newId: "C-2",
      issuer: cb.address,
      subject: "M-1",
      standard: STD,
      scopeHash: H2,
      evidenceHash: H,
      validFrom: 5,
      validUntil: farFuture,
    });
  });

  it("stores a certificate in four slots and its status log four entries to a slot (§7)", async () => {
    const world = await deploy();
    const { admin, acc, cb, alice, roles, assets, certification } = world;
    await (await roles.connect(admin).grantRole(ACCREDITOR, acc.address)).wait();
    await (await assets.connect(alice).registerAsset("M-1", "machine", H, "")).wait();
    const farFuture = (await networkHelpers.time.latest()) + 1_000_000;
    await (await certification.connect(acc).accredit(cb.address, STD, farFuture)).wait();
    await (await certification.connect(acc).withdrawAccreditation(cb.address, STD)).wait();
    await (await certification.connect(acc).accredit(cb.address, STD, farFuture)).wait();
    const issued = (await (await certification.connect(cb).issueCertificate("C-1", "M-1", STD, H, H, 7, farFuture)).wait())!;
    const times: number[] = [];
    for (const send of [
      () => certification.connect(cb).suspendCertificate("C-1", H),
      () => certification.connect(cb).reinstateCertificate("C-1", H),
      () => certification.connect(acc).suspendCertificate("C-1", H),
      () => certification.connect(acc).reinstateCertificate("C-1", H),
      () => certification.connect(acc).suspendCertificate("C-1", H),
    ]) {
      const receipt = (await (await send()).wait())!;
      times.push((await receipt.getBlock()).timestamp);
    }

    // State variables in order: _accreditations (0), _withdrawals (1), _certificates (2), _statusLogs (3).
    const address = await certification.getAddress();
    const slotOf = (key: string, variable: number) => BigInt(ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["bytes32", "uint256"], [key, variable])));
    const read = async (slot: bigint) => BigInt(await ethers.provider.getStorage(address, slot));
    const base = slotOf(keyOf("C-1"), 2);
    const [slot0, slot1, slot2, slot3, slot4] = await Promise.all([0n, 1n, 2n, 3n, 4n].map((i) => read(base + i)));
    const bits = (word: bigint, at: number, width: number) => (word >> BigInt(at)) & ((1n << BigInt(width)) - 1n);
    expect(ethers.getAddress(ethers.toBeHex(bits(slot0, 0, 160), 20))).to.equal(cb.address);
    expect([bits(slot0, 160, 8), bits(slot0, 168, 8), bits(slot0, 176, 8)]).to.deep.equal([1n, 1n, 5n]); // Suspended, under a hold, 5 entries
    expect(bits(slot0, 184, 48)).to.equal(BigInt((await issued.getBlock()).timestamp));
    expect([bits(slot1, 0, 64), bits(slot1, 64, 64), bits(slot1, 128, 64)]).to.deep.equal([7n, BigInt(farFuture), 1n]); // epoch 1
    expect(ethers.toBeHex(slot2, 32)).to.equal(keyOf(STD)); // the standard's key: the issuer's accreditation is keyed by (issuer, standard)
    expect(ethers.toBeHex(slot3, 32)).to.equal(keyOf("M-1"));
    expect(slot4).to.equal(0n);

    const logBase = slotOf(keyOf("C-1"), 3);
    const [log0, log1, log2] = await Promise.all([0n, 1n, 2n].map((i) => read(logBase + i)));
    const entry = (word: bigint, n: number) => [Number(bits(word, 64 * n + 8, 48)), Number(bits(word, 64 * n, 8))];
    expect([0, 1, 2, 3].map((n) => entry(log0, n))).to.deep.equal([[times[0], 1], [times[1], 0], [times[2], 1], [times[3], 0]]);
    expect([entry(log1, 0), entry(log1, 1)]).to.deep.equal([[times[4], 1], [0, 0]]);
    expect(log2).to.equal(0n);
  });
});

// ---- differential property test ---------------------------------------------------------------

const ACTORS = ["ADMIN", "ACC1", "ACC2", "CB1", "CB2", "ALICE"] as const;
type Actor = (typeof ACTORS)[number];
const STRANGER = ethers.getAddress("0x000000000000000000000000000000000000dead");
/**
 * Argument pools: each pick takes from the first (mostly valid, so that sequences get somewhere)
 * 85 times in 100, and otherwise from the second (every edge: malformed, unknown, refused).
 */
type Pool<T> = readonly [likely: readonly T[], any: readonly T[]];
const PARTIES: Pool<string> = [["CB1", "CB2"], ["CB1", "CB2", "ACC1", "ALICE", "STRANGER", "ZERO"]];
const CERTIFIERS: Pool<Actor> = [["CB1", "CB1", "CB2"], ["CB1", "CB2", "ACC1", "ACC2", "ALICE", "ADMIN"]];
const AUTHORITIES: Pool<Actor> = [["CB1", "CB2", "ACC1", "ACC2"], ["CB1", "CB2", "ACC1", "ACC2", "ALICE"]];
const ACCREDITORS: Pool<Actor> = [["ACC1", "ACC2"], ["ACC1", "ACC2", "CB1", "ADMIN"]];
const NEW_IDS = ["C-1", "C-2", "C-3", "C-4", "C-5", "TUV:2024-0001"];
const IDS: Pool<string> = [NEW_IDS, [...NEW_IDS, "bad id", "", "x".repeat(65), "C-404"]];
const SUBJECTS: Pool<string> = [
  ["M-1", "M-1", "M-2", SGTIN],
  [
    "M-1",
    "M-2", // Suspended or Decommissioned by some steps
    "M-3", // Decommissioned
    "M-404", // never registered
    SGTIN, // bound to M-1 (unless a step moves it)
    sgtin("DEC"), // bound to M-3, Decommissioned
    sgtin("FREE"), // canonical, never bound
    "did:web:acme.com", // shaped like an asset id, but an identifier (unbound)
    "urn:oid:1.3.6.1.4.1.99999",
    "https://id.gs1.org/01/123", // not canonical
    "M 1",
    "",
  ],
];
const STANDARDS: Pool<string> = [[STD, STD, SIL], [STD, SIL, "ISO14001:2015", "bad standard"]];
const HASHES: Pool<string> = [[H, H2], [H, H2]];
/** Window ends relative to the step's time `n`. */
const FROM: Pool<(n: number) => number> = [
  [() => 0, (n) => n - 1000, (n) => n - 1, (n) => n],
  [() => 0, (n) => n - 1, (n) => n, (n) => n + 1, (n) => n + 300, (n) => n + 5000],
];
const UNTIL: Pool<(n: number) => number> = [
  [(n) => n + 300, (n) => n + 2000, (n) => n + 100_000, () => 2 ** 40],
  [(n) => n - 1, (n) => n, (n) => n + 1, (n) => n + 300, (n) => n + 5000],
];

const STEP_KINDS = [
  ["issueCertificate", 5],
  ["supersedeCertificate", 3],
  ["suspendCertificate", 4],
  ["reinstateCertificate", 4],
  ["revokeCertificate", 1],
  ["accredit", 2],
  ["withdrawAccreditation", 2],
  ["getAccreditation", 1],
  ["grantRole", 1],
  ["revokeRole", 1],
  ["setAssetStatus", 1],
  ["unbindIdentifier", 1],
  ["bindIdentifier", 1],
] as const;
type StepKind = (typeof STEP_KINDS)[number][0];

interface Step {
  dt: number;
  kind: StepKind;
  picks: number[];
}

const stepArbitrary: fc.Arbitrary<Step> = fc.record({
  dt: fc.constantFrom(1, 1, 1, 2, 30, 299, 300, 1000, 5000),
  kind: fc.oneof(...STEP_KINDS.map(([kind, weight]) => ({ arbitrary: fc.constant(kind), weight }))),
  picks: fc.array(fc.nat({ max: 1_000_000 }), { minLength: 10, maxLength: 10 }),
});

interface Call {
  operation: OperationName;
  caller: Actor;
  args: unknown[];
}

/**
 * The call a step stands for at time `now`: its arguments drawn from the pools, a certificate to
 * act on mostly from those that exist (`existing`).
 */
function callOf(step: Step, now: number, party: (name: string) => string, existing: readonly string[]): Call {
  let index = 0;
  const next = () => step.picks[index++ % step.picks.length];
  const pick = <T>([likely, any]: Pool<T>): T => {
    const n = next();
    const pool = n % 20 < 17 ? likely : any;
    return pool[Math.floor(n / 20) % pool.length];
  };
  const certificate = () => pick([existing.length > 0 ? existing : NEW_IDS, IDS[1]]);
  const fields = () => [pick(SUBJECTS), pick(STANDARDS), pick(HASHES), pick(HASHES), pick(FROM)(now), pick(UNTIL)(now)];
  switch (step.kind) {
    case "issueCertificate":
      return { operation: step.kind, caller: pick(CERTIFIERS), args: [pick(IDS), ...fields()] };
    case "supersedeCertificate":
      return { operation: step.kind, caller: pick(CERTIFIERS), args: [certificate(), pick(IDS), ...fields()] };
    case "suspendCertificate":
    case "reinstateCertificate":
    case "revokeCertificate":
      return { operation: step.kind, caller: pick(AUTHORITIES), args: [certificate(), pick(HASHES)] };
    case "accredit":
      return { operation: step.kind, caller: pick(ACCREDITORS), args: [party(pick(PARTIES)), pick(STANDARDS), pick(UNTIL)(now)] };
    case "withdrawAccreditation":
      return { operation: step.kind, caller: pick(ACCREDITORS), args: [party(pick(PARTIES)), pick(STANDARDS)] };
    case "getAccreditation":
      return { operation: step.kind, caller: "ALICE", args: [party(pick(PARTIES)), pick(STANDARDS)] };
    case "grantRole":
    case "revokeRole":
      return { operation: step.kind, caller: pick<Actor>([["ADMIN"], ["ACC1"]]), args: ["ACCREDITOR", party(pick([["ACC2", "CB1"], ["CB2"]]))] };
    case "setAssetStatus":
      return { operation: step.kind, caller: "ALICE", args: [pick([["M-2"], ["M-1"]]), pick([["Active", "Suspended"], ["Decommissioned"]])] };
    case "unbindIdentifier":
      return { operation: step.kind, caller: "ALICE", args: [SGTIN] };
    case "bindIdentifier":
      return { operation: step.kind, caller: "ALICE", args: [pick([["M-1", "M-2"], ["M-3"]]), SGTIN] };
  }
}

type Outcome = { ok: true; value: unknown } | { ok: false; code: string };

/** The contract and the model, driven with the same calls at the same times. */
class Differential {
  readonly model: ReferenceModel;
  readonly signers: Record<Actor, Signer>;
  now = 0;
  /** What the verdict checks need of each certificate the model knows: its times. */
  readonly certificates = new Map<string, { issuedAt: number; validFrom: number; validUntil: number; accreditation: string; changes: number[] }>();
  /** Withdrawal times by `certifier standard`. */
  readonly withdrawals = new Map<string, number[]>();

  constructor(readonly world: World) {
    const { admin, acc, acc2, cb, cb2, alice } = world;
    this.signers = { ADMIN: admin, ACC1: acc, ACC2: acc2, CB1: cb, CB2: cb2, ALICE: alice };
    this.model = new ReferenceModel({
      firstAdmin: admin.address,
      isParty: (v) => typeof v === "string" && ethers.isAddress(v) && ethers.getAddress(v) === v,
      ledgerDomain: "x",
    });
  }

  party = (name: string): string => {
    if (name === "STRANGER") return STRANGER;
    if (name === "ZERO") return ethers.ZeroAddress;
    return this.signers[name as Actor].address;
  };

  private contractOf(operation: OperationName): BaseContract {
    const { roles, assets, identifiers, certification } = this.world;
    const contracts: Record<string, BaseContract> = { roles, asset: assets, identifier: identifiers, certification };
    return contracts[OPERATIONS[operation].primitive];
  }

  private label(call: Call, time: number): string {
    return `${call.caller} ${call.operation}(${call.args.map((arg) => JSON.stringify(arg)).join(", ")}) at ${time}`;
  }

  /** Sends `call` in a block at `time` and submits it to the model at the same time: same code or same event. */
  async submit(call: Call, time: number): Promise<Outcome> {
    const signer = this.signers[call.caller];
    const abiArgs = OPERATIONS[call.operation].params.map((param, i) => encodeArg(param, call.args[i]));
    const contract = this.contractOf(call.operation).connect(signer);
    const [outcome] = await inBlock(this.world, time, [() => contract.getFunction(call.operation).send(...abiArgs, GAS)]);
    this.now = time;
    const evm: Outcome =
      typeof outcome === "string"
        ? { ok: false, code: outcome }
        : { ok: true, value: outcome.logs.map((log) => decodeLog(log, this.world.interfaces)).map((event) => event && { name: event.name, payload: event.payload }) };
    const result = this.model.submit(call.operation, call.args, signer.address, time);
    const expected: Outcome = result.ok ? { ok: true, value: result.event ? [{ name: result.event.name, payload: result.event.payload }] : [] } : result;
    expect(evm, this.label(call, time)).to.deep.equal(expected);
    if (result.ok && result.event) this.track(result.event.name, result.event.payload as Record<string, never>, time);
    return evm;
  }

  /** A query on the contract (a view call) and on the model: same value or same code. */
  async query(call: Call): Promise<void> {
    const abiArgs = OPERATIONS[call.operation].params.map((param, i) => encodeArg(param, call.args[i]));
    const contract = this.contractOf(call.operation);
    const evm: Outcome = await contract
      .getFunction(call.operation)
      .staticCall(...abiArgs)
      .then((value) => ({ ok: true as const, value: plain(value) }), (error) => ({ ok: false as const, code: codeOf(error, this.world.interfaces) }));
    const result = this.model.query(call.operation, call.args, this.signers[call.caller].address, this.now);
    expect(evm, this.label(call, this.now)).to.deep.equal(result);
  }

  private track(name: string, payload: Record<string, never>, time: number): void {
    const issued = (id: string) =>
      this.certificates.set(id, {
        issuedAt: time,
        validFrom: payload.validFrom,
        validUntil: payload.validUntil,
        accreditation: `${payload.issuer} ${payload.standard}`,
        changes: [],
      });
    if (name === "CertificateIssued") issued(payload.certificateId);
    if (name === "CertificateStatusChanged") this.certificates.get(payload.certificateId)!.changes.push(time);
    if (name === "CertificateSuperseded") {
      this.certificates.get(payload.oldId)!.changes.push(time);
      issued(payload.newId);
    }
    if (name === "AccreditationChanged" && payload.accredited === false) {
      const key = `${payload.certifier} ${payload.standard}`;
      this.withdrawals.set(key, [...(this.withdrawals.get(key) ?? []), time]);
    }
  }

  /**
   * `verifyCertificate` for every certificate at the times that matter (before and at its issue,
   * the ends of its window, each change of its log and each withdrawal of its issuer's
   * accreditation, just before each, now, and the far future), and for every pool id now
   * (NotFound for those that do not exist).
   */
  async verifyAll(): Promise<void> {
    const queries: [string, number][] = [];
    for (const [id, c] of this.certificates) {
      const withdrawals = this.withdrawals.get(c.accreditation) ?? [];
      const around = [c.issuedAt, c.validFrom, c.validUntil, ...c.changes, ...withdrawals].flatMap((t) => [t - 1, t]);
      const times = new Set([0, ...around, this.now, this.now + 1_000_000].filter((t) => t >= 0 && Number.isSafeInteger(t)));
      for (const t of times) queries.push([id, t]);
    }
    for (const id of new Set(IDS[1])) queries.push([id, this.now]);
    const { certification, interfaces } = this.world;
    const evm = await Promise.all(
      queries.map(([id, t]) =>
        certification.verifyCertificate(id, t).then(
          (verdict) => CERTIFICATE_VERDICTS[Number(verdict)] as string,
          (error) => codeOf(error, interfaces),
        ),
      ),
    );
    const expected = queries.map(([id, t]) => {
      const result = this.model.query("verifyCertificate", [id, t], this.signers.ALICE.address, this.now);
      return result.ok ? (result.value as string) : result.code;
    });
    const mismatch = queries.findIndex((_, i) => evm[i] !== expected[i]);
    if (mismatch >= 0) {
      const [id, t] = queries[mismatch];
      expect(evm[mismatch], `verifyCertificate(${JSON.stringify(id)}, ${t}) at now ${this.now}`).to.equal(expected[mismatch]);
    }
  }
}

/** A view's ABI result as the spec's JSON value: structs as objects, times as numbers. */
function plain(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (value && typeof value === "object" && "toObject" in value) {
    const object = (value as { toObject(): Record<string, unknown> }).toObject();
    return Object.fromEntries(Object.entries(object).map(([key, field]) => [key, plain(field)]));
  }
  return value;
}

/** Every run starts from the same ledger, built through both: two ACCREDITORs, three assets, two bound tags, two accreditations, one certificate. */
async function differential(): Promise<Differential> {
  const d = new Differential(await deploy());
  let time = (await networkHelpers.time.latest()) + 10;
  const setUp = async (caller: Actor, operation: OperationName, ...args: unknown[]) => {
    const outcome = await d.submit({ caller, operation, args }, ++time);
    expect(outcome.ok, `set-up ${operation}`).to.equal(true);
  };
  await setUp("ADMIN", "grantRole", "ACCREDITOR", d.party("ACC1"));
  await setUp("ADMIN", "grantRole", "ACCREDITOR", d.party("ACC2"));
  for (const id of ["M-1", "M-2", "M-3"]) await setUp("ALICE", "registerAsset", id, "machine", H, "");
  await setUp("ADMIN", "registerNamespace", "gs1", "9506000", d.party("ALICE"));
  await setUp("ALICE", "bindIdentifier", "M-1", SGTIN);
  await setUp("ALICE", "bindIdentifier", "M-3", sgtin("DEC"));
  await setUp("ALICE", "setAssetStatus", "M-3", "Decommissioned");
  await setUp("ACC1", "accredit", d.party("CB1"), STD, time + 100_000);
  await setUp("ACC2", "accredit", d.party("CB2"), SIL, time + 3000);
  await setUp("ACC1", "accredit", d.party("CB2"), STD, time + 50_000);
  await setUp("CB1", "issueCertificate", "C-1", "M-1", STD, H, H, time - 100, time + 5000);
  await d.verifyAll();
  return d;
}

describe("CertificationRegistry: the contract against the reference model (fast-check)", () => {
  it(`random call sequences (${RUNS} runs, ≤ ${MAX_STEPS} steps) give the model's codes, events and verdicts at every time`, async function () {
    this.timeout(0);
    await fc.assert(
      fc.asyncProperty(fc.array(stepArbitrary, { minLength: 1, maxLength: MAX_STEPS, size: "max" }), async (steps) => {
        const d = await differential();
        for (const step of steps) {
          const time = d.now + step.dt;
          const call = callOf(step, time, d.party, [...d.certificates.keys()]);
          if (OPERATIONS[call.operation].kind === "query") await d.query(call);
          else await d.submit(call, time);
          await d.verifyAll();
        }
        for (const certifier of PARTIES[1]) {
          for (const standard of STANDARDS[1]) await d.query({ operation: "getAccreditation", caller: "ALICE", args: [d.party(certifier), standard] });
        }
      }),
      { numRuns: RUNS },
    );
  });
});

// ---- gas ---------------------------------------------------------------------------------------

const ISSUE_TARGET = 137_000;
const RATIO_TARGET = 1.3;

type Floor = FloorParts;

interface GasRow {
  operation: string;
  gas: number;
  floor: number;
  detail: string;
}

function floorOf(data: string, floor: Floor, logs: readonly { topics: readonly string[]; data: string }[]): { floor: number; detail: string } {
  const { floor: value, detail } = gasFloor(data, floor, logs);
  return { floor: value, detail };
}

describe("CertificationRegistry: gas", () => {
  it(`issueCertificate costs ≤ ${ISSUE_TARGET} gas; every operation ≤ ${RATIO_TARGET}× its floor (table printed)`, async () => {
    const world = await deploy();
    const { admin, acc, acc2, cb, alice, roles, assets, identifiers, certification } = world;
    const rows: GasRow[] = [];
    const measure = async (operation: string, floor: Floor, send: Promise<ContractTransactionResponse>) => {
      const tx = await send;
      const receipt = (await tx.wait())!;
      rows.push({ operation, gas: Number(receipt.gasUsed), ...floorOf(tx.data, floor, receipt.logs) });
    };
    const measureView = async (operation: string, floor: Floor, data: string) => {
      const gas = await ethers.provider.estimateGas({ to: await certification.getAddress(), data });
      rows.push({ operation, gas: Number(gas), ...floorOf(data, floor, []) });
    };
    await (await roles.connect(admin).grantRole(ACCREDITOR, acc.address)).wait();
    await (await roles.connect(admin).grantRole(ACCREDITOR, acc2.address)).wait();
    for (const id of ["M-1", "M-2"]) await (await assets.connect(alice).registerAsset(id, "industrial.pump", H, "")).wait();
    await (await identifiers.connect(admin).registerNamespace(GS1, "9506000", alice.address)).wait();
    await (await identifiers.connect(alice).bindIdentifier("M-2", SGTIN)).wait();
    const until = (await networkHelpers.time.latest()) + 10_000_000;
    const byCb = certification.connect(cb);
    const role = { coldReads: 1, coldAccounts: 1 }; // RoleRegistry.hasRole: the account and one slot
    const asset = { coldReads: 2, coldAccounts: 1 }; // the accreditation's slot; AssetRegistry.assetControl: the account and one slot

    await measure("accredit (new record)", { fresh: 2, ...role }, certification.connect(acc).accredit(cb.address, STD, until));
    await measure("accredit (renewed by another ACCREDITOR)", { rewritten: 2, ...role }, certification.connect(acc2).accredit(cb.address, STD, until + 1));
    await measure("withdrawAccreditation (first)", { rewritten: 1, fresh: 1, ...role }, certification.connect(acc).withdrawAccreditation(cb.address, STD));
    await measure("accredit (after a withdrawal)", { rewritten: 2, ...role }, certification.connect(acc).accredit(cb.address, STD, until));
    await measure("issueCertificate (asset id, 13-byte id)", { fresh: 4, ...asset }, byCb.issueCertificate("TUV:2024-0001", "M-1", STD, H, H2, 0, until));
    const id64 = `TUV:${"0".repeat(59)}1`;
    await measure("issueCertificate (asset id, 64-byte id)", { fresh: 4, ...asset }, byCb.issueCertificate(id64, "M-1", STD, H, H2, 0, until));
    // An identifier: also the identifier registry's account and the binding's two slots, and SHA-256 of the 44-byte SGTIN.
    await measure(
      "issueCertificate (GS1 SGTIN subject)",
      { fresh: 4, coldReads: 4, coldAccounts: 2, precompiles: 60 + 12 * 2 },
      byCb.issueCertificate("TUV:2024-0002", SGTIN, STD, H, H2, 0, until),
    );
    await measure("suspendCertificate (issuer, first log slot)", { rewritten: 1, fresh: 1 }, byCb.suspendCertificate("TUV:2024-0001", H));
    await measure("reinstateCertificate (issuer)", { rewritten: 2 }, byCb.reinstateCertificate("TUV:2024-0001", H));
    await measure("suspendCertificate (ACCREDITOR's hold)", { rewritten: 2, ...role }, certification.connect(acc).suspendCertificate("TUV:2024-0001", H));
    await measure("reinstateCertificate (ACCREDITOR lifts hold)", { rewritten: 2, ...role }, certification.connect(acc2).reinstateCertificate("TUV:2024-0001", H));
    await measure("revokeCertificate (issuer, fresh log slot)", { rewritten: 1, fresh: 1 }, byCb.revokeCertificate(id64, H));
    // The old record's status word is rewritten and its log gets a slot; its assetKey slot is read; the new one as issued.
    await measure(
      "supersedeCertificate (asset id)",
      { fresh: 5, rewritten: 1, coldReads: 3, coldAccounts: 1 },
      byCb.supersedeCertificate("TUV:2024-0001", "TUV:2024-0003", "M-1", STD, H2, H, 0, until),
    );

    // Views, as a transaction would pay for them: the record's three slots and one withdrawal word.
    const verify = (id: string, t: number) => certification.interface.encodeFunctionData("verifyCertificate", [id, t]);
    const now = await networkHelpers.time.latest();
    await measureView("verifyCertificate (no log, Valid)", { coldReads: 4 }, verify("TUV:2024-0002", now));
    await measureView("getAccreditation", { coldReads: 2 }, certification.interface.encodeFunctionData("getAccreditation", [cb.address, STD]));

    // The worst status log: 31 suspensions lifted, then revoked (63 entries in 16 slots).
    await (await byCb.issueCertificate("C-LONG", "M-1", STD, H, H, 0, until)).wait();
    const times: number[] = [];
    for (let n = 0; n < 31; n++) {
      for (const send of [() => byCb.suspendCertificate("C-LONG", H), () => byCb.reinstateCertificate("C-LONG", H)]) {
        times.push((await (await (await send()).wait())!.getBlock()).timestamp);
      }
    }
    await (await byCb.revokeCertificate("C-LONG", H)).wait();
    // The time whose bisection reads the most distinct log slots (at most 6 probes), and how many it reads.
    const slotsProbed = (asked: number) => {
      const probed = new Set<number>();
      for (let low = 0, high = 63; low < high; ) {
        const mid = (low + high) >> 1;
        probed.add(mid >> 2);
        if ((times[mid] ?? Infinity) <= asked) low = mid + 1;
        else high = mid;
      }
      return probed.size;
    };
    const asked = times.flatMap((t) => [t - 1, t]).reduce((worst, t) => (slotsProbed(t) > slotsProbed(worst) ? t : worst));
    const probed = slotsProbed(asked);
    await measureView(`verifyCertificate (63-entry log, ${probed} log slots read)`, { coldReads: 4 + probed }, verify("C-LONG", asked));

    console.log(
      `\n  CertificationRegistry gas (target: issue ≤ ${ISSUE_TARGET}, every op ≤ ${RATIO_TARGET}× floor)\n` +
        rows
          .map((row) => `  ${row.operation.padEnd(52)} ${String(row.gas).padStart(7)}  floor ${String(row.floor).padStart(7)}  ×${(row.gas / row.floor).toFixed(2)}  ${row.detail}`)
          .join("\n"),
    );
    const issues = rows.filter((row) => row.operation.startsWith("issueCertificate (asset id"));
    for (const row of issues) expect(row.gas, row.operation).to.be.at.most(ISSUE_TARGET);
    for (const row of rows) expect(row.gas / row.floor, row.operation).to.be.at.most(RATIO_TARGET);
  });
});
