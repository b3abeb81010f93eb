/**
 * A client identity whose private key stays in an HSM (PKCS#11): the certificate is read
 * as usual, every signature is made by the token through the Fabric Gateway's own HSM
 * signer (pkcs11js, CKM_ECDSA on the digest, low-S DER, as Fabric peers require).
 */
import { createHash, timingSafeEqual, X509Certificate } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { signers, type HSMSignerFactory, type Identity, type Signer } from "@hyperledger/fabric-gateway";
import { p256 } from "@noble/curves/p256";
import { onlyFileIn } from "./identity.js";

export interface HsmKey {
  /** The PKCS#11 module file, e.g. /usr/lib/softhsm/libsofthsm2.so. */
  library: string;
  /** The token's label. */
  label: string;
  /** The user PIN of the token. */
  pin: string;
  /**
   * The key's CKA_ID as hex. Default: the certificate's SKI, SHA-256 of its uncompressed
   * public point — the id Fabric's own PKCS#11 BCCSP gives the keys it generates or imports.
   */
  keyId?: string;
}

export type FabricUserHsm = { mspId: string; hsm: HsmKey } & (
  | { /** PEM file of the certificate (or an MSP signcerts/ folder holding one). */ certPath: string; certificatePem?: undefined }
  | { certificatePem: string; certPath?: undefined }
);

export interface HsmSigningUser {
  identity: Identity;
  signer: Signer;
  certificatePem: string;
  /** Ends the token session (and unloads the library after its last session). Idempotent. */
  close(): void;
}

/** Ends in the field to fix, on one line, like every error of the client. */
export class HsmError extends Error {
  override name = "HsmError";
}

// PKCS#11 return values (pkcs11js errors carry them as `code`).
const CKR_PIN_INCORRECT = 0xa0;
const CKR_PIN_INVALID = 0xa1;
const CKR_PIN_LEN_RANGE = 0xa2;
const CKR_PIN_EXPIRED = 0xa3;
const CKR_PIN_LOCKED = 0xa4;
const CKR_CRYPTOKI_ALREADY_INITIALIZED = 0x191;

/**
 * One factory per module file for the whole process: the factory calls C_Initialize, which
 * a library allows once per process, so every HSM user of that library must share it. It is
 * disposed (C_Finalize) when its last session closes, leaving the library free again.
 */
interface OpenLibrary {
  factory: HSMSignerFactory;
  sessions: number;
  /**
   * Per token label, the digest of the PIN its sessions logged in with. PKCS#11 login is per
   * token, not per session: while one session is logged in, C_Login on another answers
   * CKR_USER_ALREADY_LOGGED_IN without checking the PIN, and the Gateway's signer accepts
   * that. Without this, a wrong PIN would work whenever another user of the token is open.
   */
  logins: Map<string, { pin: Buffer; sessions: number }>;
}
const libraries = new Map<string, OpenLibrary>();

export function loadHsmUser(user: FabricUserHsm): HsmSigningUser {
  const { hsm } = user;
  for (const field of ["library", "label", "pin"] as const) {
    if (typeof hsm?.[field] !== "string" || hsm[field].trim() === "") throw new HsmError(`hsm.${field} must be a non-empty string`);
  }
  const certificatePem = user.certPath !== undefined ? readFileSync(onlyFileIn(user.certPath), "utf8") : user.certificatePem;
  const publicPoint = p256PointOf(certificatePem);
  const keyId = hsm.keyId !== undefined ? hexId(hsm.keyId) : createHash("sha256").update(publicPoint).digest();
  const keyIdHex = keyId.toString("hex");
  const token = `token "${hsm.label}" of ${hsm.library}`;

  const library = openLibrary(hsm.library);
  const pin = createHash("sha256").update(hsm.pin, "utf8").digest();
  const login = library.logins.get(hsm.label);
  let opened: { signer: Signer; close: () => void };
  try {
    if (login && !timingSafeEqual(login.pin, pin)) throw new HsmError(`wrong PIN for ${token}: check hsm.pin (or the variable hsm.pinEnv names)`);
    opened = library.factory.newSigner({ label: hsm.label, pin: hsm.pin, identifier: keyId });
  } catch (error) {
    if (library.sessions === 0) finalize(hsm.library, library);
    throw hsmError(error, token, keyIdHex, hsm.keyId === undefined);
  }
  library.sessions++;
  library.logins.set(hsm.label, { pin, sessions: (login?.sessions ?? 0) + 1 });

  // The first signature is checked against the certificate: a key id naming another key
  // would otherwise surface as a peer's "creator signature is invalid" on every call.
  let checked = false;
  let closed = false;
  const signer: Signer = async (digest) => {
    if (closed) throw new HsmError(`the HSM session on ${token} is closed: load the user again`);
    const signature = await opened.signer(digest);
    if (!checked) {
      if (!p256.verify(signature, digest, publicPoint)) {
        throw new HsmError(`the key with CKA_ID ${keyIdHex} on ${token} does not belong to the certificate: set hsm.keyId to the id of the certificate's key`);
      }
      checked = true;
    }
    return signature;
  };

  return {
    identity: { mspId: user.mspId, credentials: Buffer.from(certificatePem, "utf8") },
    signer,
    certificatePem,
    close() {
      if (closed) return;
      closed = true;
      try {
        opened.close();
      } finally {
        const entry = library.logins.get(hsm.label);
        // The token logs out when its last session closes: the next login checks the PIN again.
        if (entry && --entry.sessions === 0) library.logins.delete(hsm.label);
        if (--library.sessions === 0) finalize(hsm.library, library);
      }
    },
  };
}

/** The shared factory of a module file, initialising the library on first use. */
function openLibrary(path: string): OpenLibrary {
  const key = resolve(path);
  const open = libraries.get(key);
  if (open) return open;
  if (!existsSync(key)) throw new HsmError(`HSM library ${path}: no such file: set hsm.library to the PKCS#11 module (e.g. /usr/lib/softhsm/libsofthsm2.so)`);
  let factory: HSMSignerFactory;
  try {
    factory = signers.newHSMSignerFactory(key);
  } catch (error) {
    const message = oneLine(error);
    if (/Cannot find module 'pkcs11js'/.test(message)) throw new HsmError("HSM keys need the pkcs11js package: npm install pkcs11js");
    const code = (error as { code?: unknown }).code;
    if (code === CKR_CRYPTOKI_ALREADY_INITIALIZED) {
      throw new HsmError(`HSM library ${path} is already initialised by other code in this process (C_Initialize): finalise it there first`);
    }
    if (typeof code === "number") {
      throw new HsmError(`HSM library ${path} failed to initialise (${message}): check its configuration (SoftHSM2: SOFTHSM2_CONF names a file whose directories.tokendir exists)`);
    }
    throw new HsmError(`HSM library ${path} cannot be loaded (${message}): set hsm.library to a PKCS#11 module built for this machine`);
  }
  const opened: OpenLibrary = { factory, sessions: 0, logins: new Map() };
  libraries.set(key, opened);
  return opened;
}

/** After the last session: C_Finalize, so the library can be initialised afresh (here or by other code). */
function finalize(path: string, library: OpenLibrary): void {
  libraries.delete(resolve(path));
  try {
    library.factory.dispose();
  } catch {
    // Finalising a library that already failed changes nothing for the caller.
  }
}

function hsmError(error: unknown, token: string, keyIdHex: string, defaultId: boolean): Error {
  if (error instanceof HsmError) return error;
  const message = oneLine(error);
  const code = (error as { code?: unknown }).code;
  if (code === CKR_PIN_INCORRECT || code === CKR_PIN_INVALID || code === CKR_PIN_LEN_RANGE) {
    return new HsmError(`wrong PIN for ${token}: check hsm.pin (or the variable hsm.pinEnv names)`);
  }
  if (code === CKR_PIN_LOCKED || code === CKR_PIN_EXPIRED) return new HsmError(`the user PIN of ${token} is ${code === CKR_PIN_LOCKED ? "locked" : "expired"}: reset it with the token's SO PIN`);
  if (/cannot be found in the pkcs11 slot list|No pkcs11 slots/.test(message)) {
    return new HsmError(`no ${token}: check hsm.label (softhsm2-util --show-slots or pkcs11-tool --list-tokens lists the labels)`);
  }
  if (/Unable to find object in HSM/.test(message)) {
    return new HsmError(
      defaultId
        ? `no EC private key on ${token} with CKA_ID ${keyIdHex} (the certificate's SKI, the default): set hsm.keyId to the key's CKA_ID`
        : `no EC private key on ${token} with CKA_ID ${keyIdHex}: check hsm.keyId`,
    );
  }
  return new HsmError(`${token}: ${message}`);
}

/** The uncompressed P-256 point of a certificate: the only curve the Gateway's HSM signer signs with. */
function p256PointOf(certificatePem: string): Buffer {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificatePem);
  } catch (error) {
    throw new HsmError(`the certificate is not a PEM X.509 certificate (${oneLine(error)})`);
  }
  const key = certificate.publicKey;
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType !== "ec" || curve !== "prime256v1") {
    throw new HsmError(`the certificate holds a ${key.asymmetricKeyType}${curve ? ` ${curve}` : ""} key; HSM signing supports EC P-256 keys only`);
  }
  const jwk = key.export({ format: "jwk" });
  return Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, "base64url"), Buffer.from(jwk.y!, "base64url")]);
}

function hexId(text: string): Buffer {
  const hex = text.replace(/^0x/i, "").replace(/:/g, "");
  if (hex === "" || hex.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(hex)) throw new HsmError(`hsm.keyId must be the key's CKA_ID as hex, got ${JSON.stringify(text)}`);
  return Buffer.from(hex, "hex");
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!.trim();
}
