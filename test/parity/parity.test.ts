/**
 * The parity check: both platforms' interfaces against the spec in core/. It fails when
 * an operation, argument (name, order, type), event field or error code drifts on
 * either platform — and the last tests prove it does, by swapping two arguments.
 */
import { expect } from "chai";
import { Interface, type InterfaceAbi } from "ethers";
import type { Primitive } from "../../core/index.js";
import {
  AssetRegistry__factory,
  CertificationRegistry__factory,
  IdentifierRegistry__factory,
  ReceivableRegistry__factory,
  RoleRegistry__factory,
} from "../../typechain-types/index.js";
import { loadChaincode } from "../../clients/fabric-embedded/chaincode.js";
import { EmbeddedFabric, TestCA } from "../../clients/fabric-embedded/sim/index.js";
import { answerProblems } from "./answers.js";
import { evmParityProblems } from "./evm-abi.js";
import { fabricParityProblems, type ChaincodeMetadata } from "./fabric-metadata.js";

const EVM_ABIS: Partial<Record<Primitive, InterfaceAbi>> = {
  roles: RoleRegistry__factory.abi,
  asset: AssetRegistry__factory.abi,
  identifier: IdentifierRegistry__factory.abi,
  certification: CertificationRegistry__factory.abi,
  receivable: ReceivableRegistry__factory.abi,
};

const interfaces = (abis: Partial<Record<Primitive, InterfaceAbi>>) =>
  Object.fromEntries(Object.entries(abis).map(([primitive, abi]) => [primitive, new Interface(abi)])) as Partial<Record<Primitive, Interface>>;

/** The metadata exactly as a peer serves it: through contract-api's system contract. */
async function chaincodeMetadata(): Promise<ChaincodeMetadata> {
  const fabric = new EmbeddedFabric(loadChaincode());
  const caller = new TestCA("Org1MSP", "org1.example.com").issue("User1");
  const bytes = await fabric.evaluate(caller, "org.hyperledger.fabric:GetMetadata", []);
  return JSON.parse(bytes.toString("utf8")) as ChaincodeMetadata;
}

/** Swaps the first two inputs of one ABI function, as a careless edit of the contract would. */
function swapAbiInputs(abi: InterfaceAbi, functionName: string): InterfaceAbi {
  return (abi as readonly Record<string, unknown>[]).map((entry) => {
    if (entry.type !== "function" || entry.name !== functionName) return entry;
    const [first, second, ...rest] = entry.inputs as unknown[];
    return { ...entry, inputs: [second, first, ...rest] };
  });
}

describe("parity: both platforms against the spec", () => {
  it("the Solidity ABIs match the spec's operations, events and error codes", () => {
    expect(evmParityProblems(interfaces(EVM_ABIS))).to.deep.equal([]);
  });

  it("the chaincode metadata matches the spec's operations", async () => {
    expect(fabricParityProblems(await chaincodeMetadata())).to.deep.equal([]);
  });

  it("an answer is held to the spec: a renamed event field, an event the operation does not emit, a code it does not raise", () => {
    const payload = { scheme: "gs1", prefix: "9506000", holder: "x" };
    expect(answerProblems("registerNamespace", { event: { name: "NamespaceRegistered", payload } })).to.deep.equal([]);
    expect(answerProblems("registerNamespace", { event: { name: "NamespaceRegistered", payload: { scheme: "gs1", prefix: "9506000", owner: "x" } } })).to.deep.equal([
      "NamespaceRegistered has fields owner, prefix, scheme, the spec says holder, prefix, scheme",
    ]);
    expect(answerProblems("registerNamespace", { event: { name: "NamespaceRevoked", payload } })).to.deep.equal([
      "registerNamespace emitted NamespaceRevoked, the spec says NamespaceRegistered",
    ]);
    expect(answerProblems("getAsset", { code: "Unauthorized" })).to.deep.equal([
      "getAsset answered Unauthorized, which core/spec/raises.ts does not list for it",
    ]);
    expect(answerProblems("getAsset", { code: "InvalidArgument" })).to.deep.equal([]);
  });

  it("the check fails when two arguments of a Solidity function are swapped", () => {
    const swapped = { ...EVM_ABIS, asset: swapAbiInputs(AssetRegistry__factory.abi, "updateAsset") };
    expect(evmParityProblems(interfaces(swapped))).to.deep.equal([
      "updateAsset(bytes32 metadataHash, string id, string metadataUri) should be updateAsset(string id, bytes32 metadataHash, string metadataUri)",
    ]);
  });

  it("the check fails when a Solidity error carries another type than the spec's", () => {
    const retyped = (AssetRegistry__factory.abi as readonly Record<string, unknown>[]).map((entry) =>
      entry.type === "error" && entry.name === "NotFound" ? { ...entry, inputs: [{ name: "id", type: "bytes32", internalType: "bytes32" }] } : entry,
    );
    expect(evmParityProblems(interfaces({ ...EVM_ABIS, asset: retyped }))).to.deep.equal(["asset: error NotFound(bytes32 id) should be NotFound(string id)"]);
  });

  it("the check fails when two parameters of a chaincode transaction are swapped", async () => {
    const metadata = await chaincodeMetadata();
    const transaction = metadata.contracts.asset.transactions.find((candidate) => candidate.name === "registerAsset")!;
    const [id, assetClass, ...rest] = transaction.parameters!;
    transaction.parameters = [assetClass, id, ...rest];
    expect(fabricParityProblems(metadata)).to.deep.equal([
      "asset:registerAsset(string assetClass, string id, string metadataHash, string metadataUri) should be registerAsset(string id, string assetClass, string metadataHash, string metadataUri)",
    ]);
  });
});
