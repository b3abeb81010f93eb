/**
 * A client identity from PEM files (as cryptogen or a Fabric CA writes them), from PEM text,
 * or with its private key in an HSM (hsm.ts).
 */
import { createPrivateKey } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { signers, type Identity, type Signer } from "@hyperledger/fabric-gateway";
import { loadHsmUser, type FabricUserHsm } from "./hsm.js";

export type { FabricUserHsm, HsmKey } from "./hsm.js";

export interface FabricUserFiles {
  mspId: string;
  certPath: string;
  keyPath: string;
}

export interface FabricUserPem {
  mspId: string;
  certificatePem: string;
  privateKeyPem: string;
}

export type FabricUser = FabricUserFiles | FabricUserPem | FabricUserHsm;

export interface SigningUser {
  identity: Identity;
  signer: Signer;
  certificatePem: string;
  /** Frees what the signer holds (an HSM session); whoever loaded the user calls it when done. */
  close?(): void;
}

export function loadUser(user: FabricUser): SigningUser {
  if ("hsm" in user) return loadHsmUser(user);
  const { certificatePem, privateKeyPem } =
    "certPath" in user
      ? { certificatePem: readFileSync(onlyFileIn(user.certPath), "utf8"), privateKeyPem: readFileSync(onlyFileIn(user.keyPath), "utf8") }
      : user;
  return {
    identity: { mspId: user.mspId, credentials: Buffer.from(certificatePem, "utf8") },
    signer: signers.newPrivateKeySigner(createPrivateKey(privateKeyPem)),
    certificatePem,
  };
}

/**
 * A file, or a folder holding exactly one file: an MSP's `signcerts/` or `keystore/`, whose
 * key file is named by whoever wrote it (cryptogen `priv_sk`, Fabric CA `<SKI>_sk`).
 */
export function onlyFileIn(path: string): string {
  if (!statSync(path).isDirectory()) return path;
  const files = readdirSync(path, { withFileTypes: true }).filter((entry) => entry.isFile());
  if (files.length !== 1) {
    throw new Error(`${path} is a folder with ${files.length} files: name the certificate or key file itself, or keep one file in it`);
  }
  return join(path, files[0].name);
}
