/**
 * Fabric identities whose private key lives in an HSM, for real: SoftHSM2 (PKCS#11) holds a
 * P-256 key generated inside the token, Org1's CA certifies its public key, and the Fabric
 * Gateway client signs through the token — against the embedded Fabric Gateway server, which
 * checks every creator signature. Needs SoftHSM2: scripts/setup/softhsm2.mjs unpacks it (no
 * root) from Debian's packages on first use; if it cannot, the suite fails.
 */
import { expect } from "chai";
import { createHash, createPublicKey, type KeyObject } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type * as grpc from "@grpc/grpc-js";
import { hashOf } from "../conformance/harness.js";
import { loadChaincode } from "../../clients/fabric-embedded/chaincode.js";
import { createTestConsortium, type TestConsortium } from "../../clients/fabric-embedded/consortium.js";
import { startEmbeddedGateway, type EmbeddedGateway } from "../../clients/fabric-embedded/gateway-server/index.js";
import { EmbeddedFabric } from "../../clients/fabric-embedded/sim/index.js";
import { fabricPartyOf } from "../../clients/fabric/party.js";
import { connectPeer, type GatewayPeer } from "../../clients/fabric-gateway/connection.js";
import { HsmError } from "../../clients/fabric-gateway/hsm.js";
import { loadUser, type FabricUserHsm, type SigningUser } from "../../clients/fabric-gateway/identity.js";
import { connectFabricGateway } from "../../clients/fabric-gateway/ledger.js";
import { loadProfile, openLedger } from "../../scripts/cli/profile.js";

const pkcs11js = createRequire(import.meta.url)("pkcs11js") as typeof import("pkcs11js");

interface SoftHsm {
  module: string;
  util: string;
  env: Record<string, string>;
}
// A plain-JS module without type declarations: imported by URL, typed here.
const setupScript = pathToFileURL(resolve("scripts/setup/softhsm2.mjs")).href;
const { ensureSoftHsm } = (await import(setupScript)) as { ensureSoftHsm(): SoftHsm };

const LABEL = "twinledger";
const PIN = "98765432";
const SO_PIN = "1234";
const PIN_ENV = "TWINLEDGER_TEST_HSM_PIN";
/** DER of the prime256v1 OID: CKA_EC_PARAMS names the curve by it. */
const P256_PARAMS = Buffer.from("06082a8648ce3d030107", "hex");

/** A PKCS#11 session on the token, logged in; `done()` logs out and finalises the library. */
function tokenSession(module: string) {
  const pkcs11 = new pkcs11js.PKCS11();
  pkcs11.load(module);
  pkcs11.C_Initialize();
  try {
    const slot = pkcs11.C_GetSlotList(true).find((candidate) => pkcs11.C_GetTokenInfo(candidate).label.trim() === LABEL);
    if (!slot) throw new Error(`no token ${LABEL}`);
    const session = pkcs11.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
    pkcs11.C_Login(session, pkcs11js.CKU_USER, PIN);
    return {
      pkcs11,
      session,
      done() {
        // Closing the last session logs the token out; C_Finalize frees the library for the signer.
        pkcs11.C_CloseSession(session);
        pkcs11.C_Finalize();
        pkcs11.close();
      },
    };
  } catch (error) {
    pkcs11.C_Finalize();
    pkcs11.close();
    throw error;
  }
}

/** A P-256 key pair generated inside the token (the private key never leaves it), CKA_ID = SKI. */
function generateKeyInToken(module: string): { publicKey: KeyObject; ski: Buffer } {
  const { pkcs11, session, done } = tokenSession(module);
  try {
    const keys = pkcs11.C_GenerateKeyPair(
      session,
      { mechanism: pkcs11js.CKM_EC_KEY_PAIR_GEN },
      [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PUBLIC_KEY },
        { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_EC },
        { type: pkcs11js.CKA_TOKEN, value: true },
        { type: pkcs11js.CKA_VERIFY, value: true },
        { type: pkcs11js.CKA_EC_PARAMS, value: P256_PARAMS },
        { type: pkcs11js.CKA_LABEL, value: "hsm-user" },
      ],
      [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
        { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_EC },
        { type: pkcs11js.CKA_TOKEN, value: true },
        { type: pkcs11js.CKA_PRIVATE, value: true },
        { type: pkcs11js.CKA_SIGN, value: true },
        { type: pkcs11js.CKA_SENSITIVE, value: true },
        { type: pkcs11js.CKA_EXTRACTABLE, value: false },
        { type: pkcs11js.CKA_LABEL, value: "hsm-user" },
      ],
    );
    // CKA_EC_POINT is a DER OCTET STRING (04 41) around the uncompressed point 04 || x || y.
    const [{ value: ecPoint }] = pkcs11.C_GetAttributeValue(session, keys.publicKey, [{ type: pkcs11js.CKA_EC_POINT }]);
    const der = ecPoint as Buffer;
    expect(der.subarray(0, 3).toString("hex")).to.equal("044104");
    const point = der.subarray(2);
    const ski = createHash("sha256").update(point).digest();
    // The id is known only once the key exists: set it on both halves, as Fabric's BCCSP does.
    for (const handle of [keys.publicKey, keys.privateKey]) pkcs11.C_SetAttributeValue(session, handle, [{ type: pkcs11js.CKA_ID, value: ski }]);
    const publicKey = createPublicKey({
      key: { kty: "EC", crv: "P-256", x: point.subarray(1, 33).toString("base64url"), y: point.subarray(33).toString("base64url") },
      format: "jwk",
    });
    return { publicKey, ski };
  } finally {
    done();
  }
}

describe("fabric-gateway client: HSM keys (PKCS#11, SoftHSM2)", function () {
  this.timeout(120_000);
  let dir: string;
  let softhsm: SoftHsm;
  let previousConf: string | undefined;
  let consortium: TestConsortium;
  let fabric: EmbeddedFabric;
  let gateway: EmbeddedGateway;
  let peer: GatewayPeer;
  let client: grpc.Client;
  let ski: Buffer;
  let certificatePem: string;
  /** Users a test loaded and did not close (a failed assertion): closed after each test. */
  const open: SigningUser[] = [];
  const hsmUser = (overrides: Partial<FabricUserHsm["hsm"]> = {}, pem = certificatePem): FabricUserHsm => ({
    mspId: "Org1MSP",
    certificatePem: pem,
    hsm: { library: softhsm.module, label: LABEL, pin: PIN, ...overrides },
  });
  const load = (user: FabricUserHsm): SigningUser => {
    const loaded = loadUser(user);
    open.push(loaded);
    return loaded;
  };

  before(async () => {
    softhsm = ensureSoftHsm();
    dir = mkdtempSync(join(tmpdir(), "twinledger-hsm-"));
    mkdirSync(join(dir, "tokens"));
    writeFileSync(join(dir, "softhsm2.conf"), `directories.tokendir = ${join(dir, "tokens")}\nobjectstore.backend = file\nlog.level = ERROR\n`);
    // SoftHSM2 reads its configuration at C_Initialize, from this variable: the signer's too.
    previousConf = process.env.SOFTHSM2_CONF;
    process.env.SOFTHSM2_CONF = join(dir, "softhsm2.conf");
    execFileSync(softhsm.util, ["--module", softhsm.module, "--init-token", "--free", "--label", LABEL, "--pin", PIN, "--so-pin", SO_PIN], {
      env: { ...process.env, ...softhsm.env },
      stdio: "pipe",
    });
    let publicKey: KeyObject;
    ({ publicKey, ski } = generateKeyInToken(softhsm.module));

    consortium = createTestConsortium();
    // Org1's CA, which the channel trusts, certifies the token's public key: a client identity (OU=client).
    certificatePem = consortium.org1.certify(publicKey, "HsmUser", "client");
    fabric = new EmbeddedFabric({ ...loadChaincode(), organizations: consortium.organizations, endorser: consortium.org1.issue("peer0", "peer") });
    gateway = await startEmbeddedGateway({ fabric, organization: consortium.org1 });
    peer = { endpoint: gateway.endpoint, hostOverride: gateway.hostOverride, tlsCACertPem: gateway.tlsCACertPem };
    client = connectPeer(peer);
    const admin = connectFabricGateway({ peer, client, user: consortium.identities.admin, channel: fabric.channelName, chaincode: fabric.chaincodeName });
    try {
      await admin.transport.submit("roles:initLedger", []);
    } finally {
      await admin.close();
    }
  });

  afterEach(() => {
    for (const user of open.splice(0)) user.close?.();
  });

  after(async () => {
    for (const user of open.splice(0)) user.close?.();
    client?.close();
    await gateway?.close();
    if (previousConf === undefined) delete process.env.SOFTHSM2_CONF;
    else process.env.SOFTHSM2_CONF = previousConf;
    delete process.env[PIN_ENV];
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("a transaction signed in the HSM commits through the Gateway, and its creator is the HSM identity", async () => {
    const hsmParty = fabricPartyOf({ mspId: "Org1MSP", certificatePem });
    const connected = connectFabricGateway({ peer, client, user: hsmUser(), channel: fabric.channelName, chaincode: fabric.chaincodeName });
    try {
      const receipt = await connected.ledger.registerAsset("HSM-1", "machine", hashOf("HSM-1"), "");
      expect(receipt.blockNumber).to.be.greaterThan(0);
      expect((await connected.ledger.getAsset("HSM-1")).owner).to.equal(hsmParty);
    } finally {
      await connected.close();
    }
    // Another client reads the same asset: its owner is the party of the certificate whose key is in the token.
    const alice = connectFabricGateway({ peer, client, user: consortium.identities.alice, channel: fabric.channelName, chaincode: fabric.chaincodeName });
    try {
      expect((await alice.ledger.getAsset("HSM-1")).owner).to.equal(hsmParty).and.to.not.equal(fabricPartyOf(consortium.identities.alice));
    } finally {
      await alice.close();
    }
  });

  it("the private key cannot leave the token: not extractable, sensitive, generated there, its value unreadable", () => {
    const { pkcs11, session, done } = tokenSession(softhsm.module);
    try {
      pkcs11.C_FindObjectsInit(session, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
        { type: pkcs11js.CKA_ID, value: ski },
      ]);
      const found = pkcs11.C_FindObjects(session, 2);
      pkcs11.C_FindObjectsFinal(session);
      expect(found).to.have.length(1);
      const flags = pkcs11.C_GetAttributeValue(session, found[0]!, [
        { type: pkcs11js.CKA_EXTRACTABLE },
        { type: pkcs11js.CKA_NEVER_EXTRACTABLE },
        { type: pkcs11js.CKA_SENSITIVE },
        { type: pkcs11js.CKA_LOCAL },
      ]);
      // CK_BBOOL attributes come back as one byte.
      expect(flags.map(({ value }) => (value as Buffer)[0])).to.deep.equal([0, 1, 1, 1]);
      expect(() => pkcs11.C_GetAttributeValue(session, found[0]!, [{ type: pkcs11js.CKA_VALUE }])).to.throw(/CKR_ATTRIBUTE_SENSITIVE/);
    } finally {
      done();
    }
  });

  it("a wrong PIN is refused with one line naming the token and the field to fix", () => {
    expect(() => load(hsmUser({ pin: "00000000" })))
      .to.throw(HsmError, `wrong PIN for token "${LABEL}" of ${softhsm.module}: check hsm.pin (or the variable hsm.pinEnv names)`);
  });

  it("a wrong PIN is refused even while another session is logged in to the token (PKCS#11 login is per token)", () => {
    const first = load(hsmUser());
    expect(() => load(hsmUser({ pin: "00000000" }))).to.throw(HsmError, "wrong PIN");
    first.close?.();
    // After the last session, the token is logged out and checks the PIN itself again.
    expect(() => load(hsmUser({ pin: "00000000" }))).to.throw(HsmError, "wrong PIN");
  });

  it("a keyId that is not in the token is refused with one line naming the id", () => {
    expect(() => load(hsmUser({ keyId: "00ff00ff" }))).to.throw(HsmError, `no EC private key on token "${LABEL}" of ${softhsm.module} with CKA_ID 00ff00ff: check hsm.keyId`);
  });

  it("a certificate whose SKI names no key in the token says the default id is the SKI", () => {
    const other = consortium.org1.issue("NotInTheToken");
    expect(() => load(hsmUser({}, other.certificatePem))).to.throw(HsmError, /with CKA_ID [0-9a-f]{64} \(the certificate's SKI, the default\): set hsm\.keyId/);
  });

  it("a key that is not the certificate's is caught at the first signature, before any peer sees it", async () => {
    const other = consortium.org1.issue("NotTheTokenKey");
    const user = load(hsmUser({ keyId: ski.toString("hex") }, other.certificatePem));
    let failure: unknown;
    await user.signer(createHash("sha256").update("x").digest()).catch((error: unknown) => (failure = error));
    expect(failure).to.be.instanceOf(HsmError).with.property("message").that.matches(/does not belong to the certificate: set hsm\.keyId/);
  });

  it("a missing library or token label is refused with one line naming it", () => {
    expect(() => load(hsmUser({ library: join(dir, "no-such-module.so") }))).to.throw(HsmError, `HSM library ${join(dir, "no-such-module.so")}: no such file: set hsm.library`);
    expect(() => load(hsmUser({ label: "no-such-token" }))).to.throw(HsmError, `no token "no-such-token" of ${softhsm.module}: check hsm.label`);
  });

  it("a CLI profile with \"hsm\" and pinEnv loads through the profile loader and submits", async () => {
    writeFileSync(join(dir, "hsm-user.pem"), certificatePem);
    writeFileSync(join(dir, "tls-ca.pem"), gateway.tlsCACertPem);
    const profileFile = join(dir, "hsm-profile.json");
    writeFileSync(
      profileFile,
      JSON.stringify({
        platform: "fabric",
        peer: { endpoint: gateway.endpoint, hostOverride: gateway.hostOverride, tlsCACertPath: "tls-ca.pem" },
        mspId: "Org1MSP",
        certPath: "hsm-user.pem",
        hsm: { library: softhsm.module, label: LABEL, pinEnv: PIN_ENV },
        channel: fabric.channelName,
        chaincode: fabric.chaincodeName,
      }),
    );
    const warnings: string[] = [];
    const profile = loadProfile(profileFile, (line) => warnings.push(line));
    expect(warnings).to.deep.equal([]);
    expect(profile).to.include({ platform: "fabric" }).and.to.have.nested.property("hsm.pinEnv", PIN_ENV);

    delete process.env[PIN_ENV];
    await openLedger(profile, true).then(
      () => expect.fail("opened without the PIN"),
      (error: Error) => expect(error.message).to.equal(`environment variable ${PIN_ENV} (hsm.pinEnv of profile ${profileFile}) is not set`),
    );

    process.env[PIN_ENV] = PIN;
    const opened = await openLedger(profile, true);
    try {
      await opened.ledger.registerAsset("HSM-2", "machine", hashOf("HSM-2"), "");
      expect((await opened.ledger.getAsset("HSM-2")).owner).to.equal(fabricPartyOf({ mspId: "Org1MSP", certificatePem }));
    } finally {
      await opened.close();
    }
  });

  it("a profile's hsm field is checked like the rest of the file", () => {
    const base = {
      platform: "fabric",
      peer: { endpoint: "127.0.0.1:7051", tlsCACertPath: "tls-ca.pem" },
      mspId: "Org1MSP",
      certPath: "hsm-user.pem",
      channel: "c",
      chaincode: "cc",
    };
    writeFileSync(join(dir, "hsm-user.pem"), certificatePem);
    writeFileSync(join(dir, "tls-ca.pem"), gateway.tlsCACertPem);
    writeFileSync(join(dir, "key.pem"), "unused");
    const refusal = (fields: object) => {
      const file = join(dir, "bad-profile.json");
      writeFileSync(file, JSON.stringify({ ...base, ...fields }));
      try {
        loadProfile(file, () => {});
      } catch (error) {
        return (error as Error).message.replace(`profile ${file}: `, "");
      }
      return "accepted";
    };
    const hsm = { library: softhsm.module, label: LABEL, pinEnv: PIN_ENV };
    expect(refusal({ keyPath: "key.pem", hsm })).to.equal("give keyPath or hsm, not both");
    expect(refusal({ hsm: { library: softhsm.module, label: LABEL } })).to.match(/^give hsm\.pinEnv .* or hsm\.pin, exactly one$/);
    expect(refusal({ hsm: { ...hsm, pin: PIN } })).to.match(/^give hsm\.pinEnv .* or hsm\.pin, exactly one$/);
    expect(refusal({ hsm: { ...hsm, library: "nowhere.so" } })).to.equal(`hsm.library: no such file ${join(dir, "nowhere.so")}`);
    expect(refusal({ hsm: { ...hsm, keyId: "xyz" } })).to.equal('hsm.keyId must be the key\'s CKA_ID as hex, got "xyz"');
    expect(refusal({ hsm: { ...hsm, slot: 0 } })).to.match(/^unknown field hsm\.slot \(allowed: library, label, pin, pinEnv, keyId\)$/);
    expect(refusal({})).to.match(/^keyPath is missing/);
  });
});
