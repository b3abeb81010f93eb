/** A client identity from PEM files (as cryptogen or a Fabric CA writes them) or from PEM text. */
import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { signers, type Identity, type Signer } from "@hyperledger/fabric-gateway";

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

export type FabricUser = FabricUserFiles | FabricUserPem;

export interface SigningUser {
  identity: Identity;
  signer: Signer;
  certificatePem: string;
}

export function loadUser(user: FabricUser): SigningUser {
  const { certificatePem, privateKeyPem } =
    "certPath" in user
      ? { certificatePem: readFileSync(user.certPath, "utf8"), privateKeyPem: readFileSync(user.keyPath, "utf8") }
      : user;
  return {
    identity: { mspId: user.mspId, credentials: Buffer.from(certificatePem, "utf8") },
    signer: signers.newPrivateKeySigner(createPrivateKey(privateKeyPem)),
    certificatePem,
  };
}
