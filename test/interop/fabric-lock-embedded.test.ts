/**
 * The Fabric half of the cross-ledger lock (core/spec/INTEROP.md §4) on the embedded peers:
 * ADMIN names the committee; a seller reserves an unfinanced invoice for one EVM registry, and
 * while it is reserved Fabric refuses to finance it or to register its fingerprint again;
 * proveFact states the reservation to that registry only. Every refusal carries the spec's code
 * and writes nothing.
 */
import { expect } from "chai";
import { p256 } from "@noble/curves/p256";
import { invoiceFingerprint, LedgerError } from "../../core/index.js";
import type { EvmCommittee } from "../../core/interop/evm-checkpoint.js";
import { decodeStatement } from "../../core/interop/statement.js";
import { lockSlotOf } from "../../core/interop/evm-registry-layout.js";
import { EMPTY_CODE_HASH, EMPTY_TRIE_ROOT } from "../../core/interop/evm-state-proof.js";
import type { ReleaseEvidence } from "../../core/interop/release.js";
import { createEmbeddedFabricTarget, type EmbeddedFabricTarget } from "../../clients/fabric-embedded/target.js";
import type { EmbeddedFabric } from "../../clients/fabric-embedded/sim/index.js";
import { toLedgerError } from "../../clients/fabric/ledger.js";
import { embeddedLockClient, type FabricLockClient } from "../../clients/interop/fabric-lock.js";
import { PROVE_FACT, proveFactArguments } from "../../clients/interop/prove.js";
import type { ActorLedgers, ActorName } from "../../clients/ledger.js";

const CHAIN_ID = 31337n;
const REGISTRY = "0x00000000000000000000000000000000000000a1";
const DAY = 86_400;
const invoice = (invoiceNumber: string) =>
  invoiceFingerprint({ sellerTaxId: "DE 123 456 789", debtorTaxId: "FR40303265045", invoiceNumber, issueDate: "2026-12-02", amount: "100.00", currency: "EUR" });

function committeeOf(mspIds: string[]): EvmCommittee {
  return {
    members: mspIds.map((mspId) => ({ mspId, publicKey: `0x${Buffer.from(p256.getPublicKey(p256.utils.randomPrivateKey(), false)).toString("hex")}` })),
    quorum: mspIds.length,
  };
}

async function codeOf(run: Promise<unknown>): Promise<string> {
  try {
    await run;
  } catch (error) {
    if (error instanceof LedgerError) return error.code;
    throw error;
  }
  return "ok";
}

describe("interop: the Fabric half of the cross-ledger lock (embedded peers)", function () {
  let target: EmbeddedFabricTarget;
  let actors: ActorLedgers;
  let fabric: EmbeddedFabric;
  let lock: (actor: ActorName) => FabricLockClient;
  let committee: EvmCommittee;
  let serial = 0;

  before(async function () {
    target = await createEmbeddedFabricTarget({ endorsingPeers: true });
    actors = await target.deploy();
    fabric = target.fabricOf(actors);
    lock = (actor) => embeddedLockClient(fabric, target.identities[actor]);
    committee = committeeOf(target.organizations.map(({ mspId }) => mspId));
    await actors.admin.grantRole("FINANCIER", actors.financier.party);
  });

  after(() => target.close());

  const expiry = () => BigInt(fabric.now + DAY);
  const reservationOf = (fingerprint: string) => codeOf(lock("bob").getEvmReservation(fingerprint));

  /** A fresh invoice of alice's to bob, acknowledged: the state a seller reserves from. */
  async function acknowledged(): Promise<{ id: string; fingerprint: string }> {
    serial += 1;
    const id = `INV-L-${serial}`;
    const fingerprint = invoice(id);
    await actors.alice.issueReceivable(id, actors.bob.party, "10000", "EUR", fabric.now + 60 * DAY, fingerprint, [], "");
    await actors.bob.acknowledgeReceivable(id);
    return { id, fingerprint };
  }

  async function statedReservation(fingerprint: string, chainId: bigint, consumer: string): Promise<bigint> {
    const args = proveFactArguments({ factType: "ReceivableReservation", subject: fingerprint, chainId, consumer, nonce: `0x${"07".repeat(32)}`, notBefore: 1n, expiry: 2n });
    const statement = decodeStatement(Buffer.from((await fabric.evaluate(target.identities.bob, PROVE_FACT, args)).toString("utf8").slice(2), "hex"));
    return BigInt(statement.value);
  }

  describe("the committee", () => {
    it("refuses a reservation for a chain with no committee (it could never be released): InvalidState", async () => {
      const { fingerprint } = await acknowledged();
      expect(await codeOf(lock("alice").reserveForEvm(fingerprint, CHAIN_ID, REGISTRY, expiry()))).to.equal("InvalidState");
      expect(await reservationOf(fingerprint)).to.equal("NotFound");
    });

    it("is named by an ADMIN only: Unauthorized for anyone else", async () => {
      expect(await codeOf(lock("alice").setEvmCommittee(CHAIN_ID, committee))).to.equal("Unauthorized");
    });

    it("refuses a committee whose quorum is not more than half: InvalidArgument", async () => {
      expect(await codeOf(lock("admin").setEvmCommittee(CHAIN_ID, { ...committee, quorum: 1 }))).to.equal("InvalidArgument");
    });

    it("is set by an ADMIN", async () => {
      expect(await codeOf(lock("admin").setEvmCommittee(CHAIN_ID, committee))).to.equal("ok");
    });
  });

  describe("reserveForEvm", () => {
    const malformed: [string, (fingerprint: string) => [string, bigint, string, bigint]][] = [
      ["the zero fingerprint", () => [`0x${"00".repeat(32)}`, CHAIN_ID, REGISTRY, expiry()]],
      ["an upper-case registry address", (fp) => [fp, CHAIN_ID, REGISTRY.toUpperCase().replace("0X", "0x"), expiry()]],
      ["an expiry already past", (fp) => [fp, CHAIN_ID, REGISTRY, BigInt(fabric.now - 1)]],
      ["an expiry more than 365 days on", (fp) => [fp, CHAIN_ID, REGISTRY, BigInt(fabric.now + 366 * DAY)]],
    ];
    for (const [name, args] of malformed) {
      it(`refuses ${name}: InvalidArgument, nothing reserved`, async () => {
        const { fingerprint } = await acknowledged();
        // Sent as is: the lock client would lower-case the address.
        const [fp, chainId, registry, until] = args(fingerprint);
        const submitted = fabric.submit(target.identities.alice, "interop:reserveForEvm", [fp, chainId.toString(), registry, until.toString()]);
        expect(await codeOf(submitted.catch((error: unknown) => Promise.reject(toLedgerError(error))))).to.equal("InvalidArgument");
        expect(await reservationOf(fingerprint)).to.equal("NotFound");
      });
    }

    it("refuses anyone but the seller of a registered fingerprint: Unauthorized", async () => {
      const { fingerprint } = await acknowledged();
      expect(await codeOf(lock("bob").reserveForEvm(fingerprint, CHAIN_ID, REGISTRY, expiry()))).to.equal("Unauthorized");
      expect(await reservationOf(fingerprint)).to.equal("NotFound");
    });

    it("refuses a financed receivable: InvalidState", async () => {
      const { id, fingerprint } = await acknowledged();
      await actors.alice.financeReceivable(id, actors.financier.party, "9000");
      await actors.financier.acceptFinancing(id, "9000", []);
      expect(await codeOf(lock("alice").reserveForEvm(fingerprint, CHAIN_ID, REGISTRY, expiry()))).to.equal("InvalidState");
    });

    it("reserves the seller's acknowledged invoice for one registry, and records who and until when", async () => {
      const { id, fingerprint } = await acknowledged();
      const until = expiry();
      await lock("alice").reserveForEvm(fingerprint, CHAIN_ID, REGISTRY, until);
      expect(await lock("carol").getEvmReservation(fingerprint)).to.deep.equal({
        fingerprint,
        chainId: CHAIN_ID.toString(),
        registry: REGISTRY,
        expiry: Number(until),
        reservedBy: actors.alice.party,
        receivableId: id,
      });
    });

    it("refuses a second reservation of a reserved fingerprint: InvalidState", async () => {
      const { fingerprint } = await acknowledged();
      await lock("alice").reserveForEvm(fingerprint, CHAIN_ID, REGISTRY, expiry());
      expect(await codeOf(lock("alice").reserveForEvm(fingerprint, CHAIN_ID, "0x00000000000000000000000000000000000000b2", expiry()))).to.equal("InvalidState");
      expect((await lock("bob").getEvmReservation(fingerprint)).registry).to.equal(REGISTRY);
    });

    it("lets anyone reserve a fingerprint Fabric has not seen, which then cannot be issued on Fabric: FingerprintTaken", async () => {
      const fingerprint = invoice("INV-EVM-ONLY");
      await lock("carol").reserveForEvm(fingerprint, CHAIN_ID, REGISTRY, expiry());
      expect((await lock("bob").getEvmReservation(fingerprint)).receivableId).to.equal("");
      const issued = actors.alice.issueReceivable("INV-EVM-ONLY", actors.bob.party, "10000", "EUR", fabric.now + 60 * DAY, fingerprint, [], "");
      expect(await codeOf(issued)).to.equal("FingerprintTaken");
      expect(await codeOf(actors.bob.getReceivable("INV-EVM-ONLY"))).to.equal("NotFound");
    });
  });

  describe("financing on Fabric while reserved", () => {
    it("refuses a financing request: InvalidState", async () => {
      const { id, fingerprint } = await acknowledged();
      await lock("alice").reserveForEvm(fingerprint, CHAIN_ID, REGISTRY, expiry());
      expect(await codeOf(actors.alice.financeReceivable(id, actors.financier.party, "9000"))).to.equal("InvalidState");
    });

    it("refuses to accept a request made before the reservation: InvalidState, the receivable stays Acknowledged", async () => {
      const { id, fingerprint } = await acknowledged();
      await actors.alice.financeReceivable(id, actors.financier.party, "9000");
      await lock("alice").reserveForEvm(fingerprint, CHAIN_ID, REGISTRY, expiry());
      expect(await codeOf(actors.financier.acceptFinancing(id, "9000", []))).to.equal("InvalidState");
      expect((await actors.bob.getReceivable(id)).state).to.equal("Acknowledged");
    });
  });

  describe("proveFact(ReceivableReservation)", () => {
    it("states the expiry to the registry and chain it is reserved for", async () => {
      const { fingerprint } = await acknowledged();
      const until = expiry();
      await lock("alice").reserveForEvm(fingerprint, CHAIN_ID, REGISTRY, until);
      expect(await statedReservation(fingerprint, CHAIN_ID, REGISTRY)).to.equal(until);
    });

    it("states 0 to another registry, to another chain, and for a fingerprint not reserved", async () => {
      const { fingerprint } = await acknowledged();
      await lock("alice").reserveForEvm(fingerprint, CHAIN_ID, REGISTRY, expiry());
      expect(await statedReservation(fingerprint, CHAIN_ID, "0x00000000000000000000000000000000000000b2")).to.equal(0n);
      expect(await statedReservation(fingerprint, 1n, REGISTRY)).to.equal(0n);
      expect(await statedReservation((await acknowledged()).fingerprint, CHAIN_ID, REGISTRY)).to.equal(0n);
    });
  });

  describe("releaseFromEvm (its proofs: cross-ledger-financing.test.ts)", () => {
    it("refuses a fingerprint that is not reserved: NotFound", async () => {
      const { fingerprint } = await acknowledged();
      const evidence: ReleaseEvidence = {
        checkpoint: { chainId: CHAIN_ID, blockNumber: 1n, blockHash: `0x${"11".repeat(32)}`, stateRoot: EMPTY_TRIE_ROOT, timestamp: 1n },
        signatures: [],
        proof: {
          address: REGISTRY,
          balance: "0x0",
          codeHash: EMPTY_CODE_HASH,
          nonce: "0x0",
          storageHash: EMPTY_TRIE_ROOT,
          accountProof: [],
          storageProof: [{ key: lockSlotOf(fingerprint), value: "0x0", proof: [] }],
        },
      };
      expect(await codeOf(lock("alice").releaseFromEvm(fingerprint, evidence))).to.equal("NotFound");
    });

    it("refuses evidence that is not JSON of the release's form: InvalidArgument, the reservation kept", async () => {
      const { fingerprint } = await acknowledged();
      await lock("alice").reserveForEvm(fingerprint, CHAIN_ID, REGISTRY, expiry());
      const submitted = fabric.submit(target.identities.alice, "interop:releaseFromEvm", [fingerprint, '{"checkpoint":1}']);
      expect(await codeOf(submitted.catch((error: unknown) => Promise.reject(toLedgerError(error))))).to.equal("InvalidArgument");
      expect(await reservationOf(fingerprint)).to.equal("ok");
    });
  });
});
