/**
 * The canonical vectors through both deployed validators, as a client meets them: the
 * chaincode's resolveIdentifier on the in-process peer and the IdentifierRegistry's on the
 * in-process EVM. A valid canonical form passes validation (and is then NotFound, since
 * nothing is bound); an invalid one is IdentifierInvalid on both.
 */
import { readFileSync } from "node:fs";
import { expect } from "chai";
import { network } from "hardhat";
import { isErrorCode, parseRejection, type ErrorCode } from "../../core/index.js";
import { deployTwinledger, connectTwinledger } from "../../clients/evm/deploy.js";
import { toLedgerError } from "../../clients/evm/errors.js";
import type { EvmContracts } from "../../clients/evm/contracts.js";
import { loadChaincode } from "../../clients/fabric-embedded/chaincode.js";
import { EmbeddedFabric, EndorsementError, TestCA, type Identity } from "../../clients/fabric-embedded/sim/index.js";

const vectors = JSON.parse(readFileSync(new URL("../vectors/identifiers/canonical.json", import.meta.url), "utf8")) as {
  valid: string[];
  invalid: { canonical: string; reason: string }[];
};

async function chaincodeVerdict(fabric: EmbeddedFabric, caller: Identity, canonical: string): Promise<ErrorCode | "accepted"> {
  try {
    await fabric.evaluate(caller, "identifier:resolveIdentifier", [canonical]);
    return "accepted";
  } catch (error) {
    if (!(error instanceof EndorsementError)) throw error;
    return parseRejection(error.message)?.code ?? expect.fail(`not a spec rejection: ${error.message}`);
  }
}

async function contractVerdict(contracts: EvmContracts, canonical: string): Promise<ErrorCode | "accepted"> {
  try {
    await contracts.identifiers.resolveIdentifier(canonical);
    return "accepted";
  } catch (error) {
    const code = (toLedgerError(error, [contracts.identifiers.interface]) as { code?: unknown }).code;
    return isErrorCode(code) ? code : expect.fail(`not a spec rejection: ${String(error)}`);
  }
}

describe("identifiers: the canonical vectors through both on-chain validators", () => {
  let fabric: EmbeddedFabric;
  let caller: Identity;
  let contracts: EvmContracts;

  before(async () => {
    fabric = new EmbeddedFabric(loadChaincode());
    caller = new TestCA("Org1MSP", "org1.example.com").issue("Reader");
    const { ethers } = await network.create();
    const [deployer] = await ethers.getSigners();
    contracts = connectTwinledger(await deployTwinledger(deployer, deployer.address), deployer);
  });

  it(`the chaincode accepts all ${vectors.valid.length} valid canonical forms (unbound: NotFound)`, async () => {
    for (const canonical of vectors.valid) expect(await chaincodeVerdict(fabric, caller, canonical), canonical).to.equal("NotFound");
  });

  it(`the chaincode rejects all ${vectors.invalid.length} non-canonical forms with IdentifierInvalid`, async () => {
    for (const { canonical, reason } of vectors.invalid) {
      expect(await chaincodeVerdict(fabric, caller, canonical), `${canonical} (${reason})`).to.equal("IdentifierInvalid");
    }
  });

  it(`the IdentifierRegistry accepts all ${vectors.valid.length} valid canonical forms (unbound: NotFound)`, async () => {
    for (const canonical of vectors.valid) expect(await contractVerdict(contracts, canonical), canonical).to.equal("NotFound");
  });

  it(`the IdentifierRegistry rejects all ${vectors.invalid.length} non-canonical forms with IdentifierInvalid`, async () => {
    for (const { canonical, reason } of vectors.invalid) {
      expect(await contractVerdict(contracts, canonical), `${canonical} (${reason})`).to.equal("IdentifierInvalid");
    }
  });
});
