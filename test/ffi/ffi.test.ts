/**
 * `twinledger ffi` and core/ffi: the FireFly Interface documents are the spec's operations
 * and events, named and typed as each platform takes them — the EVM ones exactly the
 * compiled ABIs (artifacts/), the Fabric ones exactly the chaincode's metadata — and the
 * output is the same bytes every time.
 */
import { expect } from "chai";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  EVM_CONTRACTS,
  evmAbiProblems,
  evmFfi,
  fabricTransactionName,
  ffiJson,
  ffiName,
  twinledgerFfis,
  type Abi,
  type AbiEntry,
  type FfiDocument,
  type FfiParam,
  type FfiSchema,
} from "../../core/ffi/index.js";
import { EVENTS, OPERATIONS, operationsOf, type EventName, type Operation, type Primitive } from "../../core/index.js";
import { IMPLEMENTED_OPERATIONS, IMPLEMENTED_PRIMITIVES } from "../../clients/ledger.js";
import { ABI_TYPES } from "../../clients/evm/encoding.js";
import { EVENT_INDEXED_QUERIES } from "../../clients/evm/ledger.js";
import { loadChaincode } from "../../clients/fabric-embedded/chaincode.js";
import { EmbeddedFabric, TestCA } from "../../clients/fabric-embedded/sim/index.js";
import { jsonOf, ROOT, runCli } from "../cli/run-cli.js";
import { shapeProblems } from "./json-shape.js";

const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;

/** The compiled ABI of a primitive's contract, from Hardhat's artifact. */
const artifactAbi = (primitive: Primitive): Abi => {
  const contract = EVM_CONTRACTS[primitive];
  return (JSON.parse(readFileSync(join(ROOT, "artifacts", "contracts", `${contract}.sol`, `${contract}.json`), "utf8")) as { abi: Abi }).abi;
};
const ABIS = Object.fromEntries(IMPLEMENTED_PRIMITIVES.map((primitive) => [primitive, artifactAbi(primitive)])) as Record<Primitive, Abi>;

const generate = (abis = ABIS) => twinledgerFfis({ version: VERSION, primitives: IMPLEMENTED_PRIMITIVES, abis });
const GENERATED = generate();
const ffiOf = (platform: "evm" | "fabric", primitive: Primitive): FfiDocument =>
  GENERATED.find((ffi) => ffi.platform === platform && ffi.primitive === primitive)!.document;

const names = (params: readonly { name: string }[] | undefined) => (params ?? []).map((param) => param.name);
const abiFunction = (primitive: Primitive, name: string) => ABIS[primitive].find((entry) => entry.type === "function" && entry.name === name);
const abiEvent = (primitive: Primitive, name: string) => ABIS[primitive].find((entry) => entry.type === "event" && entry.name === name)!;
const specEvents = (primitive: Primitive) => (Object.keys(EVENTS) as EventName[]).filter((name) => EVENTS[name].primitive === primitive);

/** The schema of a params list as one JSON object (an event payload). */
const objectOf = (params: readonly FfiParam[]): FfiSchema => ({
  type: "object",
  properties: Object.fromEntries(params.map((param) => [param.name, param.schema])),
  required: params.map((param) => param.name),
});

/** Every schema of a document, nested ones included, with where it is. */
function* schemasOf(document: FfiDocument): Generator<[string, FfiSchema, boolean]> {
  function* walk(where: string, schema: FfiSchema, top: boolean): Generator<[string, FfiSchema, boolean]> {
    yield [where, schema, top];
    if (schema.items) yield* walk(`${where}[]`, schema.items, false);
    for (const [name, property] of Object.entries(schema.properties ?? {})) yield* walk(`${where}.${name}`, property, false);
  }
  for (const method of document.methods) for (const param of [...method.params, ...method.returns]) yield* walk(`${method.name}.${param.name}`, param.schema, true);
  for (const event of document.events) for (const param of event.params) yield* walk(`${event.name}.${param.name}`, param.schema, true);
  for (const error of document.errors ?? []) for (const param of error.params) yield* walk(`${error.name}.${param.name}`, param.schema, true);
}

/** One swap of an ABI entry, as an edit of the contract would make it. */
const editAbi = (abi: Abi, name: string, edit: (entry: AbiEntry) => AbiEntry): Abi => abi.map((entry) => (entry.name === name ? edit(entry) : entry));

describe("ffi: FireFly Interface documents", function () {
  this.timeout(120_000);

  describe("both platforms", () => {
    it("one FFI per implemented primitive and platform, named twinledger-<primitive> (a valid FireFly name), versioned as the package", () => {
      expect(GENERATED.map((ffi) => `${ffi.platform}/${ffi.document.name}@${ffi.document.version}`)).to.deep.equal(
        ["evm", "fabric"].flatMap((platform) => IMPLEMENTED_PRIMITIVES.map((primitive) => `${platform}/twinledger-${primitive}@${VERSION}`)),
      );
      for (const { document } of GENERATED) expect(document.name).to.match(/^[0-9a-zA-Z]([0-9a-zA-Z._-]{0,62}[0-9a-zA-Z])?$/);
    });

    it("the output is deterministic: the same bytes on every run", () => {
      expect(ffiJson(generate().map((ffi) => ffi.document))).to.equal(ffiJson(GENERATED.map((ffi) => ffi.document)));
    });

    it("the output does not depend on the order of the ABI's entries", () => {
      const reversed = Object.fromEntries(Object.entries(ABIS).map(([primitive, abi]) => [primitive, [...abi].reverse()])) as unknown as Record<Primitive, Abi>;
      expect(ffiJson(generate(reversed).map((ffi) => ffi.document))).to.equal(ffiJson(GENERATED.map((ffi) => ffi.document)));
    });

    it("every param schema has the type FireFly requires at its top (one of its five types, or a string|integer oneOf)", () => {
      for (const { document } of GENERATED) {
        for (const [where, schema, top] of schemasOf(document)) {
          if (!top) continue;
          if (schema.oneOf) expect(schema.oneOf.map((option) => option.type), where).to.deep.equal(["string", "integer"]);
          else expect(["boolean", "integer", "string", "array", "object"], where).to.include(schema.type);
        }
      }
    });
  });

  describe("EVM", () => {
    it("every implemented operation that is a contract function is a method with the spec's param names in order", () => {
      for (const primitive of IMPLEMENTED_PRIMITIVES) {
        const methods = ffiOf("evm", primitive).methods;
        for (const name of operationsOf(primitive)) {
          if (!abiFunction(primitive, name)) continue;
          const method = methods.find((candidate) => candidate.name === name);
          expect(method, name).to.not.equal(undefined);
          expect(names(method!.params), name).to.deep.equal(names(OPERATIONS[name].params));
        }
      }
    });

    it("the implemented operations that are not methods are exactly the queries the EVM clients answer from events", () => {
      const methods = new Set(IMPLEMENTED_PRIMITIVES.flatMap((primitive) => ffiOf("evm", primitive).methods.map((method) => method.name)));
      const missing = IMPLEMENTED_OPERATIONS.filter((name) => !methods.has(name));
      const fromEvents = EVENT_INDEXED_QUERIES.filter((name) => !IMPLEMENTED_PRIMITIVES.some((primitive) => abiFunction(primitive, name)));
      expect([...missing].sort()).to.deep.equal([...fromEvents].sort());
      for (const name of missing) expect(OPERATIONS[name].kind, name).to.equal("query");
    });

    it("method params' details.type are the ABI's input types, which are the spec's ABI types", () => {
      for (const primitive of IMPLEMENTED_PRIMITIVES) {
        for (const method of ffiOf("evm", primitive).methods) {
          const fn = abiFunction(primitive, method.name)!;
          expect(method.params.map((param) => param.schema.details?.type), method.name).to.deep.equal((fn.inputs ?? []).map((input) => input.type));
          expect(method.params.map((param) => param.schema.details?.internalType), method.name).to.deep.equal((fn.inputs ?? []).map((input) => input.internalType));
          if (!Object.hasOwn(OPERATIONS, method.name)) continue;
          const op: Operation = OPERATIONS[method.name as keyof typeof OPERATIONS];
          expect(method.params.map((param) => param.schema.details?.type), method.name).to.deep.equal(op.params.map((param) => ABI_TYPES[param.type as keyof typeof ABI_TYPES]));
        }
      }
    });

    it("every ABI function, event and error is in the FFI, and nothing else", () => {
      for (const primitive of IMPLEMENTED_PRIMITIVES) {
        const ffi = ffiOf("evm", primitive);
        const abiNames = (type: string) => ABIS[primitive].filter((entry) => entry.type === type).map((entry) => entry.name!).sort();
        expect(ffi.methods.map((method) => method.name).sort(), primitive).to.deep.equal(abiNames("function"));
        expect(ffi.events.map((event) => event.name).sort(), primitive).to.deep.equal(abiNames("event"));
        expect(ffi.errors!.map((error) => error.name).sort(), primitive).to.deep.equal(abiNames("error"));
      }
    });

    it("query methods are view and submits nonpayable (details.stateMutability), as the ABI says", () => {
      for (const primitive of IMPLEMENTED_PRIMITIVES) {
        for (const method of ffiOf("evm", primitive).methods) {
          expect(method.details.stateMutability, method.name).to.equal(abiFunction(primitive, method.name)!.stateMutability);
          if (!Object.hasOwn(OPERATIONS, method.name)) continue;
          const op: Operation = OPERATIONS[method.name as keyof typeof OPERATIONS];
          expect(method.details.stateMutability, method.name).to.equal(op.kind === "query" ? "view" : "nonpayable");
        }
      }
    });

    it("event params are the ABI event's inputs: names, order, types and indexed", () => {
      for (const primitive of IMPLEMENTED_PRIMITIVES) {
        for (const event of ffiOf("evm", primitive).events) {
          const inputs = abiEvent(primitive, event.name).inputs ?? [];
          expect(
            event.params.map((param) => [param.name, param.schema.details?.type, param.schema.details?.indexed === true]),
            event.name,
          ).to.deep.equal(inputs.map((input) => [input.name, input.type, input.indexed === true]));
        }
      }
    });

    it("each spec event appears with every payload field, in spec order, beside its lookup topics", () => {
      for (const primitive of IMPLEMENTED_PRIMITIVES) {
        for (const name of specEvents(primitive)) {
          const event = ffiOf("evm", primitive).events.find((candidate) => candidate.name === name);
          expect(event, name).to.not.equal(undefined);
          const fields = event!.params.filter((param) => !(param.schema.details?.indexed && param.schema.details.type === "bytes32" && param.name.endsWith("Key")));
          expect(names(fields), name).to.deep.equal(names(EVENTS[name].fields));
        }
      }
    });

    it("the spec and the ABI agree for every implemented primitive", () => {
      for (const primitive of IMPLEMENTED_PRIMITIVES) expect(evmAbiProblems(primitive, ABIS[primitive]), primitive).to.deep.equal([]);
    });

    it("a function with a parameter fewer than the spec's is a disagreement, and no FFI is generated", () => {
      const edited = editAbi(ABIS.asset, "updateAsset", (entry) => ({ ...entry, inputs: entry.inputs!.slice(0, 2) }));
      expect(evmAbiProblems("asset", edited)).to.deep.equal(["updateAsset(id, metadataHash) should be updateAsset(id, metadataHash, metadataUri)"]);
      expect(() => evmFfi("asset", edited, VERSION)).to.throw("the AssetRegistry ABI disagrees with the spec");
    });

    it("a renamed spec function is a disagreement: the spec's submit is missing, the new name a state-changing function outside it", () => {
      const edited = editAbi(ABIS.receivable, "markDefaulted", (entry) => ({ ...entry, name: "markDefault" }));
      expect(evmAbiProblems("receivable", edited)).to.deep.equal([
        "markDefaulted: missing from the ABI",
        "markDefault: a state-changing function outside the spec",
      ]);
    });

    it("an event field renamed in the ABI is a disagreement", () => {
      const edited = editAbi(ABIS.asset, "AssetTransferred", (entry) => ({
        ...entry,
        inputs: entry.inputs!.map((input) => (input.name === "to" ? { ...input, name: "newOwner" } : input)),
      }));
      expect(evmAbiProblems("asset", edited)).to.deep.equal(["event AssetTransferred(assetId, from, newOwner) should be AssetTransferred(assetId, from, to)"]);
    });

    it("integers are a JSON number or a decimal string, and tuple members carry their position", () => {
      const issueReceivable = ffiOf("evm", "receivable").methods.find((method) => method.name === "issueReceivable")!;
      expect(issueReceivable.params.find((param) => param.name === "amount")!.schema.oneOf).to.deep.equal([{ type: "string" }, { type: "integer" }]);
      const getAsset = ffiOf("evm", "asset").methods.find((method) => method.name === "getAsset")!;
      const record = getAsset.returns[0].schema;
      expect(record.type).to.equal("object");
      expect(Object.values(record.properties!).map((member) => member.details?.index)).to.deep.equal(Object.keys(record.properties!).map((_name, index) => index));
    });
  });

  describe("Fabric", () => {
    let metadata: { contracts: Record<string, { transactions: { name: string; tag?: string[]; parameters?: { name: string; schema: { type?: string } }[] }[] }> };
    let fabric: EmbeddedFabric;
    const caller = new TestCA("Org1MSP", "org1.example.com").issue("User1");

    before(async () => {
      fabric = new EmbeddedFabric(loadChaincode());
      metadata = JSON.parse((await fabric.evaluate(caller, "org.hyperledger.fabric:GetMetadata", [])).toString("utf8"));
    });

    it("every implemented operation is a method named <primitive>:<operation>, with the spec's param names in order", () => {
      for (const name of IMPLEMENTED_OPERATIONS) {
        const op: Operation = OPERATIONS[name];
        const method = ffiOf("fabric", op.primitive).methods.find((candidate) => candidate.name === `${op.primitive}:${name}`);
        expect(method, name).to.not.equal(undefined);
        expect(names(method!.params), name).to.deep.equal(names(op.params));
      }
      for (const primitive of IMPLEMENTED_PRIMITIVES) expect(ffiOf("fabric", primitive).methods).to.have.length(operationsOf(primitive).length);
    });

    it("every method is a transaction of the chaincode's metadata, under the contract and name it is called by", () => {
      for (const primitive of IMPLEMENTED_PRIMITIVES) {
        for (const method of ffiOf("fabric", primitive).methods) {
          const [contract, transaction] = method.name.split(":");
          expect(metadata.contracts[contract]?.transactions.map((candidate) => candidate.name), method.name).to.include(transaction);
          expect(method.name).to.equal(fabricTransactionName(primitive, transaction));
        }
      }
    });

    it("param names and JSON types are the metadata's: string, integer for its numbers, array of strings", () => {
      const METADATA_TYPE: Record<string, string> = { string: "string", integer: "number", array: "array" };
      for (const primitive of IMPLEMENTED_PRIMITIVES) {
        for (const method of ffiOf("fabric", primitive).methods) {
          const [contract, name] = method.name.split(":");
          const transaction = metadata.contracts[contract].transactions.find((candidate) => candidate.name === name)!;
          expect(method.params.map((param) => [param.name, METADATA_TYPE[param.schema.type as string]]), method.name).to.deep.equal(
            (transaction.parameters ?? []).map((param) => [param.name, param.schema.type]),
          );
          for (const param of method.params) if (param.schema.type === "array") expect(param.schema.items, method.name).to.deep.equal({ type: "string" });
        }
      }
    });

    it("queries are tagged EVALUATE and submits SUBMIT (details.tag), as the chaincode metadata tags them", () => {
      for (const primitive of IMPLEMENTED_PRIMITIVES) {
        for (const method of ffiOf("fabric", primitive).methods) {
          const [contract, name] = method.name.split(":");
          const op: Operation = OPERATIONS[name as keyof typeof OPERATIONS];
          const tag = op.kind === "query" ? "EVALUATE" : "SUBMIT";
          expect(method.details, method.name).to.deep.equal({ tag: [tag] });
          expect(metadata.contracts[contract].transactions.find((candidate) => candidate.name === name)!.tag, method.name).to.include(tag);
        }
      }
    });

    it("queries return one result and submits none", () => {
      for (const primitive of IMPLEMENTED_PRIMITIVES) {
        for (const method of ffiOf("fabric", primitive).methods) {
          const op: Operation = OPERATIONS[method.name.split(":")[1] as keyof typeof OPERATIONS];
          expect(method.returns.map((param) => param.name), method.name).to.deep.equal(op.kind === "query" ? ["result"] : []);
        }
      }
    });

    it("each spec event appears under its primitive with its payload fields in spec order", () => {
      for (const primitive of IMPLEMENTED_PRIMITIVES) {
        expect(ffiOf("fabric", primitive).events.map((event) => event.name), primitive).to.deep.equal(specEvents(primitive));
        for (const event of ffiOf("fabric", primitive).events) expect(names(event.params), event.name).to.deep.equal(names(EVENTS[event.name as EventName].fields));
      }
    });

    it("a chaincode event's payload and a query's answer fit the FFI's schemas (registerAsset, getAsset, listAssetsByOwner, getAssetHistory)", async () => {
      const ffi = ffiOf("fabric", "asset");
      const hash = `0x${"ab".repeat(32)}`;
      const submitted = await fabric.submit(caller, "asset:registerAsset", ["FFI-1", "machine.cnc", hash, "https://example.com/ffi-1.json"]);
      expect(submitted.event?.name).to.equal("AssetRegistered");
      const event = ffi.events.find((candidate) => candidate.name === "AssetRegistered")!;
      expect(shapeProblems(objectOf(event.params), JSON.parse(submitted.event!.payload.toString("utf8")))).to.deep.equal([]);

      const asset = JSON.parse((await fabric.evaluate(caller, "asset:getAsset", ["FFI-1"])).toString("utf8")) as { owner: string };
      const answers: [string, string[]][] = [
        ["getAsset", ["FFI-1"]],
        ["listAssetsByOwner", [asset.owner, "10", ""]],
        ["getAssetHistory", ["FFI-1"]],
      ];
      for (const [name, args] of answers) {
        const answer = JSON.parse((await fabric.evaluate(caller, `asset:${name}`, args)).toString("utf8"));
        const method = ffi.methods.find((candidate) => candidate.name === `asset:${name}`)!;
        expect(shapeProblems(method.returns[0].schema, answer), name).to.deep.equal([]);
      }
    });

    it("every other query's answer and every event of the roles, identifier, certification and receivable transactions fit the FFI's schemas", async () => {
      const ca = new TestCA("Org1MSP", "org1.example.com");
      const admin = ca.issue("Admin", "admin");
      const seller = ca.issue("Seller");
      const hash = (digit: string) => `0x${digit.repeat(64)}`;
      const gtin = "https://id.gs1.org/01/09506000134352/21/FFI";
      const events: [Primitive, { name: string; payload: Buffer }][] = [];
      const submit = async (primitive: Primitive, who: typeof admin, name: string, args: string[]) => {
        const result = await fabric.submit(who, `${primitive}:${name}`, args);
        if (result.event) events.push([primitive, result.event]);
        return result;
      };
      const partyOf = async (who: typeof admin, assetId: string) =>
        JSON.parse((await submit("asset", who, "registerAsset", [assetId, "machine", hash("a"), ""])).event!.payload.toString("utf8")).owner as string;

      await submit("roles", admin, "initLedger", []);
      const adminParty = await partyOf(admin, "FFI-ADMIN");
      const sellerParty = await partyOf(seller, "FFI-M");
      const now = fabric.now;
      await submit("roles", admin, "grantRole", ["ACCREDITOR", adminParty]);
      await submit("identifier", admin, "registerNamespace", ["gs1", "9506000", sellerParty]);
      await submit("identifier", seller, "bindIdentifier", ["FFI-M", gtin]);
      await submit("certification", admin, "accredit", [sellerParty, "ISO-9001", String(now + 100_000)]);
      await submit("certification", seller, "issueCertificate", ["FFI-C", "FFI-M", "ISO-9001", hash("b"), hash("c"), String(now), String(now + 50_000)]);
      await submit("certification", seller, "suspendCertificate", ["FFI-C", hash("d")]);
      await submit("receivable", seller, "issueReceivable", ["FFI-R", adminParty, "1000", "EUR", String(now + 1000), hash("e"), JSON.stringify(["FFI-M"]), ""]);
      await submit("receivable", admin, "acknowledgeReceivable", ["FFI-R"]);

      const queries: [Primitive, string, string[]][] = [
        ["roles", "hasRole", ["ADMIN", adminParty]],
        ["identifier", "resolveIdentifier", [gtin]],
        ["identifier", "listIdentifiers", ["FFI-M"]],
        ["identifier", "getIdentifierHistory", [gtin]],
        ["certification", "getAccreditation", [sellerParty, "ISO-9001"]],
        ["certification", "getAccreditationHistory", [sellerParty, "ISO-9001"]],
        ["certification", "getCertificate", ["FFI-C"]],
        ["certification", "verifyCertificate", ["FFI-C", String(now + 10)]],
        ["certification", "listCertificates", ["FFI-M", "10", ""]],
        ["certification", "listCertificatesByIssuer", [sellerParty, "10", ""]],
        ["certification", "getCertificateHistory", ["FFI-C"]],
        ["receivable", "getGracePeriod", []],
        ["receivable", "getReceivable", ["FFI-R"]],
        ["receivable", "getReceivableByFingerprint", [hash("e")]],
        ["receivable", "listReceivablesBySeller", [sellerParty, "10", ""]],
        ["receivable", "listReceivablesByDebtor", [adminParty, "10", ""]],
        ["receivable", "listReceivablesByBeneficiary", [sellerParty, "10", ""]],
        ["receivable", "getReceivableHistory", ["FFI-R"]],
      ];
      for (const [primitive, name, args] of queries) {
        const answer = JSON.parse((await fabric.evaluate(seller, `${primitive}:${name}`, args)).toString("utf8"));
        const method = ffiOf("fabric", primitive).methods.find((candidate) => candidate.name === `${primitive}:${name}`)!;
        expect(shapeProblems(method.returns[0].schema, answer), name).to.deep.equal([]);
      }
      expect(new Set(events.map(([, event]) => event.name)).size).to.equal(9);
      for (const [primitive, event] of events) {
        const params = ffiOf("fabric", primitive).events.find((candidate) => candidate.name === event.name)!.params;
        expect(shapeProblems(objectOf(params), JSON.parse(event.payload.toString("utf8"))), event.name).to.deep.equal([]);
      }
    });
  });

  describe("the CLI", () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), "twinledger-ffi-"));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it("twinledger ffi prints the array of every FFI as one JSON document, the generator's exactly", async () => {
      const result = await runCli(["ffi"]);
      expect(result.status, result.stderr).to.equal(0);
      expect(result.stdout).to.equal(ffiJson(GENERATED.map((ffi) => ffi.document)));
      expect((jsonOf(result) as FfiDocument[]).map((document) => document.name)).to.have.length(2 * IMPLEMENTED_PRIMITIVES.length);
    });

    it("--platform fabric prints only the Fabric FFIs", async () => {
      const result = await runCli(["ffi", "--platform", "fabric"]);
      expect(result.status, result.stderr).to.equal(0);
      expect(jsonOf(result)).to.deep.equal(GENERATED.filter((ffi) => ffi.platform === "fabric").map((ffi) => ffi.document));
    });

    it("--out writes one <name>.<platform>.json per FFI and prints their paths", async () => {
      const out = join(dir, "ffi");
      const result = await runCli(["ffi", "--platform=evm", "--out", out]);
      expect(result.status, result.stderr).to.equal(0);
      const files = IMPLEMENTED_PRIMITIVES.map((primitive) => join(out, `${ffiName(primitive)}.evm.json`));
      expect(jsonOf(result)).to.deep.equal(files);
      expect(readdirSync(out).sort()).to.deep.equal(files.map((file) => file.slice(out.length + 1)).sort());
      expect(readFileSync(files[1], "utf8")).to.equal(ffiJson(ffiOf("evm", IMPLEMENTED_PRIMITIVES[1])));
    });

    it("--help prints the usage and exits 0", async () => {
      const result = await runCli(["ffi", "--help"]);
      expect(result.status).to.equal(0);
      expect(result.stdout).to.contain("usage: twinledger ffi [--platform evm|fabric] [--out <dir>]");
    });

    it("an unknown platform is a usage error (exit 2) naming the platforms", async () => {
      const result = await runCli(["ffi", "--platform", "corda"]);
      expect(result.status).to.equal(2);
      expect(result.stderr).to.contain('--platform must be one of evm, fabric, got "corda"');
      expect(result.stdout).to.equal("");
    });
  });
});
