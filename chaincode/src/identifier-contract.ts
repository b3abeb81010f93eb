import { Context, Contract, Info, Returns, Transaction } from "fabric-contract-api";
import { IDENTIFIER_SCHEMES, type IdentifierBinding, type IdentifierScheme, type Namespace } from "../../core/spec/types.js";
import { didBindingStatement, didController, proofProblem, type DidController } from "../../core/did/index.js";
import { isId, isSignature, isTimestamp } from "../../core/spec/rules.js";
import { namespaceCandidates, namespacePrefixProblem, parseCanonical, type ParsedIdentifier } from "../../core/identifiers/index.js";
import { loadAsset } from "./state/assets.js";
import { drain, keyAttribute, readHistory } from "./state/iterators.js";
import { identifierAssetIndexKey, identifierKeyOf, KEY_TYPES, namespaceKey } from "./state/keys.js";
import { callerParty, emit, exists, readJson, toJsonResult, txTime, writeIndex, writeJson } from "./state/ledger-context.js";
import { requireParty } from "./state/parties.js";
import { reject } from "./state/reject.js";
import { requireRole } from "./roles-contract.js";

/**
 * §2 Identifier binding. Canonical identifiers are validated in full here — the client
 * is never trusted — by the same library the clients canonicalise with. A binding lives
 * under the identifier's key, so one physical identifier can be bound once, whatever
 * form it was written in; an `identifier~asset` index lists an asset's identifiers.
 * Self-certifying DIDs bind with their controller's signature (core/spec/DID.md).
 */
@Info({ title: "IdentifierContract", description: "Twinledger identifier namespaces and bindings" })
export class IdentifierContract extends Contract {
  constructor() {
    super("identifier");
  }

  /** ADMIN delegates a GS1 company prefix, Handle prefix or OID arc to a holder. */
  @Transaction()
  public async registerNamespace(ctx: Context, scheme: string, prefix: string, holder: string): Promise<void> {
    requireNamespacePrefix(scheme, prefix);
    requireParty("holder", holder);
    await requireRole(ctx, "ADMIN", callerParty(ctx));
    if (await exists(ctx, namespaceKey(ctx, scheme, prefix))) reject("AlreadyExists", `namespace ${scheme}:${prefix} is already registered`);

    const namespace: Namespace = { scheme: scheme as IdentifierScheme, prefix, holder };
    await writeJson(ctx, namespaceKey(ctx, scheme, prefix), namespace);
    emit(ctx, "NamespaceRegistered", { ...namespace });
  }

  /** ADMIN revokes a namespace; bindings made in it stay, a less specific namespace governs again. */
  @Transaction()
  public async revokeNamespace(ctx: Context, scheme: string, prefix: string): Promise<void> {
    const namespace = await loadNamespaceForAdmin(ctx, scheme, prefix);
    await ctx.stub.deleteState(namespaceKey(ctx, scheme, prefix));
    emit(ctx, "NamespaceRevoked", { ...namespace });
  }

  /** ADMIN hands a namespace over; bindings made in it stay. */
  @Transaction()
  public async transferNamespace(ctx: Context, scheme: string, prefix: string, newHolder: string): Promise<void> {
    requireParty("newHolder", newHolder);
    const namespace = await loadNamespaceForAdmin(ctx, scheme, prefix);
    if (namespace.holder === newHolder) reject("InvalidArgument", `newHolder already holds ${scheme}:${prefix}`);
    await writeJson(ctx, namespaceKey(ctx, scheme, prefix), { ...namespace, holder: newHolder });
    emit(ctx, "NamespaceTransferred", { scheme: namespace.scheme, prefix, from: namespace.holder, to: newHolder });
  }

  @Transaction()
  public async bindIdentifier(ctx: Context, assetId: string, canonicalIdentifier: string): Promise<void> {
    const identifier = parse(canonicalIdentifier);
    const asset = await loadAsset(ctx, assetId);
    const caller = callerParty(ctx);
    if (asset.owner !== caller) reject("Unauthorized", `${caller} does not own asset '${assetId}'`);
    if (asset.status === "Decommissioned") reject("InvalidState", `asset '${assetId}' is decommissioned`);
    if (selfCertified(identifier)) reject("ProofRequired", `${identifier.canonical} is bound with bindDid and its controller's signature`);
    const namespace = await governingNamespace(ctx, identifier);
    if (!namespace || namespace.holder !== caller) {
      reject("NamespaceNotHeld", `${caller} holds no namespace covering ${identifier.canonical}`);
    }
    await bind(ctx, identifier, assetId, caller);
  }

  /** A self-certifying DID, bound with its controller's signature over the binding statement. */
  @Transaction()
  public async bindDid(ctx: Context, assetId: string, did: string, deadline: number, signature: string): Promise<void> {
    if (!isTimestamp(deadline)) reject("InvalidArgument", "deadline must be a unix time in seconds");
    if (!isSignature(signature)) reject("InvalidArgument", "signature must be 0x followed by the lowercase hex of 64 or 65 bytes");
    const { identifier, controller } = parseSelfCertified(did);
    const asset = await loadAsset(ctx, assetId);
    const caller = callerParty(ctx);
    if (asset.owner !== caller) reject("Unauthorized", `${caller} does not own asset '${assetId}'`);
    if (asset.status === "Decommissioned") reject("InvalidState", `asset '${assetId}' is decommissioned`);
    if (txTime(ctx) > deadline) reject("ProofInvalid", `the deadline ${deadline} has passed`);
    const problem = proofProblem(controller, didBindingStatement(ledgerDomain(ctx), identifier.canonical, assetId, deadline), signature);
    if (problem) reject("ProofInvalid", problem);
    await bind(ctx, identifier, assetId, caller);
  }

  /** The text a DID's controller signs for bindDid on this channel. */
  @Transaction(false)
  @Returns("string")
  public async didBindingStatement(ctx: Context, assetId: string, did: string, deadline: number): Promise<string> {
    if (!isTimestamp(deadline)) reject("InvalidArgument", "deadline must be a unix time in seconds");
    const { identifier } = parseSelfCertified(did);
    if (!isId(assetId)) reject("InvalidArgument", `asset id '${assetId}' is not an id`);
    return toJsonResult(didBindingStatement(ledgerDomain(ctx), identifier.canonical, assetId, deadline));
  }

  /** The asset's owner or the holder of the governing namespace frees the identifier; history stays. */
  @Transaction()
  public async unbindIdentifier(ctx: Context, canonicalIdentifier: string): Promise<void> {
    const identifier = parse(canonicalIdentifier);
    const binding = await loadBinding(ctx, identifier);
    const caller = callerParty(ctx);
    const asset = await loadAsset(ctx, binding.assetId);
    const namespace = await governingNamespace(ctx, identifier);
    if (asset.owner !== caller && namespace?.holder !== caller) {
      reject("Unauthorized", `${caller} neither owns asset '${binding.assetId}' nor holds the namespace of ${identifier.canonical}`);
    }

    await ctx.stub.deleteState(identifierKeyOf(ctx, identifier.key));
    await ctx.stub.deleteState(identifierAssetIndexKey(ctx, binding.assetId, identifier.key));
    emit(ctx, "IdentifierUnbound", { key: identifier.key, canonical: identifier.canonical, unboundBy: caller });
  }

  @Transaction(false)
  @Returns("string")
  public async resolveIdentifier(ctx: Context, canonicalIdentifier: string): Promise<string> {
    return toJsonResult(await loadBinding(ctx, parse(canonicalIdentifier)));
  }

  /** The asset's current bindings, in ascending key order. */
  @Transaction(false)
  @Returns("string")
  public async listIdentifiers(ctx: Context, assetId: string): Promise<string> {
    await loadAsset(ctx, assetId);
    const iterator = await ctx.stub.getStateByPartialCompositeKey(KEY_TYPES.identifiersByAsset, [assetId]);
    const keys = await drain(iterator, keyAttribute(ctx, 1));
    const bindings = await Promise.all(keys.map((key) => readJson<IdentifierBinding>(ctx, identifierKeyOf(ctx, key))));
    return toJsonResult(bindings);
  }

  /** Every binding the identifier has had, oldest first; `null` marks an unbinding. */
  @Transaction(false)
  @Returns("string")
  public async getIdentifierHistory(ctx: Context, canonicalIdentifier: string): Promise<string> {
    const identifier = parse(canonicalIdentifier);
    return toJsonResult(await readHistory<IdentifierBinding>(ctx, identifierKeyOf(ctx, identifier.key)));
  }
}

/**
 * Full validation of a canonical identifier. A rejection is a LedgerError whose message
 * is already `IdentifierInvalid: …`, the chaincode's wire form.
 */
function parse(canonicalIdentifier: string): ParsedIdentifier {
  return parseCanonical(canonicalIdentifier);
}

function requireNamespacePrefix(scheme: string, prefix: string): asserts scheme is IdentifierScheme {
  if (!(IDENTIFIER_SCHEMES as readonly string[]).includes(scheme)) {
    reject("InvalidArgument", `scheme '${scheme}' is not one of ${IDENTIFIER_SCHEMES.join(", ")}`);
  }
  const problem = namespacePrefixProblem(scheme as IdentifierScheme, prefix);
  if (problem) reject("InvalidArgument", problem);
}

/** Checks shared by revoke and transfer: a valid prefix, an ADMIN caller, a registered namespace. */
async function loadNamespaceForAdmin(ctx: Context, scheme: string, prefix: string): Promise<Namespace> {
  requireNamespacePrefix(scheme, prefix);
  await requireRole(ctx, "ADMIN", callerParty(ctx));
  const namespace = await readJson<Namespace>(ctx, namespaceKey(ctx, scheme, prefix));
  if (!namespace) reject("NotFound", `namespace ${scheme}:${prefix} is not registered`);
  return namespace;
}

async function loadBinding(ctx: Context, identifier: ParsedIdentifier): Promise<IdentifierBinding> {
  const binding = await readJson<IdentifierBinding>(ctx, identifierKeyOf(ctx, identifier.key));
  if (!binding) reject("NotFound", `${identifier.canonical} is not bound`);
  return binding;
}

/** The most specific registered namespace covering the identifier: delegation is like DNS. */
async function governingNamespace(ctx: Context, identifier: ParsedIdentifier): Promise<Namespace | undefined> {
  if (selfCertified(identifier)) return undefined;
  for (const prefix of namespaceCandidates(identifier.scheme, identifier.namespaceSubject)) {
    const namespace = await readJson<Namespace>(ctx, namespaceKey(ctx, identifier.scheme, prefix));
    if (namespace) return namespace;
  }
  return undefined;
}

/** Records a binding once every check passed. */
async function bind(ctx: Context, identifier: ParsedIdentifier, assetId: string, caller: string): Promise<void> {
  if (await exists(ctx, identifierKeyOf(ctx, identifier.key))) reject("IdentifierTaken", `${identifier.canonical} is already bound`);

  const binding: IdentifierBinding = {
    key: identifier.key,
    scheme: identifier.scheme,
    canonical: identifier.canonical,
    assetId,
    boundBy: caller,
    boundAt: txTime(ctx),
  };
  await writeJson(ctx, identifierKeyOf(ctx, identifier.key), binding);
  await writeIndex(ctx, identifierAssetIndexKey(ctx, assetId, identifier.key));
  const { boundAt: _, ...payload } = binding;
  emit(ctx, "IdentifierBound", payload);
}

/** The controller of a self-certifying DID; undefined for every other identifier. */
function selfCertified(identifier: ParsedIdentifier): DidController | undefined {
  return identifier.scheme === "did" ? didController(identifier.canonical) : undefined;
}

function parseSelfCertified(did: string): { identifier: ParsedIdentifier; controller: DidController } {
  const identifier = parse(did);
  if (identifier.scheme !== "did") reject("InvalidArgument", `${identifier.canonical} is not a DID`);
  const controller = selfCertified(identifier);
  if (!controller) reject("InvalidArgument", `${identifier.canonical} is not self-certifying: bind it through its method's namespace`);
  return { identifier, controller };
}

/** This ledger's name in DID binding statements: the channel. */
function ledgerDomain(ctx: Context): string {
  return `fabric:${ctx.stub.getChannelID()}`;
}
