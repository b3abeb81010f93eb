/**
 * Hostile argument bytes through a real Fabric Gateway (issue 13 item 6). Every submit
 * transaction of the chaincode gets, in each parameter in turn, (a) bytes that are not
 * UTF-8, (b) JSON text where a string is expected and (c) 1 MiB; each must be refused with
 * a spec code, nothing ordered, and the chaincode still answering. Bytes are sent exactly
 * as written, through a raw fabric-gateway `Contract`: no client check runs first.
 *
 * About 360 Gateway calls in all: one per case (two for free text), and per transaction two
 * height reads and one liveness check. The channel must be quiet meanwhile (its height is
 * compared), and the caller may be any member: the expected codes do not depend on roles.
 */
import { expect } from "chai";
import type { Contract } from "@hyperledger/fabric-gateway";
import { IMPLEMENTED_OPERATIONS, type ImplementedOperation } from "../../clients/ledger.js";
import { toLedgerError } from "../../clients/fabric/ledger.js";
import { FABRIC_DEPLOYMENT_TRANSACTIONS } from "../../clients/fabric/metadata-types.js";
import { LedgerError, OPERATIONS, type ErrorCode, type ParamType } from "../../core/index.js";

/** What the suite needs of a deployed chaincode; the caller connects it as any member. */
export interface RobustnessTarget {
  /** The chaincode through the Gateway, as fabric-gateway's own client (bytes go out as given). */
  contract: Contract;
  /** The channel's height (its number of blocks) on the Gateway peer. */
  height(): Promise<number>;
  /** Whether the chaincode process still serves calls (by default: {@link chaincodeAnswers}). */
  chaincodeAlive(): Promise<boolean>;
  close?(): Promise<void>;
}

/** A query every deployment answers, whatever its state: the chaincode is up and serving. */
export async function chaincodeAnswers(contract: Contract): Promise<boolean> {
  return contract.evaluate("receivable:getGracePeriod").then(
    () => true,
    () => false,
  );
}

// ---- the transactions -----------------------------------------------------------------------

/** The spec's parameter types, and the interop contract's own. */
type ArgType = ParamType | "chainId" | "address" | "json";
interface ArgParam {
  readonly name: string;
  readonly type: ArgType;
}
export interface SubmitTransaction {
  /** `<contract>:<transaction>`, as the chaincode names it. */
  readonly name: string;
  readonly params: readonly ArgParam[];
}

/** The interop contract's submits (core/spec/INTEROP.md §4); OPERATIONS lists only the primitives. */
const INTEROP_SUBMITS: readonly SubmitTransaction[] = [
  { name: "interop:setEvmCommittee", params: [{ name: "chainId", type: "chainId" }, { name: "committee", type: "json" }] },
  {
    name: "interop:reserveForEvm",
    params: [
      { name: "fingerprint", type: "hash" },
      { name: "chainId", type: "chainId" },
      { name: "registry", type: "address" },
      { name: "expiry", type: "timestamp" },
    ],
  },
  { name: "interop:releaseFromEvm", params: [{ name: "fingerprint", type: "hash" }, { name: "evidence", type: "json" }] },
];

/** Every submit with a parameter: the spec's, then interop's (deployment steps take none). */
export const SUBMIT_TRANSACTIONS: readonly SubmitTransaction[] = [
  ...IMPLEMENTED_OPERATIONS.filter((name) => OPERATIONS[name].kind === "submit").map((name: ImplementedOperation) => ({
    name: `${OPERATIONS[name].primitive}:${name}`,
    params: OPERATIONS[name].params,
  })),
  ...INTEROP_SUBMITS,
];

// ---- the arguments --------------------------------------------------------------------------

const PARTY = "Org1MSP::x509::/CN=robustness::/CN=ca.org1.example.com";
const SGTIN = "https://id.gs1.org/01/09506000134352/21/ABC";
const ETHR_DID = "did:ethr:0x0000000000000000000000000000000000000001";

/** A well-formed value of each type, so that the argument replaced is the one a rule refuses. */
const VALID: Record<ArgType, string> = {
  id: "RB-1",
  label: "robustness.std",
  hash: `0x${"ab".repeat(32)}`,
  uri: "ipfs://robustness.json",
  party: PARTY,
  role: "FINANCIER",
  assetStatus: "Suspended",
  amount: "100",
  currency: "EUR",
  timestamp: "4102444800",
  pageSize: "10",
  bookmark: "",
  identifier: SGTIN,
  scheme: "gs1",
  prefix: "9506000",
  idList: '["RB-A"]',
  subject: "RB-A",
  signature: `0x${"11".repeat(65)}`,
  optionalLabel: "",
  duration: "86400",
  chainId: "31337",
  address: `0x${"00".repeat(20)}`,
  json: "{}",
};
/** Where a parameter's well-formed value depends on the transaction, not only on its type. */
const VALID_OVERRIDES: Record<string, string> = {
  "identifier:bindDid/did": ETHR_DID,
  "certification:issueCertificate/validUntil": "4102448400",
  "certification:supersedeCertificate/validUntil": "4102448400",
};

function validArgs(transaction: SubmitTransaction): string[] {
  return transaction.params.map((param) => VALID_OVERRIDES[`${transaction.name}/${param.name}`] ?? VALID[param.type]);
}

const NOT_UTF8 = [
  { label: "0xff 0xfe (bytes UTF-8 never uses)", bytes: [0xff, 0xfe] },
  { label: "a lone surrogate in CESU-8 (0xed 0xa0 0x80)", bytes: [0xed, 0xa0, 0x80] },
  { label: "a truncated sequence (0xe2 0x82)", bytes: [0xe2, 0x82] },
] as const;

/** The invalid bytes in the middle of a well-formed value (inside a list's string). */
function withInvalidBytes(valid: string, bytes: readonly number[]): Uint8Array {
  const encoded = new TextEncoder().encode(valid);
  const middle = Math.floor(encoded.length / 2);
  return Uint8Array.from([...encoded.subarray(0, middle), ...bytes, ...encoded.subarray(middle)]);
}

const JSON_TEXTS = ['{"id":"x"}', '["a"]'] as const;
const STRING_TYPES = (type: ArgType) => !["timestamp", "pageSize", "duration", "idList"].includes(type);
/** Any text up to MAX_URI_BYTES: JSON text is a URI like any other. */
const FREE_TEXT_TYPES: readonly ArgType[] = ["uri"];

const MIB = 1 << 20;
/** Exactly 1 MiB in the type's own alphabet, so that only a length bound can refuse it. */
function oversized(type: ArgType): string {
  const fill = (head: string, char: string, tail = "") => head + char.repeat(MIB - head.length - tail.length) + tail;
  switch (type) {
    case "timestamp":
    case "pageSize":
    case "duration":
      return fill("", "9"); // converts (to Infinity): the range rule must refuse it
    case "amount":
    case "chainId":
    case "prefix": // a GS1 company prefix: the scheme given is gs1
      return fill("", "9");
    case "currency":
      return fill("", "A");
    case "hash":
    case "signature":
    case "address":
      return fill("0x", "a");
    case "party":
      return fill(PARTY, "x");
    case "identifier":
      return fill("did:web:", "x");
    case "idList":
      return fill('["', "x", '"]');
    case "json":
      return fill('{"x":"', "x", '"}');
    default:
      return fill("", "x");
  }
}

// ---- the cases ------------------------------------------------------------------------------

/** Ids that name a record to create; every other id parameter names one that must exist. */
const CREATED_IDS = new Set([
  "asset:registerAsset/id",
  "certification:issueCertificate/id",
  "certification:supersedeCertificate/newId",
  "receivable:issueReceivable/id",
]);

/** The codes the spec gives a malformed value in this position, whoever the caller is. */
function malformedCodes(transaction: SubmitTransaction, param: ArgParam): readonly ErrorCode[] {
  if (param.type === "identifier" || param.type === "subject") return ["IdentifierInvalid"];
  // A malformed id cannot exist: NotFound, unless a role gate (checked before existence) refuses the caller first.
  if (param.type === "id" && !CREATED_IDS.has(`${transaction.name}/${param.name}`)) return ["NotFound", "Unauthorized"];
  return ["InvalidArgument"];
}

export interface RobustnessCase {
  readonly title: string;
  readonly args: readonly (string | Uint8Array)[];
  /** The codes that may refuse it; none for free text, which is judged as `plain` is. */
  readonly expected: readonly ErrorCode[];
  /** Free text only: the same call with plain text of the same length, to compare endorsements. */
  readonly plain?: readonly string[];
}

/** Per parameter: invalid UTF-8 (variants rotate over the table) and 1 MiB; per string parameter, JSON text. */
function casesOf(transaction: SubmitTransaction, rotation: number): RobustnessCase[] {
  const valid = validArgs(transaction);
  const replaced = (index: number, value: string | Uint8Array) => valid.map((arg, i) => (i === index ? value : arg));
  const refused = (codes: readonly ErrorCode[]) => `is ${codes.join(" or ")}`;
  return transaction.params.flatMap((param, index) => {
    const notUtf8 = NOT_UTF8[(rotation + index) % NOT_UTF8.length]!;
    const json = JSON_TEXTS[(rotation + index) % JSON_TEXTS.length]!;
    const malformed = malformedCodes(transaction, param);
    const cases: RobustnessCase[] = [
      {
        title: `(a) ${param.name} with ${notUtf8.label} ${refused(["InvalidArgument"])}, before the transaction runs`,
        args: replaced(index, withInvalidBytes(valid[index]!, notUtf8.bytes)),
        expected: ["InvalidArgument"],
      },
    ];
    if (FREE_TEXT_TYPES.includes(param.type)) {
      cases.push({
        title: `(b) ${param.name} as JSON text ${json} is judged as any other free text (endorsed only, no error asserted)`,
        args: replaced(index, json),
        expected: [],
        plain: replaced(index, "j".repeat(json.length)) as string[],
      });
    } else if (STRING_TYPES(param.type)) {
      cases.push({ title: `(b) ${param.name} as JSON text ${json} ${refused(malformed)}`, args: replaced(index, json), expected: malformed });
    }
    cases.push({ title: `(c) ${param.name} of 1 MiB ${refused(malformed)}`, args: replaced(index, oversized(param.type)), expected: malformed });
    return cases;
  });
}

/** Every case of every transaction: 256, each one Gateway call (two for free text). */
export function robustnessTable(): { transaction: SubmitTransaction; cases: RobustnessCase[] }[] {
  let rotation = 0;
  return SUBMIT_TRANSACTIONS.map((transaction) => {
    const cases = casesOf(transaction, rotation);
    rotation += transaction.params.length;
    return { transaction, cases };
  });
}

// ---- the suite ------------------------------------------------------------------------------

/** The code the chaincode refused with; fails when it accepted, or answered without a spec code. */
async function refusalCode(call: Promise<unknown>): Promise<ErrorCode> {
  const error = await call.then(
    () => expect.fail("the transaction was accepted"),
    (rejection: unknown) => rejection,
  );
  const mapped = toLedgerError(error);
  expect(mapped, `not a coded rejection: ${String((error as Error)?.message ?? error).slice(0, 300)}`).to.be.instanceOf(LedgerError);
  return (mapped as LedgerError).code;
}

/** The endorsement's outcome, never submitted: "endorsed" or the code refusing it. */
async function endorsementOutcome(contract: Contract, name: string, args: readonly string[]): Promise<string> {
  return contract
    .newProposal(name, { arguments: [...args] })
    .endorse()
    .then(
      () => "endorsed",
      (error: unknown) => {
        const mapped = toLedgerError(error);
        return mapped instanceof LedgerError ? mapped.code : `uncoded: ${String((error as Error).message)}`;
      },
    );
}

export function describeChaincodeRobustness(name: string, connect: () => Promise<RobustnessTarget>): void {
  describe(`${name}: chaincode robustness against hostile argument bytes`, function () {
    this.timeout(120_000);
    let target: RobustnessTarget;
    before(async function () {
      this.timeout(600_000);
      target = await connect();
    });
    after(async () => target?.close?.());

    it("covers every submit transaction of the chaincode that takes arguments", async () => {
      const metadata = JSON.parse(new TextDecoder().decode(await target.contract.evaluate("org.hyperledger.fabric:GetMetadata"))) as {
        contracts: Record<string, { transactions: { name: string; tag?: string[]; parameters?: { name: string }[] }[] }>;
      };
      const deployed = Object.entries(metadata.contracts).flatMap(([contract, { transactions }]) =>
        transactions
          .filter((tx) => tx.tag?.includes("SUBMIT") && !(FABRIC_DEPLOYMENT_TRANSACTIONS[contract] ?? []).includes(tx.name))
          .map((tx) => `${contract}:${tx.name}(${(tx.parameters ?? []).map((param) => param.name).join(", ")})`),
      );
      expect(SUBMIT_TRANSACTIONS.map((tx) => `${tx.name}(${tx.params.map((param) => param.name).join(", ")})`)).to.have.members(deployed);
    });

    for (const { transaction, cases } of robustnessTable()) {
      describe(transaction.name, () => {
        let heightBefore: number;
        before(async () => {
          heightBefore = await target.height();
        });
        for (const testCase of cases) {
          it(testCase.title, async () => {
            if (testCase.plain) {
              // Endorsed only, never submitted: free text may well be accepted.
              const outcome = await endorsementOutcome(target.contract, transaction.name, testCase.args as string[]);
              expect(outcome).to.equal(await endorsementOutcome(target.contract, transaction.name, testCase.plain));
              return;
            }
            const code = await refusalCode(target.contract.submit(transaction.name, { arguments: [...testCase.args] }));
            expect(testCase.expected).to.include(code);
          });
        }
        it("nothing was ordered: the channel height is unchanged", async () => {
          expect(await target.height()).to.equal(heightBefore);
        });
        it("the chaincode still answers", async () => {
          expect(await target.chaincodeAlive()).to.equal(true);
        });
      });
    }
  });
}
