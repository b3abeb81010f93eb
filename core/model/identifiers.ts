/**
 * §2 Identifier binding: namespaces delegated by ADMIN (the most specific one governs),
 * one binding per identifier key whatever form it was written in, history kept on unbind.
 * Identifier syntax is the specification's own library (core/identifiers).
 */
import { didBindingStatement as statementText, didController, proofProblem, type DidController } from "../did/index.js";
import { namespaceCandidates, namespacePrefixProblem, parseCanonical, type ParsedIdentifier } from "../identifiers/index.js";
import { isId, isSignature, isTimestamp } from "../spec/rules.js";
import { LedgerError } from "../spec/errors.js";
import { IDENTIFIER_SCHEMES, type IdentifierScheme, type Namespace } from "../spec/types.js";
import { loadAsset } from "./assets.js";
import { type ModelContext, requireParty } from "./context.js";
import { fail, type ModelEvent } from "./outcome.js";
import { requireRole } from "./roles.js";
import { type ModelBinding, namespaceId, record } from "./state.js";

function parse(canonical: unknown): ParsedIdentifier {
  if (typeof canonical !== "string") fail("IdentifierInvalid", "not a string");
  try {
    return parseCanonical(canonical);
  } catch (error) {
    if (error instanceof LedgerError) fail(error.code, error.reason);
    throw error;
  }
}

/** The controller of a self-certifying DID; undefined for every other identifier. */
function selfCertified(identifier: ParsedIdentifier): DidController | undefined {
  return identifier.scheme === "did" ? didController(identifier.canonical) : undefined;
}

/** The namespace governing an identifier; self-certifying DIDs have none. */
function governing(ctx: ModelContext, identifier: ParsedIdentifier): Namespace | undefined {
  if (selfCertified(identifier)) return undefined;
  for (const prefix of namespaceCandidates(identifier.scheme, identifier.namespaceSubject)) {
    const namespace = ctx.state.namespaces.get(namespaceId(identifier.scheme, prefix));
    if (namespace) return namespace;
  }
  return undefined;
}

function loadBinding(ctx: ModelContext, identifier: ParsedIdentifier): ModelBinding {
  const binding = ctx.state.bindings.get(identifier.key);
  if (!binding) fail("NotFound", `${identifier.canonical} is not bound`);
  return binding;
}

function requirePrefix(scheme: unknown, prefix: unknown): void {
  if (!(IDENTIFIER_SCHEMES as readonly unknown[]).includes(scheme)) fail("InvalidArgument", "scheme");
  const problem = typeof prefix === "string" ? namespacePrefixProblem(scheme as IdentifierScheme, prefix) : "not a string";
  if (problem) fail("InvalidArgument", problem);
}

/** Revoke and transfer: ADMIN acts on a registered namespace. */
function loadForAdmin(ctx: ModelContext, scheme: unknown, prefix: unknown): Namespace {
  requireRole(ctx, "ADMIN");
  const namespace = ctx.state.namespaces.get(namespaceId(scheme as string, prefix as string));
  if (!namespace) fail("NotFound", `${String(scheme)} ${String(prefix)}`);
  return namespace;
}

export function registerNamespace(ctx: ModelContext, scheme: unknown, prefix: unknown, holder: unknown): ModelEvent {
  requirePrefix(scheme, prefix);
  requireParty(ctx, "holder", holder);
  requireRole(ctx, "ADMIN");
  const id = namespaceId(scheme as string, prefix as string);
  if (ctx.state.namespaces.has(id)) fail("AlreadyExists", id);
  const namespace: Namespace = { scheme: scheme as IdentifierScheme, prefix: prefix as string, holder };
  ctx.state.namespaces.set(id, namespace);
  return { name: "NamespaceRegistered", payload: { ...namespace } };
}

/** Bindings made in the namespace stay bound; a less specific namespace, if any, governs again. */
export function revokeNamespace(ctx: ModelContext, scheme: unknown, prefix: unknown): ModelEvent {
  requirePrefix(scheme, prefix);
  const namespace = loadForAdmin(ctx, scheme, prefix);
  ctx.state.namespaces.delete(namespaceId(namespace.scheme, namespace.prefix));
  return { name: "NamespaceRevoked", payload: { ...namespace } };
}

/** The new holder binds and unbinds in the namespace from now on; existing bindings stay. */
export function transferNamespace(ctx: ModelContext, scheme: unknown, prefix: unknown, newHolder: unknown): ModelEvent {
  requirePrefix(scheme, prefix);
  requireParty(ctx, "newHolder", newHolder);
  const namespace = loadForAdmin(ctx, scheme, prefix);
  if (namespace.holder === newHolder) fail("InvalidArgument", "newHolder already holds the namespace");
  ctx.state.namespaces.set(namespaceId(namespace.scheme, namespace.prefix), { ...namespace, holder: newHolder });
  return { name: "NamespaceTransferred", payload: { scheme: namespace.scheme, prefix: namespace.prefix, from: namespace.holder, to: newHolder } };
}

export function bindIdentifier(ctx: ModelContext, assetId: unknown, canonical: unknown): ModelEvent {
  const identifier = parse(canonical);
  const asset = loadAsset(ctx, assetId);
  if (asset.owner !== ctx.caller) fail("Unauthorized", `${ctx.caller} does not own ${asset.id}`);
  if (asset.status === "Decommissioned") fail("InvalidState", `${asset.id} is decommissioned`);
  if (selfCertified(identifier)) fail("ProofRequired", `${identifier.canonical} is bound with bindDid and its controller's signature`);
  if (governing(ctx, identifier)?.holder !== ctx.caller) {
    fail("NamespaceNotHeld", `${ctx.caller} holds no namespace covering ${identifier.canonical}`);
  }
  return bind(ctx, identifier, asset.id);
}

/** Steps 1 and 2 of bindDid and didBindingStatement (core/spec/DID.md). */
function parseSelfCertified(canonical: unknown): { identifier: ParsedIdentifier; controller: DidController } {
  const identifier = parse(canonical);
  if (identifier.scheme !== "did") fail("InvalidArgument", "did is not a DID");
  const controller = selfCertified(identifier);
  if (!controller) fail("InvalidArgument", `${identifier.canonical} is not self-certifying: bind it through its method's namespace`);
  return { identifier, controller };
}

export function bindDid(ctx: ModelContext, assetId: unknown, did: unknown, deadline: unknown, signature: unknown): ModelEvent {
  if (!isTimestamp(deadline)) fail("InvalidArgument", "deadline");
  if (!isSignature(signature)) fail("InvalidArgument", "signature");
  const { identifier, controller } = parseSelfCertified(did);
  const asset = loadAsset(ctx, assetId);
  if (asset.owner !== ctx.caller) fail("Unauthorized", `${ctx.caller} does not own ${asset.id}`);
  if (asset.status === "Decommissioned") fail("InvalidState", `${asset.id} is decommissioned`);
  if (ctx.now > deadline) fail("ProofInvalid", "the deadline has passed");
  const problem = proofProblem(controller, statementText(ctx.ledgerDomain, identifier.canonical, asset.id, deadline), signature);
  if (problem) fail("ProofInvalid", problem);
  return bind(ctx, identifier, asset.id);
}

export function didBindingStatement(ctx: ModelContext, assetId: unknown, did: unknown, deadline: unknown): string {
  if (!isTimestamp(deadline)) fail("InvalidArgument", "deadline");
  const { identifier } = parseSelfCertified(did);
  if (!isId(assetId)) fail("InvalidArgument", "assetId");
  return statementText(ctx.ledgerDomain, identifier.canonical, assetId, deadline);
}

function bind(ctx: ModelContext, identifier: ParsedIdentifier, assetId: string): ModelEvent {
  if (ctx.state.bindings.has(identifier.key)) fail("IdentifierTaken", identifier.canonical);
  const binding: ModelBinding = {
    key: identifier.key, scheme: identifier.scheme, canonical: identifier.canonical, assetId, boundBy: ctx.caller,
  };
  ctx.state.bindings.set(identifier.key, binding);
  record(ctx.state.bindingHistory, identifier.key, binding);
  return { name: "IdentifierBound", payload: { ...binding } };
}

export function unbindIdentifier(ctx: ModelContext, canonical: unknown): ModelEvent {
  const identifier = parse(canonical);
  const binding = loadBinding(ctx, identifier);
  const asset = loadAsset(ctx, binding.assetId);
  const holder = governing(ctx, identifier)?.holder;
  if (asset.owner !== ctx.caller && holder !== ctx.caller) fail("Unauthorized", `${ctx.caller} may not unbind ${identifier.canonical}`);
  ctx.state.bindings.delete(identifier.key);
  record<ModelBinding | null>(ctx.state.bindingHistory, identifier.key, null);
  return { name: "IdentifierUnbound", payload: { key: identifier.key, canonical: identifier.canonical, unboundBy: ctx.caller } };
}

export function resolveIdentifier(ctx: ModelContext, canonical: unknown): ModelBinding {
  return loadBinding(ctx, parse(canonical));
}

/** An asset's current bindings in ascending key order. */
export function listIdentifiers(ctx: ModelContext, assetId: unknown): ModelBinding[] {
  const asset = loadAsset(ctx, assetId);
  return [...ctx.state.bindings.values()].filter((binding) => binding.assetId === asset.id).sort((a, b) => (a.key < b.key ? -1 : 1));
}

export function identifierHistory(ctx: ModelContext, canonical: unknown): (ModelBinding | null)[] {
  return ctx.state.bindingHistory.get(parse(canonical).key) ?? [];
}
