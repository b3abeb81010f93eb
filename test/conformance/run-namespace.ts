/**
 * One test's view of a SHARED deployment: the same cases that run on a fresh ledger run
 * on a live one that earlier runs (and other users) have written to. Every value a case
 * creates that the ledger keeps for ever or indexes globally — record ids, accreditation
 * standards, invoice fingerprints — is rewritten into this test's namespace (a tag made of
 * the run id and the test's number) on the way in, and read back out of it on the way
 * out, so the case sees exactly the values it wrote, and the ledger holds nothing that
 * could collide with another run's data. Listings and events are cut down to this test's
 * namespace and time.
 *
 * Handle and OID namespaces get a segment (an arc) of the test's own inserted after their
 * first one (`88.118` → `88.k3x9p-7.118`, `1.3.6.1` → `1.3.<n>.6.1`), which keeps every
 * prefix relation between them; the identifiers under them follow. GS1 company prefixes
 * and DID methods are claims on real-world name spaces that cannot be made up per run (a
 * GS1 key's check digit is its company prefix's): a case that claims one or binds in one
 * is reported as not applicable on a shared deployment.
 */
import { createHash } from "node:crypto";
import {
  LedgerError,
  OPERATIONS,
  identifierKey,
  isAssetSubject,
  isHash,
  isId,
  isLabel,
  type LedgerEvent,
  type OperationName,
  type Param,
  ZERO_HASH,
} from "../../core/index.js";
import { isValidNamespacePrefix, parseCanonical } from "../../core/identifiers/index.js";
import { ACTOR_NAMES, IMPLEMENTED_OPERATIONS, type ActorLedgers, type IndustrialLedger } from "../../clients/ledger.js";

/** Thrown before a call that a shared deployment cannot take; the harness reports the case as not applicable. */
export class NotApplicableHere extends Error {}

/** The longest id or label the spec allows (ID_PATTERN). */
const MAX_ID = 64;

/** One test's rewritten values, each mapped back to what the case wrote. */
export class RunNamespace {
  private readonly backward = new Map<string, string>();

  /** `tag` starts every id this test writes: letters, digits and dots, e.g. `k3x9p.7.`. */
  constructor(readonly tag: string) {
    if (!isId(tag) || tag.length > 16) throw new RangeError(`a namespace tag must be a short id, got ${JSON.stringify(tag)}`);
  }

  /** An id or label inside the namespace; values the spec rejects are passed on unchanged, to be rejected the same way. */
  name(value: string): string {
    if (!isId(value)) return value;
    if (value.startsWith(this.tag)) return value; // already ours (a bookmark handed back)
    // A value at the maximum length keeps its length: its head gives way to the tag.
    const named = value.length + this.tag.length <= MAX_ID ? this.tag + value : this.tag + value.slice(this.tag.length);
    return this.remember(value, named);
  }

  /** A fingerprint (bytes32) only this test can have written. */
  fingerprint(value: string): string {
    if (!isHash(value) || value === ZERO_HASH) return value; // both refused as they are
    return this.remember(value, `0x${createHash("sha256").update(`${this.tag}${value}`).digest("hex")}`);
  }

  /** The test's own Handle segment (a-z, 0-9, "-") and OID arc (digits), from the tag. */
  private get handleSegment(): string {
    return this.tag.slice(0, -1).replace(/\./g, "-").toLowerCase();
  }
  private get oidArc(): string {
    const [run, test] = this.tag.slice(0, -1).split(".");
    return `${parseInt(run, 36)}${parseInt(test ?? "0", 36).toString().padStart(4, "0")}`;
  }

  /** A Handle or OID namespace prefix inside the namespace (others, and malformed ones, as given). */
  prefix(scheme: unknown, value: string): string {
    if (scheme !== "handle" && scheme !== "oid") return value;
    if (!isValidNamespacePrefix(scheme, value)) return value;
    const [first, ...rest] = value.split(".");
    const named =
      scheme === "handle"
        ? [first, this.handleSegment, ...rest].join(".")
        : [first, ...rest.slice(0, 1), this.oidArc, ...rest.slice(1)].join(".");
    return isValidNamespacePrefix(scheme, named) ? this.remember(value, named) : value;
  }

  /** A canonical Handle or OID identifier under the namespace's own prefix; its key is mapped back too. */
  identifier(value: string): string {
    let scheme: string;
    try {
      scheme = parseCanonical(value).scheme;
    } catch {
      return value; // not canonical: refused by the ledger as it is
    }
    let named = value;
    if (scheme === "handle") {
      const [, prefix, suffix] = /^hdl:([^/]+)\/(.*)$/s.exec(value)!;
      named = `hdl:${this.prefix("handle", prefix)}/${suffix}`;
    } else if (scheme === "oid") {
      named = `urn:oid:${this.prefix("oid", value.slice("urn:oid:".length))}`;
    }
    if (named === value) return value;
    this.remember(identifierKey(scheme as "handle" | "oid", value), identifierKey(scheme as "handle" | "oid", named));
    return this.remember(value, named);
  }

  /** Whether a ledger value (as stored) was written by this test. */
  owns(stored: string): boolean {
    return stored.startsWith(this.tag) || this.backward.has(stored);
  }

  /** A ledger result as the case expects it: every rewritten string mapped back, everywhere in it. */
  restore<T>(value: T): T {
    if (typeof value === "string") return (this.backward.get(value) ?? value) as T;
    if (Array.isArray(value)) return value.map((item) => this.restore(item)) as T;
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.restore(item)])) as T;
    }
    return value;
  }

  /** An error message with the rewritten values mapped back (longest first, so none is cut). */
  restoreText(text: string): string {
    const rewritten = [...this.backward.keys()].sort((a, b) => b.length - a.length);
    return rewritten.reduce((result, named) => result.split(named).join(this.backward.get(named)!), text);
  }

  /** Mentions any value this test wrote (a payload, deep). */
  mentions(value: unknown): boolean {
    if (typeof value === "string") return this.owns(value);
    if (Array.isArray(value)) return value.some((item) => this.mentions(item));
    if (value !== null && typeof value === "object") return Object.values(value).some((item) => this.mentions(item));
    return false;
  }

  private remember(original: string, named: string): string {
    const earlier = this.backward.get(named);
    if (earlier !== undefined && earlier !== original) {
      throw new Error(`the run namespace maps both ${JSON.stringify(earlier)} and ${JSON.stringify(original)} to ${named}`);
    }
    this.backward.set(named, original);
    return named;
  }
}

/** How one argument enters the namespace, by its type and name in the operation table (`scheme`: the call's, if any). */
function nameArgument(namespace: RunNamespace, param: Param, value: unknown, scheme: unknown): unknown {
  if (typeof value === "string") {
    switch (param.type) {
      case "prefix":
        return namespace.prefix(scheme, value);
      case "identifier":
        return namespace.identifier(value);
      case "id":
        return namespace.name(value);
      case "subject":
        return isAssetSubject(value) ? namespace.name(value) : namespace.identifier(value);
      case "bookmark":
        // The first page of a listing starts where this test's ids start (ascending id order).
        return value === "" ? namespace.tag : namespace.name(value);
      case "hash":
        return param.name === "fingerprint" ? namespace.fingerprint(value) : value;
      case "label":
      case "optionalLabel":
        return /standard/i.test(param.name) && isLabel(value) ? namespace.name(value) : value;
    }
  }
  if (param.type === "idList" && Array.isArray(value)) return value.map((item) => (typeof item === "string" ? namespace.name(item) : item));
  return value;
}

/** A page of a listing, cut to this test's ids; its bookmark is kept only while it points into them. */
function ownPage(namespace: RunNamespace, page: { items: { id: string }[]; bookmark: string }) {
  const items = page.items.filter((item) => namespace.owns(item.id));
  const bookmark = items.length === page.items.length && namespace.owns(page.bookmark) ? page.bookmark : "";
  return { items, bookmark };
}

/**
 * The actors of a shared deployment, seen through one test's namespace. `fromBlock` is the
 * ledger height when the test began: earlier events belong to other tests and runs.
 */
export function namespacedActors(shared: ActorLedgers, tag: string, fromBlock: number): ActorLedgers {
  const namespace = new RunNamespace(tag);
  const parties = new Set(ACTOR_NAMES.map((actor) => shared[actor].party));
  const ours = (event: LedgerEvent) => event.blockNumber >= fromBlock && (namespace.mentions(event.payload) || Object.values(event.payload).some((v) => parties.has(v as string)));
  const wrap = (ledger: IndustrialLedger): IndustrialLedger => {
    const view: Record<string, unknown> = {
      platform: ledger.platform,
      party: ledger.party,
      ledgerDomain: () => ledger.ledgerDomain(),
      getEvents: async (from = 0) => namespace.restore((await ledger.getEvents(Math.max(from, fromBlock))).filter(ours)),
    };
    for (const name of IMPLEMENTED_OPERATIONS) view[name] = (...args: unknown[]) => call(namespace, ledger, name, args);
    return view as unknown as IndustrialLedger;
  };
  return Object.fromEntries(ACTOR_NAMES.map((actor) => [actor, wrap(shared[actor])])) as unknown as ActorLedgers;
}

async function call(namespace: RunNamespace, ledger: IndustrialLedger, name: OperationName, args: unknown[]): Promise<unknown> {
  const operation = OPERATIONS[name];
  const claim = globalClaim(operation, args);
  if (claim) throw new NotApplicableHere(`${name}: ${claim}, a real-world claim a run cannot make up on a shared ledger`);
  const schemeIndex = operation.params.findIndex((param) => param.type === "scheme");
  const scheme = schemeIndex >= 0 ? args[schemeIndex] : undefined;
  const named = args.map((value, index) => (index < operation.params.length ? nameArgument(namespace, operation.params[index], value, scheme) : value));
  try {
    const result = await (ledger[name as keyof IndustrialLedger] as (...a: unknown[]) => Promise<unknown>)(...named);
    const returns = operation.kind === "query" ? operation.returns : undefined;
    // A text (a DID binding statement) holds rewritten values inside it: mapped back in place.
    if (returns === "text") return namespace.restoreText(result as string);
    const isPage = returns?.endsWith("Page") === true;
    return namespace.restore(isPage ? ownPage(namespace, result as { items: { id: string }[]; bookmark: string }) : result);
  } catch (error) {
    if (error instanceof LedgerError) throw new LedgerError(error.code, namespace.restoreText(error.reason), { cause: error });
    throw error;
  }
}

/**
 * What a submit would claim or bind in a GS1 or DID name space (a valid GS1 company prefix
 * or DID method, a GS1 key, a DID), or undefined. Malformed values are no claim: the ledger
 * refuses them and writes nothing.
 */
function globalClaim(operation: (typeof OPERATIONS)[OperationName], args: unknown[]): string | undefined {
  if (operation.kind !== "submit") return undefined;
  for (const [index, param] of operation.params.entries()) {
    const value = args[index];
    if (typeof value !== "string") continue;
    if (param.type === "prefix") {
      const scheme = args[operation.params.findIndex((p) => p.type === "scheme")];
      if ((scheme === "gs1" || scheme === "did") && isValidNamespacePrefix(scheme, value)) return `the ${scheme} namespace ${value}`;
    }
    if (param.type === "identifier" || (param.type === "subject" && !isAssetSubject(value))) {
      try {
        const { scheme } = parseCanonical(value);
        if (scheme === "gs1" || scheme === "did") return `the ${scheme} identifier ${value}`;
      } catch {
        // not canonical: refused as it is
      }
    }
  }
  return undefined;
}
