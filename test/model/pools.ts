/**
 * The values the model tests draw arguments from: a few valid ones of every parameter
 * type — so that sequences collide, rebind and transfer back and forth — and the edges
 * of each type: empty, too long, wrong case, the other platform's party ids, malformed
 * numbers, non-canonical identifiers.
 */
import { createHash } from "node:crypto";
import { ASSET_STATUSES, ROLES } from "../../core/index.js";
import { NAMESPACED_DIDS, SELF_CERTIFYING_DIDS } from "../conformance/did-signers.js";

const hash = (text: string) => `0x${createHash("sha256").update(text).digest("hex")}`;

export const ASSET_IDS = ["M-1", "m:2.x_Y"];
export const BAD_IDS = ["", "has space", "x".repeat(65), "é", "M-\uD800"];
export const LABELS = ["machine.cnc", "pump"];
export const BAD_LABELS = ["", "a b"];
export const HASHES = [hash("a"), hash("b"), `0x${"0".repeat(64)}`];
export const BAD_HASHES = ["0x1234", `0x${"A".repeat(64)}`, ""];
export const URIS = ["", "https://example.com/m.json", "ü".repeat(256)];
/** 514 UTF-8 bytes; a lone surrogate, which no UTF-8 can carry. */
export const BAD_URIS = ["ü".repeat(257), "https://example.com/\uDC00"];
export const BAD_ROLES = ["OWNER", "admin", ""];
export const STATUSES = [...ASSET_STATUSES];
export const BAD_STATUSES = ["Retired", "active"];
export const ROLE_NAMES = [...ROLES];
export const PAGE_SIZES = [1, 2, 100];
export const BAD_PAGE_SIZES = [0, 101, 2.5, Number.NaN, -1];
export const BAD_BOOKMARKS = ["not a bookmark"];

/** Canonical identifiers; the two Handles differ only in case, so they share one key. */
export const IDENTIFIERS = [
  "https://id.gs1.org/01/09506000134352/21/ABC",
  "hdl:88.118.8/ABC-001",
  "hdl:88.118.8/abc-001",
  "urn:oid:1.3.6.1.4.1.343.5",
  ...NAMESPACED_DIDS,
  ...Object.keys(SELF_CERTIFYING_DIDS),
];
/** DIDs their controllers can prove on chain (bindDid), and what bindDid refuses as a DID. */
export const DIDS = Object.keys(SELF_CERTIFYING_DIDS);
export const BAD_DIDS = [...NAMESPACED_DIDS, "https://id.gs1.org/01/09506000134352/21/ABC", "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"];
/** 2100-01-01: a deadline no test outlives; 1: one long passed. */
export const FAR_DEADLINE = 4_102_444_800;
export const DEADLINES = [FAR_DEADLINE];
export const BAD_DEADLINES = [1, -1, 2.5, Number.NaN];
/** Signatures refused by shape (InvalidArgument) and one of the right shape that proves nothing (ProofInvalid). */
export const BAD_SIGNATURES = ["0x1234", `0x${"AB".repeat(65)}`, "", `0x${"00".repeat(65)}`, `0x${"00".repeat(64)}`];
export const BAD_IDENTIFIERS = ["(01)09506000134352(21)ABC", "", "urn:oid:1.3.06", "hdl:", "did:example:\uD800"];

/** [scheme, prefix] pairs covering the identifiers at two depths, and invalid ones. */
export const NAMESPACES: [string, string][] = [
  ["gs1", "9506000"],
  ["gs1", "950600013"],
  ["handle", "88.118"],
  ["handle", "88.118.8"],
  ["oid", "1.3.6.1.4.1.343"],
  ["did", "web"],
];
/** Invalid schemes and prefixes, and prefixes longer than a Handle prefix (64) or an identifier (256 bytes) may be. */
export const BAD_NAMESPACES: [string, string][] = [
  ["did", "Web"], ["did", "we-b"], ["isbn", "978"], ["gs1", "12"], ["oid", "1.03"],
  ["handle", `88.${"1".repeat(70)}`], ["oid", `1.3.${"1.".repeat(130)}1`],
];

/**
 * Certification: certificate ids, standards, subjects (asset ids, identifiers bound or not,
 * malformed ones) and times, written as offsets from the sequence's start (`{ at }`) so that
 * a sequence replays on any clock.
 */
export const CERTIFICATE_IDS = ["C-1", "C-2"];
export const BAD_CERTIFICATE_IDS = ["", "C 1"];
export const STANDARDS = ["ISO9001:2015", "IEC61508-SIL2"];
export const SUBJECTS = [...ASSET_IDS, "M-404", IDENTIFIERS[0], IDENTIFIERS[1]];
export const BAD_SUBJECTS = ["", "(01)09506000134352(21)ABC", "urn:oid:1.03"];
/** Offsets in seconds from the sequence's start: windows and verification times around the steps. */
export const TIME_OFFSETS = [0, 30, 600, 3600, 86_400, 10_000_000];
export const BAD_TIMES = [-1, 2.5];
/** How long a step waits before it runs (seconds). */
export const WAITS = [0, 0, 1, 20, 600];

/**
 * Receivables: ids, amounts (2^256 − 1 included), fingerprints that collide across steps,
 * linked asset lists, policies, certificate lists and grace periods, and their edges.
 */
export const RECEIVABLE_IDS = ["R-1", "R-2"];
export const BAD_RECEIVABLE_IDS = ["", "R 1"];
export const MAX_AMOUNT_TEXT = (2n ** 256n - 1n).toString();
export const AMOUNTS = ["100000", "90000", "1", MAX_AMOUNT_TEXT];
/** The advance a set-up requests for R-1 (face value 100000). */
export const ADVANCE = "90000";
export const BAD_AMOUNTS = ["0", "-1", "1.5", "1e3", "0x10", "01", "", " 1", (2n ** 256n).toString()];
export const CURRENCIES = ["EUR", "USD"];
export const BAD_CURRENCIES = ["eur", "EURO", ""];
export const FINGERPRINTS = [hash("invoice 1"), hash("invoice 2")];
export const BAD_FINGERPRINTS = [`0x${"0".repeat(64)}`, "0x1234", ""];
export const ASSET_LISTS = [[], [ASSET_IDS[0]], [...ASSET_IDS]];
export const BAD_ASSET_LISTS = [[ASSET_IDS[0], ASSET_IDS[0]], ["M-404"], ["R"], Array.from({ length: 11 }, (_v, i) => `M-${i}`), [""]];
export const POLICIES = ["", "ISO9001:2015"];
export const BAD_POLICIES = ["a b", "x".repeat(65)];
export const CERTIFICATE_LISTS = [[], ["C-1"], ["C-1", "C-2"]];
export const BAD_CERTIFICATE_LISTS = [["C-1", "C-1"], ["C 1"]];
/** Due dates as offsets from the sequence's start: soon, tomorrow, months on. */
export const DUE_OFFSETS = [600, 86_400, 10_000_000];
export const GRACE_PERIODS = [0, 600, 7_776_000];
export const BAD_GRACE_PERIODS = [31_536_001, -1, 2.5, 2 ** 32];
