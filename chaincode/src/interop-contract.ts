import { Context, Contract, Info, Returns, Transaction } from "fabric-contract-api";
import { parseCanonical } from "../../core/identifiers/index.js";
import { CERTIFICATE_VERDICTS, RECEIVABLE_STATES, type CertificateVerdict } from "../../core/spec/lifecycles.js";
import { isHash, isId } from "../../core/spec/rules.js";
import type { IdentifierBinding, Receivable } from "../../core/spec/types.js";
import { encodeStatement, FACT_PROOF_EVENT, FACT_TYPES, keccakHex, type FactStatement, type FactType } from "../../core/interop/statement.js";
import { certificateKey, identifierKeyOf, receivableKey } from "./state/keys.js";
import { readJson, toJsonResult } from "./state/ledger-context.js";
import { isUint64, releaseFromEvm, requireAddress, requireChainId, reserveForEvm, setEvmCommittee } from "./interop-lock.js";
import { verdictAt, type StoredCertificate } from "./state/certificates.js";
import { readFingerprint } from "./state/receivables.js";
import { readReservation } from "./state/evm-locks.js";
import { reject } from "./state/reject.js";

const ZERO_WORD = `0x${"00".repeat(32)}`;

/**
 * Cross-ledger facts (core/spec/INTEROP.md §2). `proveFact` is endorsed, never submitted:
 * the client takes the peers' signed answer to an EVM contract. It reads committed state
 * with point reads only and writes nothing, so the endorsement states a committed fact; and
 * it uses no clock or randomness, so every endorser signs the same bytes.
 */
@Info({ title: "InteropContract", description: "Twinledger facts proven to another ledger by the peers' endorsements" })
export class InteropContract extends Contract {
  constructor() {
    super("interop");
  }

  /** States one fact about `subject` for the EVM `consumer` on `chainId`, under the verifier's `nonce`. */
  @Transaction(false)
  @Returns("string")
  public async proveFact(
    ctx: Context,
    factType: string,
    subject: string,
    chainId: string,
    consumer: string,
    nonce: string,
    notBefore: number,
    expiry: number,
  ): Promise<string> {
    if (!(factType in FACT_TYPES)) reject("InvalidArgument", `factType must be one of ${Object.keys(FACT_TYPES).join(", ")}`);
    requireChainId(chainId);
    requireAddress("consumer", consumer);
    if (!isHash(nonce)) reject("InvalidArgument", "nonce must be 0x and 64 lowercase hex digits");
    if (!isUint64(notBefore) || !isUint64(expiry) || notBefore > expiry) reject("InvalidArgument", "notBefore and expiry must be uint64 seconds, notBefore ≤ expiry");

    const { subjectWord, value } = await FACTS[factType as FactType](ctx, subject, notBefore, expiry, chainId, consumer);
    const statement: FactStatement = {
      channelHash: keccakHex(ctx.stub.getChannelID()),
      factType: factType as FactType,
      subject: subjectWord,
      value,
      chainId: BigInt(chainId),
      consumer,
      nonce,
      notBefore: BigInt(notBefore),
      expiry: BigInt(expiry),
    };
    const bytes = encodeStatement(statement);
    ctx.stub.setEvent(FACT_PROOF_EVENT, bytes);
    return `0x${Buffer.from(bytes).toString("hex")}`;
  }

  // ---- the cross-ledger lock of an invoice (INTEROP.md §4; interop-lock.ts) ---------------------

  /** ADMIN names the committee (organisations' P-256 keys and a quorum) whose checkpoints of an EVM chain Fabric believes. */
  @Transaction()
  public async setEvmCommittee(ctx: Context, chainId: string, committee: string): Promise<void> {
    await setEvmCommittee(ctx, chainId, committee);
  }

  /** Hands the fingerprint to one EVM registry until `expiry` (EVM time); Fabric refuses to finance it meanwhile. */
  @Transaction()
  public async reserveForEvm(ctx: Context, fingerprint: string, chainId: string, registry: string, expiry: number): Promise<void> {
    await reserveForEvm(ctx, fingerprint, chainId, registry, expiry);
  }

  /** Takes the fingerprint back, shown by a committee checkpoint and a storage proof that the registry did not finance it in time. */
  @Transaction()
  public async releaseFromEvm(ctx: Context, fingerprint: string, evidence: string): Promise<void> {
    await releaseFromEvm(ctx, fingerprint, evidence);
  }

  /** The fingerprint's live reservation, or NotFound. */
  @Transaction(false)
  @Returns("string")
  public async getEvmReservation(ctx: Context, fingerprint: string): Promise<string> {
    if (!isHash(fingerprint)) reject("InvalidArgument", "fingerprint must be 0x and 64 lowercase hex digits");
    const reservation = await readReservation(ctx, fingerprint);
    if (!reservation) reject("NotFound", `fingerprint ${fingerprint} is not reserved`);
    return toJsonResult(reservation);
  }
}

type Fact = (
  ctx: Context,
  subject: string,
  notBefore: number,
  expiry: number,
  chainId: string,
  consumer: string,
) => Promise<{ subjectWord: string; value: string }>;

const FACTS: Record<FactType, Fact> = {
  /** The identifier's key; keccak of the asset it is bound to, zero when unbound. */
  async IdentifierBinding(ctx, canonical) {
    const { key } = parseCanonical(canonical);
    const binding = await readJson<IdentifierBinding>(ctx, identifierKeyOf(ctx, key));
    return { subjectWord: key, value: binding ? keccakHex(binding.assetId) : ZERO_WORD };
  },

  /** Valid only when Valid at both ends of the nonce window: a validity window is an interval. */
  async CertificateVerdict(ctx, id, notBefore, expiry) {
    if (!isId(id)) reject("InvalidArgument", "subject must be a certificate id");
    const certificate = await readJson<StoredCertificate>(ctx, certificateKey(ctx, id));
    if (!certificate) return { subjectWord: keccakHex(id), value: ZERO_WORD };
    const first = await verdictAt(ctx, certificate, notBefore);
    const verdict = first === "Valid" ? await verdictAt(ctx, certificate, expiry) : first;
    return { subjectWord: keccakHex(id), value: codeWord(1 + CERTIFICATE_VERDICTS.indexOf(verdict as CertificateVerdict)) };
  },

  /** The reservation's EVM expiry when the fingerprint is reserved for exactly this chain and consumer, else zero. */
  async ReceivableReservation(ctx, fingerprint, _notBefore, _expiry, chainId, consumer) {
    if (!isHash(fingerprint)) reject("InvalidArgument", "subject must be an invoice fingerprint (0x and 64 lowercase hex digits)");
    const reservation = await readReservation(ctx, fingerprint);
    const forThem = reservation !== undefined && reservation.chainId === chainId && reservation.registry === consumer;
    return { subjectWord: fingerprint, value: forThem ? codeWord(reservation.expiry) : ZERO_WORD };
  },

  /** The state of the receivable that registered the fingerprint, zero when none has. */
  async ReceivableState(ctx, fingerprint) {
    if (!isHash(fingerprint)) reject("InvalidArgument", "subject must be an invoice fingerprint (0x and 64 lowercase hex digits)");
    const id = await readFingerprint(ctx, fingerprint);
    const receivable = id === undefined ? undefined : await readJson<Receivable>(ctx, receivableKey(ctx, id));
    return { subjectWord: fingerprint, value: receivable ? codeWord(1 + RECEIVABLE_STATES.indexOf(receivable.state)) : ZERO_WORD };
  },
};

function codeWord(code: number): string {
  return `0x${code.toString(16).padStart(64, "0")}`;
}
