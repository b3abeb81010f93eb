/**
 * Holds the chaincode's contract metadata (what `org.hyperledger.fabric:GetMetadata`
 * returns on a peer) to the spec: one contract per implemented primitive, named after
 * it; every operation a transaction with the same parameter names, order and types,
 * tagged SUBMIT or EVALUATE; nothing else but deployment steps.
 */
import { OPERATIONS, PRIMITIVES, operationsOf } from "../../core/index.js";
import { FABRIC_DEPLOYMENT_TRANSACTIONS, FABRIC_INTEROP_CONTRACT, FABRIC_INTEROP_TRANSACTIONS, FABRIC_SCHEMA_TYPES } from "../../clients/fabric/metadata-types.js";
import { IMPLEMENTED_PRIMITIVES } from "../../clients/ledger.js";

interface TransactionMetadata {
  name: string;
  tag?: string[];
  parameters?: { name: string; schema: { type?: string } }[];
}
export interface ChaincodeMetadata {
  contracts: Record<string, { transactions: TransactionMetadata[] }>;
}

export function fabricParityProblems(metadata: ChaincodeMetadata): string[] {
  const problems: string[] = [];
  for (const primitive of PRIMITIVES) {
    const contract = metadata.contracts[primitive];
    const implemented = (IMPLEMENTED_PRIMITIVES as readonly string[]).includes(primitive);
    if (!implemented) {
      if (contract) problems.push(`${primitive}: a contract exists but the primitive is not implemented everywhere`);
      continue;
    }
    if (!contract) {
      problems.push(`${primitive}: no contract named "${primitive}"`);
      continue;
    }
    const specNames = operationsOf(primitive);
    for (const name of specNames) {
      const operation = OPERATIONS[name];
      const transaction = contract.transactions.find((candidate) => candidate.name === name);
      if (!transaction) {
        problems.push(`${primitive}:${name}: missing transaction`);
        continue;
      }
      const expected = operation.params.map((param) => `${FABRIC_SCHEMA_TYPES[param.type]} ${param.name}`).join(", ");
      const actual = (transaction.parameters ?? []).map((param) => `${param.schema.type} ${param.name}`).join(", ");
      if (expected !== actual) problems.push(`${primitive}:${name}(${actual}) should be ${name}(${expected})`);
      const tag = operation.kind === "submit" ? "SUBMIT" : "EVALUATE";
      if (!transaction.tag?.includes(tag)) problems.push(`${primitive}:${name} is tagged ${transaction.tag?.join("/")}, should be ${tag}`);
    }
    const allowed = new Set<string>([...specNames, ...(FABRIC_DEPLOYMENT_TRANSACTIONS[primitive] ?? [])]);
    for (const transaction of contract.transactions) {
      if (!allowed.has(transaction.name)) problems.push(`${primitive}:${transaction.name}: transaction outside the spec`);
    }
  }
  const interop = metadata.contracts[FABRIC_INTEROP_CONTRACT]?.transactions ?? [];
  const interopFound = interop.map(({ name, tag }) => `${name}:${tag?.includes("EVALUATE") ? "EVALUATE" : "SUBMIT"}`).sort();
  const interopExpected = Object.entries(FABRIC_INTEROP_TRANSACTIONS).map(([name, tag]) => `${name}:${tag}`).sort();
  if (interopFound.join() !== interopExpected.join()) problems.push(`${FABRIC_INTEROP_CONTRACT}: transactions ${interopFound.join(", ")}, should be ${interopExpected.join(", ")}`);
  const known = new Set<string>([...PRIMITIVES, FABRIC_INTEROP_CONTRACT, "org.hyperledger.fabric"]);
  for (const name of Object.keys(metadata.contracts)) if (!known.has(name)) problems.push(`contract ${name} is not a spec primitive`);
  return problems;
}
