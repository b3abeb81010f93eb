/**
 * IdentifierSyntax.sol against core/identifiers/CANONICAL.md and against the TypeScript library
 * (core/identifiers, which the chaincode runs): every rule accepted and rejected, keys equal to
 * core's `identifierKey`, the namespace walk equal to core's `namespaceCandidates`, and
 * differential fuzzing (TS accepts ⇔ Solidity accepts, same namespace subject).
 *
 *   npx hardhat test mocha test/evm/identifier-syntax.test.ts
 */
import { existsSync, readFileSync } from "node:fs";
import { expect } from "chai";
import fc from "fast-check";
import { network } from "hardhat";
import { identifierKey, IDENTIFIER_SCHEMES, type IdentifierScheme } from "../../core/index.js";
import * as tsIdentifiers from "../../core/identifiers/index.js";
import { IdentifierSyntaxHarness__factory } from "../../typechain-types/index.js";
import {
  canonicalIdentifier, cset82, encodeValue, gln, graiDigits, gtin14, handlePrefix, PROPERTY_RUNS, sscc,
} from "../identifiers/arbitraries.js";
import type { IdentifierSyntaxHarness } from "../../typechain-types/index.js";

const { ethers } = await network.create();

const VECTORS = new URL("../vectors/identifiers/canonical.json", import.meta.url);

const SCHEME = { gs1: 0, handle: 1, oid: 2, did: 3 } as const satisfies Record<IdentifierScheme, number>;
const schemeName = (index: number): IdentifierScheme => IDENTIFIER_SCHEMES[index];

// ---- GS1 helpers (independent of core: the spec's mod-10 rule written out again) --------------

/** GS1 mod-10 check digit of the data digits: weights 3, 1, 3, … from the right. */
function checkDigit(data: string): string {
  let sum = 0;
  [...data].reverse().forEach((digit, i) => (sum += Number(digit) * (i % 2 === 0 ? 3 : 1)));
  return String((10 - (sum % 10)) % 10);
}
const withCheck = (data: string) => data + checkDigit(data);
/** The same digits with the check digit replaced by a wrong one. */
const wrongCheck = (data: string) => data + String((Number(checkDigit(data)) + 1) % 10);

const DL = "https://id.gs1.org";
const GTIN = "09506000134352";
const SSCC = withCheck("10614141123456789");
const GLN = withCheck("950600013435");
const GRAI = withCheck("0950600013435");
/** Every CSET 82 character that is written as %XX, encoded. */
const ESCAPED_CSET82 = "%21%22%25%26%27%28%29%2A%2B%2C%2F%3A%3B%3C%3D%3E%3F";

// ---- Own vectors: every rule of CANONICAL.md, accepted and rejected ----------------------------

interface Valid {
  canonical: string;
  scheme: IdentifierScheme;
  subject: string;
  rule: string;
}
interface Invalid {
  canonical: string;
  reason: string; // the Solidity reason, exactly
  rule: string;
}

/** A 256-byte OID of 33 arcs: the longest walk. */
const OID_256 = (() => {
  let text = "urn:oid:1.3.6.1.4.1";
  while (text.length + 9 <= 254) text += ".12345678";
  return `${text}.${"9".repeat(256 - text.length - 1)}`;
})();
const HANDLE_PREFIX_64 = `88.${"a".repeat(30)}.${"b".repeat(30)}`;
const HANDLE_SUFFIX_128 = `${"X".repeat(125)}%25`;
const HANDLE_MAX = `hdl:${HANDLE_PREFIX_64}/${HANDLE_SUFFIX_128}`;

const valid: Valid[] = [
  // gs1
  { canonical: `${DL}/01/${GTIN}`, scheme: "gs1", subject: GTIN.slice(1), rule: "GTIN-14" },
  { canonical: `${DL}/01/00000000000000`, scheme: "gs1", subject: "0000000000000", rule: "GTIN all zeros" },
  { canonical: `${DL}/01/${GTIN}/10/ABC123`, scheme: "gs1", subject: GTIN.slice(1), rule: "GTIN + lot" },
  { canonical: `${DL}/01/${GTIN}/21/ABC123`, scheme: "gs1", subject: GTIN.slice(1), rule: "GTIN + serial" },
  { canonical: `${DL}/01/${GTIN}/10/L-1.x_Y/21/s`, scheme: "gs1", subject: GTIN.slice(1), rule: "GTIN + lot + serial, unreserved" },
  { canonical: `${DL}/01/${GTIN}/10/${"A".repeat(20)}`, scheme: "gs1", subject: GTIN.slice(1), rule: "lot of 20" },
  { canonical: `${DL}/01/${GTIN}/21/${ESCAPED_CSET82}`, scheme: "gs1", subject: GTIN.slice(1), rule: "every %XX of CSET 82" },
  { canonical: `${DL}/01/${GTIN}/21/${"%2F".repeat(20)}`, scheme: "gs1", subject: GTIN.slice(1), rule: "serial of 20 decoded" },
  { canonical: `${DL}/00/${SSCC}`, scheme: "gs1", subject: SSCC.slice(1), rule: "SSCC" },
  { canonical: `${DL}/414/${GLN}`, scheme: "gs1", subject: GLN, rule: "GLN" },
  { canonical: `${DL}/414/${GLN}/254/${"e".repeat(19)}%2B`, scheme: "gs1", subject: GLN, rule: "GLN + extension of 20" },
  { canonical: `${DL}/8003/${GRAI}`, scheme: "gs1", subject: GRAI.slice(1), rule: "GRAI without serial" },
  { canonical: `${DL}/8003/${GRAI}12345ABC`, scheme: "gs1", subject: GRAI.slice(1), rule: "GRAI + serial" },
  { canonical: `${DL}/8003/${GRAI}${"%21".repeat(16)}`, scheme: "gs1", subject: GRAI.slice(1), rule: "GRAI serial of 16" },
  { canonical: `${DL}/8004/950600`, scheme: "gs1", subject: "950600", rule: "GIAI of 6 digits" },
  { canonical: `${DL}/8004/9506001ABC%2F7`, scheme: "gs1", subject: "9506001", rule: "GIAI digits + chars" },
  { canonical: `${DL}/8004/${"9".repeat(30)}`, scheme: "gs1", subject: "9".repeat(30), rule: "GIAI of 30 digits" },
  { canonical: `${DL}/8004/123456${"%3F".repeat(24)}`, scheme: "gs1", subject: "123456", rule: "GIAI of 30 decoded" },
  // handle
  { canonical: "hdl:88.118.8/ABC-001", scheme: "handle", subject: "88.118.8", rule: "industrial-internet handle" },
  { canonical: "hdl:10.1000/182", scheme: "handle", subject: "10.1000", rule: "DOI-style handle" },
  { canonical: "hdl:20.500.12345/a/b/c", scheme: "handle", subject: "20.500.12345", rule: "slashes in suffix" },
  { canonical: "hdl:a_b-c.0/x", scheme: "handle", subject: "a_b-c.0", rule: "prefix charset" },
  { canonical: "hdl:88/%20%25%7F%00%C3%A9", scheme: "handle", subject: "88", rule: "escaped space, %, DEL, NUL, UTF-8" },
  { canonical: "hdl:88/!\"#$&'()*+,-./:;<=>?@[\\]^_`{|}~", scheme: "handle", subject: "88", rule: "printable ASCII suffix" },
  { canonical: HANDLE_MAX, scheme: "handle", subject: HANDLE_PREFIX_64, rule: "64-byte prefix, 128-byte suffix" },
  // oid
  { canonical: "urn:oid:1.3.6.1.4.1.343", scheme: "oid", subject: "1.3.6.1.4.1.343", rule: "OID" },
  { canonical: "urn:oid:0.0", scheme: "oid", subject: "0.0", rule: "zero arcs" },
  { canonical: "urn:oid:0.39", scheme: "oid", subject: "0.39", rule: "second arc 39 under 0" },
  { canonical: "urn:oid:1.39.0.10", scheme: "oid", subject: "1.39.0.10", rule: "second arc 39 under 1" },
  { canonical: "urn:oid:2.999.1", scheme: "oid", subject: "2.999.1", rule: "second arc > 39 under 2" },
  { canonical: `urn:oid:2.25.${"9".repeat(60)}`, scheme: "oid", subject: `2.25.${"9".repeat(60)}`, rule: "arc of any size" },
  { canonical: OID_256, scheme: "oid", subject: OID_256.slice(8), rule: "256-byte OID" },
  // did
  { canonical: "did:example:123456789abcdefghi", scheme: "did", subject: "example", rule: "DID" },
  { canonical: "did:web:example.com:user:alice", scheme: "did", subject: "web", rule: "colons" },
  { canonical: "did:a1:A-Z_a.z", scheme: "did", subject: "a1", rule: "idchars" },
  { canonical: "did:example::a", scheme: "did", subject: "example", rule: "empty segment first" },
  { canonical: "did:example:a::b", scheme: "did", subject: "example", rule: "empty segment inside" },
  { canonical: "did:example:a%3A", scheme: "did", subject: "example", rule: "ends with pct-encoded :" },
  { canonical: "did:example:%20%C3%A9%2F", scheme: "did", subject: "example", rule: "pct-encoded bytes" },
  { canonical: `did:x:${"a".repeat(250)}`, scheme: "did", subject: "x", rule: "256-byte DID" },
];

const invalid: Invalid[] = [
  // all schemes
  { canonical: "", reason: "empty identifier", rule: "empty" },
  { canonical: `did:x:${"a".repeat(251)}`, reason: "longer than 256 bytes", rule: "257 bytes" },
  { canonical: `HTTPS://id.gs1.org/01/${GTIN}`, reason: "unknown scheme", rule: "scheme case" },
  { canonical: `http://id.gs1.org/01/${GTIN}`, reason: "unknown scheme", rule: "http" },
  { canonical: `https://example.com/01/${GTIN}`, reason: "unknown scheme", rule: "other domain" },
  { canonical: "urn:OID:1.2", reason: "unknown scheme", rule: "urn:OID" },
  { canonical: "HDL:88/x", reason: "unknown scheme", rule: "HDL:" },
  { canonical: "88.118/x", reason: "unknown scheme", rule: "handle without hdl:" },
  { canonical: " did:x:y", reason: "unknown scheme", rule: "leading space" },
  // gs1: structure
  { canonical: DL, reason: "gs1: missing path", rule: "stem only" },
  { canonical: `${DL}/`, reason: "gs1: AI not 01,00,414,8003,8004", rule: "stem + /" },
  { canonical: `${DL}.example/01/${GTIN}`, reason: "gs1: host must be id.gs1.org", rule: "other host" },
  { canonical: `${DL}:443/01/${GTIN}`, reason: "gs1: host must be id.gs1.org", rule: "port" },
  { canonical: `${DL}/01`, reason: "gs1: AI not 01,00,414,8003,8004", rule: "AI without value" },
  { canonical: `${DL}/02/${GTIN}`, reason: "gs1: AI not 01,00,414,8003,8004", rule: "other primary AI" },
  { canonical: `${DL}/shop/01/${GTIN}`, reason: "gs1: AI not 01,00,414,8003,8004", rule: "path prefix" },
  { canonical: `${DL}/01/${GTIN}/`, reason: "gs1: no trailing slash allowed", rule: "trailing slash" },
  { canonical: `${DL}/01/${GTIN}?linkType=all`, reason: "gs1: no query string allowed", rule: "query after key" },
  { canonical: `${DL}/01/${GTIN}#x`, reason: "gs1: no fragment allowed", rule: "fragment after key" },
  { canonical: `${DL}/01/${GTIN}/21/A?x=1`, reason: "gs1: no query string allowed", rule: "query after value" },
  { canonical: `${DL}/01/${GTIN}/21/A#x`, reason: "gs1: no fragment allowed", rule: "fragment after value" },
  { canonical: `${DL}/01/${GTIN}/21/A/10/B`, reason: "gs1: lot must precede serial", rule: "qualifier order" },
  { canonical: `${DL}/01/${GTIN}/10/A/10/B`, reason: "gs1: only lot, serial after GTIN", rule: "lot twice" },
  { canonical: `${DL}/01/${GTIN}/21/A/21/B`, reason: "gs1: only lot, serial after GTIN", rule: "serial twice" },
  { canonical: `${DL}/01/${GTIN}/22/A`, reason: "gs1: only lot, serial after GTIN", rule: "AI 22" },
  { canonical: `${DL}/01/${GTIN}/17/260101`, reason: "gs1: only lot, serial after GTIN", rule: "AI 17" },
  { canonical: `${DL}/01/${GTIN}/21/A/`, reason: "gs1: no trailing slash allowed", rule: "trailing slash after serial" },
  { canonical: `${DL}/01/${GTIN}/10/`, reason: "gs1: empty lot", rule: "empty lot at end" },
  { canonical: `${DL}/01/${GTIN}/10//21/A`, reason: "gs1: empty lot", rule: "empty lot" },
  { canonical: `${DL}/01/${GTIN}/21/`, reason: "gs1: empty serial", rule: "empty serial" },
  // gs1: numbers
  { canonical: `${DL}/01/${GTIN.slice(1)}`, reason: "gs1: GTIN must be 14 digits", rule: "GTIN-13 unpadded" },
  { canonical: `${DL}/01/${GTIN}0`, reason: "gs1: GTIN must be 14 digits", rule: "15 digits" },
  { canonical: `${DL}/01/0950600013435A`, reason: "gs1: GTIN must be 14 digits", rule: "letter in GTIN" },
  { canonical: `${DL}/01/%30${GTIN.slice(1)}`, reason: "gs1: GTIN must be 14 digits", rule: "escaped digit" },
  { canonical: `${DL}/01/${wrongCheck(GTIN.slice(0, 13))}`, reason: "gs1: GTIN check digit is wrong", rule: "GTIN check digit" },
  { canonical: `${DL}/00/${SSCC.slice(1)}`, reason: "gs1: SSCC must be 18 digits", rule: "SSCC 17 digits" },
  { canonical: `${DL}/00/${wrongCheck(SSCC.slice(0, 17))}`, reason: "gs1: SSCC check digit is wrong", rule: "SSCC check digit" },
  { canonical: `${DL}/00/${SSCC}/21/A`, reason: "gs1: nothing may follow an SSCC", rule: "SSCC + serial" },
  { canonical: `${DL}/414/${GLN}0`, reason: "gs1: GLN must be 13 digits", rule: "GLN 14 digits" },
  { canonical: `${DL}/414/${wrongCheck(GLN.slice(0, 12))}`, reason: "gs1: GLN check digit is wrong", rule: "GLN check digit" },
  { canonical: `${DL}/414/${GLN}/10/A`, reason: "gs1: only extension after GLN", rule: "GLN + lot" },
  { canonical: `${DL}/414/${GLN}/254/${"e".repeat(21)}`, reason: "gs1: extension over 20 characters", rule: "extension 21" },
  { canonical: `${DL}/8003/${GRAI.slice(0, 13)}`, reason: "gs1: GRAI must start 14 digits", rule: "GRAI 13 digits" },
  { canonical: `${DL}/8003/${withCheck("1950600013435")}`, reason: "gs1: GRAI must start with 0", rule: "GRAI leading 1" },
  { canonical: `${DL}/8003/${wrongCheck(GRAI.slice(0, 13))}`, reason: "gs1: GRAI check digit is wrong", rule: "GRAI check digit" },
  { canonical: `${DL}/8003/${GRAI}${"A".repeat(17)}`, reason: "gs1: GRAI serial over 16 characters", rule: "GRAI serial 17" },
  { canonical: `${DL}/8003/${GRAI}/`, reason: "gs1: no trailing slash allowed", rule: "GRAI trailing slash" },
  { canonical: `${DL}/8003/${GRAI}/21/A`, reason: "gs1: nothing may follow a GRAI", rule: "GRAI + AI" },
  { canonical: `${DL}/8004/95060`, reason: "gs1: GIAI needs 6 leading digits", rule: "GIAI 5 digits" },
  { canonical: `${DL}/8004/95060A1`, reason: "gs1: GIAI needs 6 leading digits", rule: "GIAI 5 leading digits" },
  { canonical: `${DL}/8004/${"9".repeat(31)}`, reason: "gs1: GIAI over 30 characters", rule: "GIAI 31" },
  { canonical: `${DL}/8004/123456${"%3F".repeat(25)}`, reason: "gs1: GIAI over 30 characters", rule: "GIAI 31 decoded" },
  { canonical: `${DL}/8004/950600/`, reason: "gs1: no trailing slash allowed", rule: "GIAI trailing slash" },
  { canonical: `${DL}/8004/950600/7`, reason: "gs1: nothing may follow a GIAI", rule: "GIAI + segment" },
  // gs1: characters and percent-encoding
  { canonical: `${DL}/01/${GTIN}/21/A%2fB`, reason: "gs1: non-canonical %-encoding", rule: "lower-case hex" },
  { canonical: `${DL}/01/${GTIN}/21/%41`, reason: "gs1: non-canonical %-encoding", rule: "escaped unreserved" },
  { canonical: `${DL}/01/${GTIN}/21/%7E`, reason: "gs1: non-canonical %-encoding", rule: "escape outside CSET 82" },
  { canonical: `${DL}/01/${GTIN}/21/%20`, reason: "gs1: non-canonical %-encoding", rule: "escaped space" },
  { canonical: `${DL}/01/${GTIN}/21/A%2`, reason: "gs1: non-canonical %-encoding", rule: "truncated escape" },
  { canonical: `${DL}/01/${GTIN}/21/A%`, reason: "gs1: non-canonical %-encoding", rule: "lone %" },
  { canonical: `${DL}/01/${GTIN}/21/A%G1`, reason: "gs1: non-canonical %-encoding", rule: "non-hex escape" },
  { canonical: `${DL}/01/${GTIN}/21/A!B`, reason: "gs1: character must be %-encoded", rule: "literal !" },
  { canonical: `${DL}/01/${GTIN}/21/A:B`, reason: "gs1: character must be %-encoded", rule: "literal :" },
  { canonical: `${DL}/01/${GTIN}/21/A%B`, reason: "gs1: non-canonical %-encoding", rule: "literal %" },
  { canonical: `${DL}/01/${GTIN}/21/A~B`, reason: "gs1: character not in CSET 82", rule: "~" },
  { canonical: `${DL}/01/${GTIN}/21/A B`, reason: "gs1: character not in CSET 82", rule: "space" },
  { canonical: `${DL}/01/${GTIN}/21/Aé`, reason: "gs1: character not in CSET 82", rule: "non-ASCII" },
  { canonical: `${DL}/01/${GTIN}/10/${"A".repeat(21)}`, reason: "gs1: lot over 20 characters", rule: "lot 21" },
  { canonical: `${DL}/01/${GTIN}/21/${"%2F".repeat(21)}`, reason: "gs1: serial over 20 characters", rule: "serial 21 decoded" },
  // handle
  { canonical: "hdl:88.118.8", reason: "handle: missing /{suffix}", rule: "no slash" },
  { canonical: "hdl:/x", reason: "handle: empty prefix", rule: "empty prefix" },
  { canonical: "hdl:88..1/x", reason: "handle: empty prefix segment", rule: "double dot" },
  { canonical: "hdl:.88/x", reason: "handle: empty prefix segment", rule: "leading dot" },
  { canonical: "hdl:88./x", reason: "handle: empty prefix segment", rule: "trailing dot" },
  { canonical: "hdl:88.ABC/x", reason: "handle: upper case in prefix", rule: "upper-case prefix" },
  { canonical: "hdl:88.a+b/x", reason: "handle: bad character in prefix", rule: "prefix charset" },
  { canonical: "hdl:88 /x", reason: "handle: bad character in prefix", rule: "space in prefix" },
  { canonical: `hdl:${"a".repeat(65)}/x`, reason: "handle: prefix over 64 bytes", rule: "65-byte prefix" },
  { canonical: "hdl:88/", reason: "handle: empty suffix", rule: "empty suffix" },
  { canonical: `hdl:88/${"x".repeat(129)}`, reason: "handle: suffix over 128 bytes", rule: "129-byte suffix" },
  { canonical: "hdl:88/a b", reason: "handle: non-printable in suffix", rule: "space in suffix" },
  { canonical: "hdl:88/a\u007f", reason: "handle: non-printable in suffix", rule: "DEL in suffix" },
  { canonical: "hdl:88/aé", reason: "handle: non-printable in suffix", rule: "non-ASCII in suffix" },
  { canonical: "hdl:88/a%2fb", reason: "handle: non-canonical %-encoding", rule: "lower-case hex" },
  { canonical: "hdl:88/a%41", reason: "handle: non-canonical %-encoding", rule: "escaped printable" },
  { canonical: "hdl:88/a%", reason: "handle: non-canonical %-encoding", rule: "lone %" },
  { canonical: "hdl:88/a%2", reason: "handle: non-canonical %-encoding", rule: "truncated escape" },
  // oid
  { canonical: "urn:oid:", reason: "oid: empty arc", rule: "no arcs" },
  { canonical: "urn:oid:1", reason: "oid: fewer than 2 arcs", rule: "one arc" },
  { canonical: "urn:oid:1.", reason: "oid: empty arc", rule: "trailing dot" },
  { canonical: "urn:oid:.1", reason: "oid: empty arc", rule: "leading dot" },
  { canonical: "urn:oid:1..2", reason: "oid: empty arc", rule: "double dot" },
  { canonical: "urn:oid:01.2", reason: "oid: arc with a leading zero", rule: "leading zero, first arc" },
  { canonical: "urn:oid:1.2.03", reason: "oid: arc with a leading zero", rule: "leading zero, last arc" },
  { canonical: "urn:oid:1.00", reason: "oid: arc with a leading zero", rule: "00" },
  { canonical: "urn:oid:3.1", reason: "oid: first arc must be 0, 1 or 2", rule: "first arc 3" },
  { canonical: "urn:oid:10.1", reason: "oid: first arc must be 0, 1 or 2", rule: "first arc 10" },
  { canonical: "urn:oid:1.40", reason: "oid: second arc above 39", rule: "40 under 1" },
  { canonical: "urn:oid:0.100.1", reason: "oid: second arc above 39", rule: "100 under 0" },
  { canonical: "urn:oid:1.a", reason: "oid: only digits and dots", rule: "letter" },
  { canonical: "urn:oid:1.2/3", reason: "oid: only digits and dots", rule: "slash" },
  { canonical: "urn:oid:1.2 ", reason: "oid: only digits and dots", rule: "trailing space" },
  // did
  { canonical: "did:", reason: "did: missing method-specific id", rule: "nothing" },
  { canonical: "did:example", reason: "did: missing method-specific id", rule: "no second colon" },
  { canonical: "did::abc", reason: "did: empty method", rule: "empty method" },
  { canonical: "did:Example:abc", reason: "did: method must be a-z 0-9", rule: "upper-case method" },
  { canonical: "did:ex-ample:abc", reason: "did: method must be a-z 0-9", rule: "- in method" },
  { canonical: "did:example:", reason: "did: empty method-specific id", rule: "empty id" },
  { canonical: "did:example:abc:", reason: "did: id must not end with ':'", rule: "trailing colon" },
  { canonical: "did:example::", reason: "did: id must not end with ':'", rule: "only colons" },
  { canonical: "did:example:abc/path", reason: "did: no path, query or fragment", rule: "path" },
  { canonical: "did:example:abc?q=1", reason: "did: no path, query or fragment", rule: "query" },
  { canonical: "did:example:abc#key-1", reason: "did: no path, query or fragment", rule: "fragment" },
  { canonical: "did:example:a%2fb", reason: "did: non-canonical %-encoding", rule: "lower-case hex" },
  { canonical: "did:example:%41", reason: "did: non-canonical %-encoding", rule: "escaped idchar" },
  { canonical: "did:example:a%", reason: "did: non-canonical %-encoding", rule: "lone %" },
  { canonical: "did:example:a b", reason: "did: bad character in id", rule: "space" },
  { canonical: "did:example:a+b", reason: "did: bad character in id", rule: "+" },
];

// ---- canonical.json (the shared vectors, written with core/identifiers) -------------------------

interface SharedVectors {
  valid: string[];
  invalid: Array<{ canonical: string; reason: string }>;
}
const shared: SharedVectors | undefined = existsSync(VECTORS) ? JSON.parse(readFileSync(VECTORS, "utf8")) : undefined;

// ---- Calling the harness -------------------------------------------------------------------------

type SolResult = { ok: true; scheme: IdentifierScheme; subject: string } | { ok: false; reason: string };

let harness: IdentifierSyntaxHarness;

/** Parses with the harness; a rejection must be IdentifierInvalid, anything else fails the test. */
async function solParse(canonical: string): Promise<SolResult> {
  try {
    const [scheme, subject] = await harness.parse(canonical);
    return { ok: true, scheme: schemeName(Number(scheme)), subject };
  } catch (error) {
    const data = (error as { data?: string }).data;
    const decoded = data ? harness.interface.parseError(data) : null;
    if (decoded?.name !== "IdentifierInvalid") throw error;
    return { ok: false, reason: decoded.args[0] as string };
  }
}

type TsResult = { ok: true; scheme: IdentifierScheme; subject: string; key: string } | { ok: false; reason: string };

function tsParse(canonical: string): TsResult {
  try {
    const parsed = tsIdentifiers.parseCanonical(canonical);
    return { ok: true, scheme: parsed.scheme, subject: parsed.namespaceSubject, key: parsed.key };
  } catch (error) {
    if ((error as { code?: string }).code !== "IdentifierInvalid") throw error;
    return { ok: false, reason: (error as Error).message };
  }
}

/** Solidity and TS agree on `canonical`: both accept it with the same scheme, subject and key, or both reject it. */
async function expectAgreement(canonical: string): Promise<boolean> {
  const sol = await solParse(canonical);
  const ts = tsParse(canonical);
  const show = JSON.stringify(canonical);
  expect(sol.ok, `${show}: Solidity ${sol.ok ? "accepts" : `rejects (${(sol as { reason: string }).reason})`}, TS ${ts.ok ? "accepts" : `rejects (${(ts as { reason: string }).reason})`}`).to.equal(ts.ok);
  if (sol.ok && ts.ok) {
    expect([sol.scheme, sol.subject], show).to.deep.equal([ts.scheme, ts.subject]);
    expect(await harness.key(SCHEME[sol.scheme], canonical), show).to.equal(ts.key);
  }
  return sol.ok;
}

before(async () => {
  harness = await new IdentifierSyntaxHarness__factory((await ethers.getSigners())[0]).deploy();
});

describe("IdentifierSyntax (EVM)", () => {
  it("the vectors are what they claim (lengths, check digits)", () => {
    expect(checkDigit("0950600013435")).to.equal("2"); // GS1's own example GTIN 09506000134352
    expect(SSCC).to.equal("106141411234567897"); // GS1's own example SSCC
    expect(Buffer.byteLength(OID_256)).to.equal(256);
    expect(Buffer.byteLength(HANDLE_PREFIX_64)).to.equal(64);
    expect(Buffer.byteLength(HANDLE_SUFFIX_128)).to.equal(128);
    expect(valid.every((v) => Buffer.byteLength(v.canonical) <= 256)).to.equal(true);
  });

  describe("own vectors: every rule of CANONICAL.md", () => {
    for (const v of valid) {
      it(`accepts ${v.scheme}: ${v.rule}`, async () => {
        const [scheme, subject] = await harness.parse(v.canonical);
        expect(schemeName(Number(scheme))).to.equal(v.scheme);
        expect(subject).to.equal(v.subject);
        expect(await harness.key(scheme, v.canonical)).to.equal(identifierKey(v.scheme, v.canonical));
      });
    }
    for (const v of invalid) {
      it(`rejects ${v.rule}: "${v.reason}"`, async () => {
        await expect(harness.parse(v.canonical))
          .to.be.revertedWithCustomError(harness, "IdentifierInvalid")
          .withArgs(v.reason);
      });
    }
  });

  describe("keys", () => {
    it("a Handle's key folds ASCII case (only A-Z), as core's identifierKey", async () => {
      const upper = "hdl:88.118.8/ABC-%C3%A9-Z@[`{";
      const key = await harness.key(SCHEME.handle, upper);
      expect(key).to.equal(identifierKey("handle", upper));
      expect(key).to.equal(identifierKey("handle", "hdl:88.118.8/abc-%c3%a9-z@[`{"));
      // 32-byte boundaries of the word-wise lower-casing: every length up to 70.
      for (let length = 1; length <= 70; length++) {
        const text = "AZaz@[`{".repeat(10).slice(0, length);
        expect(await harness.key(SCHEME.handle, text), text).to.equal(identifierKey("handle", text));
      }
    });

    it("bytes >= 0x80 are not folded", async () => {
      const text = "hdl:88/ÀÉ"; // not canonical, but key() must still fold only A-Z
      expect(await harness.key(SCHEME.handle, text)).to.equal(identifierKey("handle", text));
    });

    it("other schemes are hashed as they are", async () => {
      for (const canonical of [`${DL}/01/${GTIN}/21/ABC`, "urn:oid:1.2", "did:example:ABC"]) {
        const scheme = canonical.startsWith("did") ? "did" : canonical.startsWith("urn") ? "oid" : "gs1";
        expect(await harness.key(SCHEME[scheme], canonical)).to.equal(identifierKey(scheme, canonical));
      }
    });
  });

  describe("namespaces", () => {
    const prefixes: Array<[IdentifierScheme, string, boolean]> = [
      ["gs1", "950600", true],
      ["gs1", "950600013435", true],
      ["gs1", "95060", false],
      ["gs1", "9506000134352", false],
      ["gs1", "95060a", false],
      ["gs1", "", false],
      ["handle", "88", true],
      ["handle", "88.118.8", true],
      ["handle", HANDLE_PREFIX_64, true],
      ["handle", `${HANDLE_PREFIX_64}x`, false],
      ["handle", "88.118.", false],
      ["handle", ".88", false],
      ["handle", "88.ABC", false],
      ["handle", "88/1", false],
      ["handle", "hdl:88", false],
      ["handle", "", false],
      ["oid", "1", true],
      ["oid", "2", true],
      ["oid", "1.3.6.1.4.1.343", true],
      ["oid", "2.40", true],
      ["oid", Array.from({ length: 32 }, () => "1").join("."), true],
      ["oid", Array.from({ length: 33 }, () => "1").join("."), false],
      ["oid", "3", false],
      ["oid", "1.40", false],
      ["oid", "01", false],
      ["oid", "1.", false],
      ["oid", "urn:oid:1.2", false],
      ["oid", "", false],
      ["did", "example", true],
      ["did", "web", true],
      ["did", "a".repeat(64), true],
      ["did", "a".repeat(65), false],
      ["did", "Web", false],
      ["did", "we-b", false],
      ["did", "", false],
    ];
    for (const [scheme, prefix, expected] of prefixes) {
      it(`${scheme} prefix ${JSON.stringify(prefix)} is ${expected ? "valid" : "invalid"} (as in core)`, async () => {
        expect(await harness.isValidNamespacePrefix(SCHEME[scheme], prefix)).to.equal(expected);
        expect(tsIdentifiers.isValidNamespacePrefix(scheme, prefix)).to.equal(expected);
      });
    }

    const walks: Array<[IdentifierScheme, string, string[]]> = [
      ["gs1", GTIN.slice(1), [12, 11, 10, 9, 8, 7, 6].map((n) => GTIN.slice(1, 1 + n))],
      ["gs1", "950600", ["950600"]],
      ["gs1", "95060012", ["95060012", "9506001", "950600"]],
      ["handle", "88.118.8", ["88.118.8", "88.118", "88"]],
      ["handle", "10", ["10"]],
      ["oid", "1.3.6.1", ["1.3.6.1", "1.3.6", "1.3", "1"]],
      ["oid", OID_256.slice(8), tsIdentifiers.namespaceCandidates("oid", OID_256.slice(8))],
      // 124 arcs: the walk starts at the 32nd arc (no OID namespace has more), so 32 steps.
      ["oid", Array.from({ length: 124 }, () => "1").join("."), Array.from({ length: 32 }, (_, i) => Array.from({ length: 32 - i }, () => "1").join("."))],
      ["did", "web", ["web"]],
    ];
    for (const [scheme, subject, expected] of walks) {
      it(`walks ${scheme} ${JSON.stringify(subject.slice(0, 24))} most specific first, as core's namespaceCandidates`, async () => {
        const [candidates, keys] = await harness.namespaceCandidates(SCHEME[scheme], subject);
        expect(candidates).to.deep.equal(expected);
        expect(candidates).to.deep.equal(tsIdentifiers.namespaceCandidates(scheme, subject));
        expect(keys).to.deep.equal(candidates.map((prefix) => ethers.solidityPackedKeccak256(["uint8", "string"], [SCHEME[scheme], prefix])));
        for (const prefix of candidates) expect(await harness.isValidNamespacePrefix(SCHEME[scheme], prefix), prefix).to.equal(true);
      });
    }
  });

  describe("test/vectors/identifiers/canonical.json", () => {
    before(function () {
      if (!shared) {
        console.log(`      (skipped: ${VECTORS.pathname} does not exist yet)`);
        this.skip();
      }
    });

    it("every valid vector parses, with core's scheme and key", async () => {
      for (const canonical of shared!.valid) {
        const sol = await solParse(canonical);
        expect(sol.ok, `${canonical}: ${(sol as { reason?: string }).reason}`).to.equal(true);
        if (!sol.ok) continue;
        expect(sol.scheme, canonical).to.equal(tsIdentifiers.parseCanonical(canonical).scheme);
        expect(await harness.key(SCHEME[sol.scheme], canonical), canonical).to.equal(identifierKey(sol.scheme, canonical));
      }
    });

    it("every invalid vector reverts with IdentifierInvalid", async () => {
      for (const { canonical, reason } of shared!.invalid) {
        const sol = await solParse(canonical);
        expect(sol.ok, `${JSON.stringify(canonical)} should be rejected (${reason})`).to.equal(false);
      }
    });
  });

  describe("agreement with core/identifiers parseCanonical", () => {
    it("own vectors: TS accepts ⇔ Solidity accepts, same scheme, namespace subject and key", async () => {
      for (const { canonical } of [...valid, ...invalid]) await expectAgreement(canonical);
    });

    it("canonical.json vectors: the same", async function () {
      if (!shared) this.skip();
      for (const canonical of [...shared!.valid, ...shared!.invalid.map((v) => v.canonical)]) await expectAgreement(canonical);
    });
  });

  describe("properties (arbitraries of test/identifiers/arbitraries.ts, plus this file's)", () => {
    // Extra generators: escapes of every kind in GS1 values, Handle suffixes and DIDs, huge arcs.
    const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: min, maxLength: max });
    const value = (max: number) => cset82(1, max).map(encodeValue);
    const ownGs1 = fc.oneof(
      fc.tuple(gtin14, fc.option(value(20)), fc.option(value(20))).map(
        ([key, lot, serial]) => `${DL}/01/${key}${lot === null ? "" : `/10/${lot}`}${serial === null ? "" : `/21/${serial}`}`,
      ),
      fc.tuple(digits(6, 12), cset82(0, 18)).map(([d, rest]) => `${DL}/8004/${d}${encodeValue(rest)}`),
    );
    const escape = (bytes: number[]) => fc.constantFrom(...bytes).map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`);
    const suffixUnit = fc.oneof(
      fc.integer({ min: 0x21, max: 0x7e }).filter((c) => c !== 0x25).map((c) => String.fromCharCode(c)),
      escape([0x00, 0x1f, 0x20, 0x25, 0x7f, 0x80, 0xc3, 0xff]),
    );
    const ownHandle = fc
      .tuple(handlePrefix, fc.array(suffixUnit, { minLength: 1, maxLength: 40 }))
      .map(([prefix, suffix]) => `hdl:${prefix}/${suffix.join("")}`);
    const ownOid = fc
      .tuple(fc.constantFrom("0", "1"), fc.integer({ min: 0, max: 39 }), fc.array(fc.bigInt({ min: 0n, max: 10n ** 60n }), { maxLength: 3 }))
      .map(([first, second, rest]) => `urn:oid:${[first, second, ...rest].join(".")}`);
    const idUnit = fc.oneof(fc.constantFrom(..."ABCXYZabcxyz0189.-_:"), escape([0x00, 0x20, 0x2f, 0x3a, 0x25, 0x7e, 0xc3, 0xa9]));
    const ownDid = fc
      .tuple(fc.string({ unit: fc.constantFrom(..."abcz019"), minLength: 1, maxLength: 8 }), fc.array(idUnit, { minLength: 1, maxLength: 40 }))
      .map(([method, id]) => `did:${method}:${id.join("")}${id.at(-1) === ":" ? "x" : ""}`);

    const canonical = fc
      .oneof(canonicalIdentifier, ownGs1, ownHandle, ownOid, ownDid)
      .filter((c) => Buffer.byteLength(c) <= 256);

    it("generated canonical identifiers are accepted by Solidity and TS, with core's key", async () => {
      await fc.assert(
        fc.asyncProperty(canonical, async (c) => {
          expect(await expectAgreement(c), c).to.equal(true);
        }),
        { numRuns: Math.max(300, PROPERTY_RUNS) },
      );
    });

    it("changing a single digit of a GS1 key is rejected (check digit)", async () => {
      // Any digit of the key (the GRAI's leading 0 aside), with or without qualifiers after it.
      const keyed = fc.oneof(
        fc.tuple(gtin14, fc.constantFrom("", "/10/A1", "/21/S%2F1")).map(([d, q]) => ({ text: `${DL}/01/${d}${q}`, from: 22, length: 14 })),
        sscc.map((d) => ({ text: `${DL}/00/${d}`, from: 22, length: 18 })),
        gln.map((d) => ({ text: `${DL}/414/${d}`, from: 23, length: 13 })),
        fc.tuple(graiDigits, fc.constantFrom("", "7", "AB")).map(([d, serial]) => ({ text: `${DL}/8003/${d}${serial}`, from: 25, length: 13 })),
      );
      await fc.assert(
        fc.asyncProperty(keyed, fc.nat(), fc.integer({ min: 1, max: 9 }), async ({ text, from, length }, at, delta) => {
          const i = from + (at % length);
          const changed = text.slice(0, i) + String((Number(text[i]) + delta) % 10) + text.slice(i + 1);
          expect((await solParse(text)).ok, text).to.equal(true);
          const sol = await solParse(changed);
          expect(sol.ok, changed).to.equal(false);
          expect((sol as { reason: string }).reason).to.match(/check digit is wrong$/);
          expect(tsParse(changed).ok).to.equal(false);
        }),
        { numRuns: PROPERTY_RUNS },
      );
    });

    it("differential: single-byte mutations of canonical identifiers — Solidity accepts ⇔ TS accepts", async () => {
      const pool = [..."0123456789azAZ.-_:/%?#~ !+", "%2", "%2F", "%2f", "%41", "%20", "é", "\u007f"];
      const mutated = fc
        .tuple(canonical, fc.nat(), fc.constantFrom("replace", "insert", "delete"), fc.constantFrom(...pool))
        .map(([c, at, op, piece]) => {
          const i = at % (c.length + (op === "insert" ? 1 : 0));
          if (op === "delete") return c.slice(0, i) + c.slice(i + 1);
          return c.slice(0, i) + piece + c.slice(op === "replace" ? i + 1 : i);
        });
      await fc.assert(
        fc.asyncProperty(mutated, async (c) => {
          await expectAgreement(c);
        }),
        { numRuns: 3 * PROPERTY_RUNS },
      );
    });
  });
});
