/**
 * FabricMembership on EVM (core/spec/INTEROP.md §3): organisations, policy and revocation by
 * the RoleRegistry's ADMIN; peers registered permissionlessly from their SerializedIdentity,
 * the certificate checked on chain (canonical PEM and DER, issued by the organisation's CA,
 * OU=peer, a P-256 key, the CA's signature); every refusal by its named error.
 *
 *   npx hardhat test mocha test/interop/evm-membership.test.ts
 */
import crypto from "node:crypto";
import { expect } from "chai";
import { network } from "hardhat";
import { FabricMembership__factory, RoleRegistry__factory } from "../../typechain-types/index.js";
import type { FabricMembership, RoleRegistry } from "../../typechain-types/index.js";
import { TestCA } from "../../clients/fabric-embedded/sim/test-ca.js";
import { InteropError } from "../../core/interop/errors.js";
import { FabricMembershipModel } from "../../core/interop/membership.js";
import { certificateAuthorityOf } from "../../core/interop/peer-certificate.js";
import {
  CHAINCODE_NAME,
  CHANNEL_ID,
  bytesField,
  certificateDer,
  certificateParts,
  derEncode,
  derSignature,
  highS,
  organizationOf,
  peerIdOf,
  pemOfDer,
  publicKeyOf,
  serializedIdentity,
  signatureValues,
  twoOrganizations,
  varint,
  type OrganizationKey,
  type TestOrganization,
} from "./fixtures.js";

const { ethers } = await network.create();
type Signer = Awaited<ReturnType<typeof ethers.getSigners>>[number];

const hex = (bytes: Uint8Array) => `0x${Buffer.from(bytes).toString("hex")}`;
const [org1, org2] = twoOrganizations();

/** An identity from raw fields: mspid and PEM text as given. */
const identityOf = (mspId: string, pem: string | Uint8Array) =>
  Buffer.concat([bytesField(1, Buffer.from(mspId)), bytesField(2, typeof pem === "string" ? Buffer.from(pem) : pem)]);

/** A peer certificate with its DER changed by `mutate`, re-armoured as PEM. */
function mutatedCertificate(pem: string, mutate: (der: Buffer) => Buffer): string {
  return pemOfDer(mutate(Buffer.from(certificateDer(pem))));
}

describe("FabricMembership (EVM)", function () {
  let admin: Signer;
  let stranger: Signer;
  let roles: RoleRegistry;
  let membership: FabricMembership;

  const register = (organization: OrganizationKey & { mspId?: string }, by: Signer = admin) =>
    membership.connect(by).registerOrganization(organization.mspId!, organization.caKeyX, organization.caKeyY, organization.caSubject);

  async function deployMembership(): Promise<FabricMembership> {
    return new FabricMembership__factory(admin).deploy(await roles.getAddress(), CHANNEL_ID, CHAINCODE_NAME);
  }

  beforeEach(async () => {
    [admin, stranger] = await ethers.getSigners();
    roles = await new RoleRegistry__factory(admin).deploy(admin.address);
    membership = await deployMembership();
    await (await register(org1.organization)).wait();
    await (await register(org2.organization)).wait();
  });

  describe("construction", () => {
    it("names its channel by hash and its chaincode", async () => {
      expect(await membership.channelHash()).to.equal(ethers.id(CHANNEL_ID));
      expect(await membership.chaincodeName()).to.equal(CHAINCODE_NAME);
    });

    it("refuses an empty channel or chaincode, and no roles", async () => {
      const factory = new FabricMembership__factory(admin);
      const rolesAddress = await roles.getAddress();
      await expect(factory.deploy(rolesAddress, "", CHAINCODE_NAME)).to.be.revertedWithCustomError(membership, "InvalidArgument").withArgs("channelId");
      await expect(factory.deploy(rolesAddress, CHANNEL_ID, "")).to.be.revertedWithCustomError(membership, "InvalidArgument").withArgs("chaincodeName");
      await expect(factory.deploy(ethers.ZeroAddress, CHANNEL_ID, CHAINCODE_NAME)).to.be.revertedWithCustomError(membership, "InvalidArgument").withArgs("roles");
    });
  });

  describe("organisations (ADMIN)", () => {
    it("registers an organisation with the next bit, its CA key and subject, and emits OrganizationRegistered", async () => {
      const org3 = new TestCA("Org3MSP", "org3.example.com");
      const key = organizationOf(org3.caCertificatePem, "Org3MSP");
      await expect(register(key)).to.emit(membership, "OrganizationRegistered").withArgs("Org3MSP", 4n, key.caKeyX, key.caKeyY, key.caSubject);
      expect(await membership.organization("Org3MSP")).to.deep.equal([true, true, 4n, key.caKeyX, key.caKeyY, key.caSubject]);
      expect(await membership.organization("Org1MSP")).to.deep.include.members([1n]);
      expect((await membership.organization("Org2MSP"))[2]).to.equal(2n);
    });

    it("reports an unknown organisation as not registered", async () => {
      expect(await membership.organization("Org9MSP")).to.deep.equal([false, false, 0n, ethers.ZeroHash, ethers.ZeroHash, "0x"]);
    });

    it("refuses every governance call of a caller without ADMIN with Unauthorized", async () => {
      const org3 = organizationOf(new TestCA("Org3MSP", "org3.example.com").caCertificatePem, "Org3MSP");
      await expect(register(org3, stranger)).to.be.revertedWithCustomError(membership, "Unauthorized").withArgs(stranger.address);
      await expect(membership.connect(stranger).removeOrganization("Org1MSP")).to.be.revertedWithCustomError(membership, "Unauthorized").withArgs(stranger.address);
      await expect(membership.connect(stranger).setEndorsementPolicy(["Org1MSP"])).to.be.revertedWithCustomError(membership, "Unauthorized").withArgs(stranger.address);
      const peer = await registerPeer(org1);
      await expect(membership.connect(stranger).removePeer(peer)).to.be.revertedWithCustomError(membership, "Unauthorized").withArgs(stranger.address);
    });

    it("lets a newly granted ADMIN govern", async () => {
      await (await roles.connect(admin).grantRole(ethers.id("ADMIN"), stranger.address)).wait();
      await expect(membership.connect(stranger).setEndorsementPolicy(["Org1MSP"])).to.emit(membership, "EndorsementPolicySet").withArgs(["Org1MSP"], 1n);
    });

    it("refuses a second registration of an MSP id, also after its removal", async () => {
      await expect(register(org1.organization)).to.be.revertedWithCustomError(membership, "OrganizationAlreadyRegistered").withArgs("Org1MSP");
      await (await membership.removeOrganization("Org1MSP")).wait();
      await expect(register(org1.organization)).to.be.revertedWithCustomError(membership, "OrganizationAlreadyRegistered").withArgs("Org1MSP");
    });

    it("registers at most 16 organisations ever: removing one frees no index", async () => {
      for (let i = 3; i <= 16; i++) await (await register({ ...org1.organization, mspId: `Org${i}MSP` })).wait();
      await expect(register({ ...org1.organization, mspId: "Org17MSP" })).to.be.revertedWithCustomError(membership, "TooManyOrganizations");
      await (await membership.removeOrganization("Org16MSP")).wait();
      await expect(register({ ...org1.organization, mspId: "Org17MSP" })).to.be.revertedWithCustomError(membership, "TooManyOrganizations");
      expect((await membership.organization("Org15MSP"))[2]).to.equal(1n << 14n);
    });

    it("refuses an empty MSP id, a CA key off the curve, an empty CA subject", async () => {
      const { caKeyX, caKeyY, caSubject } = org1.organization;
      await expect(membership.registerOrganization("", caKeyX, caKeyY, caSubject)).to.be.revertedWithCustomError(membership, "InvalidArgument").withArgs("mspId");
      await expect(membership.registerOrganization("Org3MSP", caKeyX, caKeyX, caSubject)).to.be.revertedWithCustomError(membership, "InvalidArgument").withArgs("caKey");
      await expect(membership.registerOrganization("Org3MSP", caKeyX, caKeyY, "0x")).to.be.revertedWithCustomError(membership, "InvalidArgument").withArgs("caSubject");
    });

    it("sets the policy to the listed organisations' bits and emits EndorsementPolicySet", async () => {
      expect(await membership.endorsementPolicy()).to.equal(0n);
      await expect(membership.setEndorsementPolicy(["Org2MSP", "Org1MSP"])).to.emit(membership, "EndorsementPolicySet").withArgs(["Org2MSP", "Org1MSP"], 3n);
      expect(await membership.endorsementPolicy()).to.equal(3n);
      await (await membership.setEndorsementPolicy(["Org2MSP"])).wait();
      expect(await membership.endorsementPolicy()).to.equal(2n);
    });

    it("refuses a policy naming an unknown or removed organisation with UnknownOrganization", async () => {
      await expect(membership.setEndorsementPolicy(["Org1MSP", "Org3MSP"])).to.be.revertedWithCustomError(membership, "UnknownOrganization").withArgs("Org3MSP");
      await (await membership.removeOrganization("Org2MSP")).wait();
      await expect(membership.setEndorsementPolicy(["Org2MSP"])).to.be.revertedWithCustomError(membership, "UnknownOrganization").withArgs("Org2MSP");
    });

    it("removes an organisation: inactive, dropped from the policy, its peers no longer endorse; emits OrganizationRemoved", async () => {
      const peer = await registerPeer(org2);
      await (await membership.setEndorsementPolicy(["Org1MSP", "Org2MSP"])).wait();
      await expect(membership.removeOrganization("Org2MSP")).to.emit(membership, "OrganizationRemoved").withArgs("Org2MSP", 2n);
      expect((await membership.organization("Org2MSP")).slice(0, 3)).to.deep.equal([true, false, 2n]);
      expect(await membership.endorsementPolicy()).to.equal(1n);
      expect(await membership.endorser(peer)).to.deep.equal([ethers.ZeroHash, ethers.ZeroHash, 0n, ethers.ZeroAddress]);
    });

    it("refuses to remove an unknown or already removed organisation with UnknownOrganization", async () => {
      await expect(membership.removeOrganization("Org3MSP")).to.be.revertedWithCustomError(membership, "UnknownOrganization").withArgs("Org3MSP");
      await (await membership.removeOrganization("Org1MSP")).wait();
      await expect(membership.removeOrganization("Org1MSP")).to.be.revertedWithCustomError(membership, "UnknownOrganization").withArgs("Org1MSP");
    });
  });

  async function registerPeer(organization: TestOrganization, identity = organization.peer): Promise<string> {
    const serialized = serializedIdentity(identity);
    await (await membership.connect(stranger).registerPeer(serialized)).wait();
    return peerIdOf(serialized);
  }

  const refusal = (identity: Uint8Array, what?: string) => expect(membership.connect(stranger).registerPeer.staticCall(identity), what);

  describe("peers: registration", () => {
    it("registers a TestCA peer of Org1MSP by anyone: id keccak of the identity, its key, PeerRegistered", async () => {
      const serialized = serializedIdentity(org1.peer);
      const { x, y } = publicKeyOf(org1.peer.certificatePem);
      expect(await membership.connect(stranger).registerPeer.staticCall(serialized)).to.equal(peerIdOf(serialized));
      const tx = await membership.connect(stranger).registerPeer(serialized);
      await expect(tx).to.emit(membership, "PeerRegistered").withArgs(peerIdOf(serialized), "Org1MSP", hex(x), hex(y));
      const receipt = (await tx.wait())!;
      console.log(`      registerPeer: ${receipt.gasUsed} gas (${serialized.length}-byte identity)`);
    });

    it("keeps the identity as code: endorser() gives the key, the organisation's bit and the pointer; endorserIdentity() the bytes", async () => {
      const serialized = serializedIdentity(org2.peer);
      const peer = await registerPeer(org2);
      const { x, y } = publicKeyOf(org2.peer.certificatePem);
      const [keyX, keyY, bit, pointer] = await membership.endorser(peer);
      expect([keyX, keyY, bit]).to.deep.equal([hex(x), hex(y), 2n]);
      expect(await ethers.provider.getCode(pointer)).to.equal(hex(Buffer.concat([Buffer.from([0]), x, y, serialized])));
      expect(await membership.endorserIdentity(peer)).to.equal(hex(serialized));
    });

    it("reports an unknown peer as organisation bit 0", async () => {
      expect(await membership.endorser(ethers.ZeroHash)).to.deep.equal([ethers.ZeroHash, ethers.ZeroHash, 0n, ethers.ZeroAddress]);
      expect(await membership.endorserIdentity(ethers.ZeroHash)).to.equal("0x");
    });

    it("registers a second peer of the same organisation", async () => {
      await registerPeer(org1);
      const second = await registerPeer(org1, org1.peer1);
      expect((await membership.endorser(second))[2]).to.equal(1n);
    });

    it("refuses a client's and an admin's certificate with NotAPeer", async () => {
      await refusal(serializedIdentity(org1.client)).to.be.revertedWithCustomError(membership, "NotAPeer");
      await refusal(serializedIdentity(org1.admin)).to.be.revertedWithCustomError(membership, "NotAPeer");
    });

    it("refuses another organisation's peer under this MSP id with NotIssuedByOrganization", async () => {
      await refusal(serializedIdentity({ mspId: "Org1MSP", certificatePem: org2.peer.certificatePem })).to.be.revertedWithCustomError(membership, "NotIssuedByOrganization");
    });

    it("refuses a peer certificate of a rogue CA with the organisation's very subject with CertificateSignatureInvalid", async () => {
      const rogue = new TestCA("Org1MSP", "org1.example.com");
      expect(organizationOf(rogue.caCertificatePem).caSubject).to.equal(org1.organization.caSubject);
      await refusal(serializedIdentity(rogue.issue("peer0.org1.example.com@org1.example.com", "peer"))).to.be.revertedWithCustomError(membership, "CertificateSignatureInvalid");
    });

    it("refuses an MSP id with no registered (or a removed) organisation with UnknownOrganization", async () => {
      const org3 = new TestCA("Org3MSP", "org3.example.com");
      await refusal(serializedIdentity(org3.issue("peer0.org3.example.com@org3.example.com", "peer"))).to.be.revertedWithCustomError(membership, "UnknownOrganization").withArgs("Org3MSP");
      await (await membership.removeOrganization("Org1MSP")).wait();
      await refusal(serializedIdentity(org1.peer)).to.be.revertedWithCustomError(membership, "UnknownOrganization").withArgs("Org1MSP");
    });

    it("refuses a P-384 key certified by the organisation's CA with UnsupportedKey", async () => {
      const { publicKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-384" });
      const pem = org1.ca.certify(publicKey, "peer9.org1.example.com@org1.example.com", "peer");
      expect(org1.ca.issued(pem)).to.equal(true);
      await refusal(serializedIdentity({ mspId: "Org1MSP", certificatePem: pem })).to.be.revertedWithCustomError(membership, "UnsupportedKey");
    });

    it("refuses a tampered CA signature with CertificateSignatureInvalid", async () => {
      const tampered = mutatedCertificate(org1.peer.certificatePem, (der) => {
        const { signatureValue } = certificateParts(der);
        const { r, s } = signatureValues(der.subarray(signatureValue.start + 1, signatureValue.end));
        return replaceSignature(der, derSignature(r, s ^ 1n));
      });
      await refusal(identityOf("Org1MSP", tampered)).to.be.revertedWithCustomError(membership, "CertificateSignatureInvalid");
    });

    it("refuses a tampered subject (signed bytes changed) with CertificateSignatureInvalid", async () => {
      const tampered = mutatedCertificate(org1.peer.certificatePem, (der) => {
        const { subject } = certificateParts(der);
        const at = der.indexOf(Buffer.from("peer0"), subject.start);
        const copy = Buffer.from(der);
        copy[at + 4] = "7".charCodeAt(0);
        return copy;
      });
      await refusal(identityOf("Org1MSP", tampered)).to.be.revertedWithCustomError(membership, "CertificateSignatureInvalid");
    });

    it("refuses a CA signature that is not DER with CertificateSignatureInvalid", async () => {
      const tampered = mutatedCertificate(org1.peer.certificatePem, (der) => {
        const { signatureValue } = certificateParts(der);
        const { r, s } = signatureValues(der.subarray(signatureValue.start + 1, signatureValue.end));
        const nonMinimal = Buffer.from(derSignature(r, s));
        // r with a superfluous leading zero: one more byte in r and in the SEQUENCE.
        const rLength = nonMinimal[3]!;
        const spelled = Buffer.concat([Buffer.from([0x30, nonMinimal[1]! + 1, 0x02, rLength + 1, 0x00]), nonMinimal.subarray(4)]);
        return replaceSignature(der, spelled);
      });
      await refusal(identityOf("Org1MSP", tampered)).to.be.revertedWithCustomError(membership, "CertificateSignatureInvalid");
    });

    it("accepts a CA's high-S signature (only cryptogen normalises): the key decides, not the spelling", async () => {
      const peer = org1.ca.issue("peer5.org1.example.com@org1.example.com", "peer");
      const twin = mutatedCertificate(peer.certificatePem, (der) => {
        const { signatureValue } = certificateParts(der);
        return replaceSignature(der, highS(der.subarray(signatureValue.start + 1, signatureValue.end)));
      });
      await (await membership.registerPeer(identityOf("Org1MSP", twin))).wait();
      expect((await membership.endorser(peerIdOf(identityOf("Org1MSP", twin))))[2]).to.equal(1n);
    });

    it("refuses a second registration of a peer with PeerAlreadyRegistered", async () => {
      const peer = await registerPeer(org1);
      await refusal(serializedIdentity(org1.peer)).to.be.revertedWithCustomError(membership, "PeerAlreadyRegistered").withArgs(peer);
    });

    it("refuses the same key under another spelling of its certificate (the CA signature's S twin), naming the registered peer", async () => {
      const peer = await registerPeer(org1);
      const twin = mutatedCertificate(org1.peer.certificatePem, (der) => {
        const { signatureValue } = certificateParts(der);
        return replaceSignature(der, highS(der.subarray(signatureValue.start + 1, signatureValue.end)));
      });
      await refusal(identityOf("Org1MSP", twin)).to.be.revertedWithCustomError(membership, "PeerAlreadyRegistered").withArgs(peer);
    });
  });

  describe("peers: malformed identities", () => {
    const pem = () => org1.peer.certificatePem;

    it("refuses a SerializedIdentity that is not canonical protobuf with IdentityMalformed", async () => {
      const mspid = bytesField(1, Buffer.from("Org1MSP"));
      const cert = bytesField(2, Buffer.from(pem()));
      const cases: Record<string, Uint8Array> = {
        "fields out of order": Buffer.concat([cert, mspid]),
        "mspid twice": Buffer.concat([mspid, mspid, cert]),
        "no certificate": mspid,
        "no mspid": cert,
        "empty": new Uint8Array(),
        "an unknown field": Buffer.concat([mspid, cert, bytesField(3, Buffer.from("x"))]),
        "mspid as a varint": Buffer.concat([varint(1 << 3), varint(7), cert]),
        "a non-minimal length": Buffer.concat([varint((1 << 3) | 2), varint(7, 2), Buffer.from("Org1MSP"), cert]),
        "a length past the end": Buffer.concat([mspid, varint((2 << 3) | 2), varint(Buffer.from(pem()).length + 1), Buffer.from(pem())]),
        "an mspid that is not UTF-8": identityOf("Org1MSP", pem()).fill(0xff, 2, 3),
        "a certificate that is not UTF-8": Buffer.concat([mspid, bytesField(2, Buffer.concat([Buffer.from(pem()), Buffer.from([0xc0, 0x80])]))]),
      };
      for (const [what, identity] of Object.entries(cases)) {
        await refusal(identity, what).to.be.revertedWithCustomError(membership, "IdentityMalformed");
      }
    });

    it("refuses PEM that is not one canonical certificate with CertificateMalformed", async () => {
      // A certificate whose base64 ends in padding, for the padding cases.
      let padded = org1.peer;
      while (!padded.certificatePem.includes("=\n")) padded = org1.ca.issue("peer0.org1.example.com@org1.example.com", "peer");
      const text = padded.certificatePem;
      expect(await membership.registerPeer.staticCall(serializedIdentity(padded))).to.equal(peerIdOf(serializedIdentity(padded)));
      const body = text.split("\n").slice(1, -2).join("");
      const lines = (width: number) => `-----BEGIN CERTIFICATE-----\n${body.match(new RegExp(`.{1,${width}}`, "g"))!.join("\n")}\n-----END CERTIFICATE-----\n`;
      const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
      const lastData = text.lastIndexOf("=\n-----END") - (text.includes("==\n-----END") ? 2 : 1);
      const cases: Record<string, string> = {
        "CRLF line ends": text.replace(/\n/g, "\r\n"),
        "76-character lines": lines(76),
        "one line": lines(10_000),
        "no final newline": text.slice(0, -1),
        "text before": `x${text}`,
        "text after": `${text}\n`,
        "an empty line": text.replace("-----END", "\n-----END"),
        "another label": text.replace(/CERTIFICATE/g, "PUBLIC KEY"),
        "a character outside base64": text.slice(0, 40) + "-" + text.slice(41),
        "base64url": lines(64).replace(/[+/]/, (c) => (c === "+" ? "-" : "_")),
        "padding in the middle": text.slice(0, 40) + "=" + text.slice(41),
        "unused bits set": text.slice(0, lastData) + alphabet[alphabet.indexOf(text[lastData]!) ^ 1] + text.slice(lastData + 1),
        "padding dropped": text.replace(/=+\n-----END/, "\n-----END"),
        "nothing inside": "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n",
      };
      // The mutations above must all really change the text.
      for (const [what, mutated] of Object.entries(cases)) expect(mutated, what).to.not.equal(text);
      for (const [what, mutated] of Object.entries(cases)) {
        await refusal(identityOf("Org1MSP", mutated), what).to.be.revertedWithCustomError(membership, "CertificateMalformed");
      }
    });

    it("refuses DER that is not a canonical X.509 certificate with CertificateMalformed", async () => {
      const der = Buffer.from(certificateDer(pem()));
      const parts = certificateParts(der);
      const raw = (field: { offset: number; end: number }) => der.subarray(field.offset, field.end);
      /** The certificate rebuilt with one TBSCertificate field's length in a superfluous long form. */
      const longForm = (field: { tag: number; offset: number; start: number; end: number }) => {
        const tbs = derEncode(0x30, Buffer.concat(parts.fields.map((f) => (f === field ? derEncode(f.tag, der.subarray(f.start, f.end), true) : raw(f)))));
        return derEncode(0x30, Buffer.concat([tbs, raw(parts.outerAlgorithm), raw(parts.signatureValue)]));
      };
      // The rebuilding itself is faithful: without the long form it gives the certificate back.
      expect(derEncode(0x30, Buffer.concat([derEncode(0x30, Buffer.concat(parts.fields.map(raw))), raw(parts.outerAlgorithm), raw(parts.signatureValue)])).equals(der)).to.equal(true);
      const cases: Record<string, Buffer> = {
        "truncated": der.subarray(0, der.length - 1),
        "a byte after the certificate": Buffer.concat([der, Buffer.from([0])]),
        "not a SEQUENCE": Buffer.concat([Buffer.from([0x31]), der.subarray(1)]),
        "a long-form length of a short one (validity)": longForm(parts.validity),
        "a long-form length of a long one (subject public key info)": longForm(parts.publicKeyInfo),
        "a long-form length of the serial number": longForm(parts.serial),
        "a signature BIT STRING with unused bits": (() => {
          const copy = Buffer.from(der);
          copy[parts.signatureValue.start] = 1;
          return copy;
        })(),
        "cut after the signature algorithm": der.subarray(0, parts.outerAlgorithm.end),
        "no signature, lengths consistent": derEncode(0x30, Buffer.concat([raw(parts.tbs), raw(parts.outerAlgorithm)])),
        "explicit version v1": (() => {
          const copy = Buffer.from(der);
          copy[parts.version!.start + 2] = 0;
          return copy;
        })(),
        "a critical BOOLEAN that is not DER TRUE": (() => {
          const at = der.indexOf(Buffer.from([0x01, 0x01, 0xff]), parts.extensions!.start);
          const copy = Buffer.from(der);
          copy[at + 2] = 0x01;
          return copy;
        })(),
        "a UTCTime without Z": (() => {
          const copy = Buffer.from(der);
          copy[derTlvEnd(der, parts.validity.start) - 1] = 0x30;
          return copy;
        })(),
      };
      for (const [what, mutated] of Object.entries(cases)) {
        await refusal(identityOf("Org1MSP", pemOfDer(mutated)), what).to.be.revertedWithCustomError(membership, "CertificateMalformed");
      }
    });
  });

  describe("peers: removal (ADMIN)", () => {
    it("removes a peer: endorser() reports bit 0, PeerRemoved is emitted", async () => {
      const peer = await registerPeer(org1);
      await expect(membership.removePeer(peer)).to.emit(membership, "PeerRemoved").withArgs(peer);
      expect(await membership.endorser(peer)).to.deep.equal([ethers.ZeroHash, ethers.ZeroHash, 0n, ethers.ZeroAddress]);
    });

    it("a removed peer cannot register again", async () => {
      const peer = await registerPeer(org1);
      await (await membership.removePeer(peer)).wait();
      await refusal(serializedIdentity(org1.peer)).to.be.revertedWithCustomError(membership, "PeerAlreadyRegistered").withArgs(peer);
    });

    it("refuses to remove an unknown or removed peer with UnknownEndorser", async () => {
      await expect(membership.removePeer(ethers.ZeroHash)).to.be.revertedWithCustomError(membership, "UnknownEndorser").withArgs(ethers.ZeroHash);
      const peer = await registerPeer(org1);
      await (await membership.removePeer(peer)).wait();
      await expect(membership.removePeer(peer)).to.be.revertedWithCustomError(membership, "UnknownEndorser").withArgs(peer);
    });
  });
});

/** The certificate with its signature BIT STRING's DER signature replaced (lengths adjusted). */
function replaceSignature(der: Buffer, signature: Uint8Array): Buffer {
  const parts = certificateParts(der);
  const bitString = derEncode(0x03, Buffer.concat([Buffer.from([0]), signature]));
  return derEncode(0x30, Buffer.concat([der.subarray(parts.tbs.offset, parts.outerAlgorithm.end), bitString]));
}

/** Where the first TLV inside a SEQUENCE's content ends. */
function derTlvEnd(der: Buffer, at: number): number {
  const length = der[at + 1]!;
  return at + 2 + length;
}

describe("FabricMembership (EVM) against the reference (core/interop/membership.ts)", function () {
  let membership: FabricMembership;
  let model: FabricMembershipModel;

  before(async () => {
    const [admin] = await ethers.getSigners();
    const roles = await new RoleRegistry__factory(admin).deploy(admin.address);
    membership = await new FabricMembership__factory(admin).deploy(await roles.getAddress(), CHANNEL_ID, CHAINCODE_NAME);
    model = new FabricMembershipModel(CHANNEL_ID, CHAINCODE_NAME);
    for (const { mspId, organization, ca } of [org1, org2]) {
      await (await membership.registerOrganization(mspId, organization.caKeyX, organization.caKeyY, organization.caSubject)).wait();
      model.registerOrganization(mspId, certificateAuthorityOf(ca.caCertificatePem));
    }
  });

  /**
   * The reference's verdict on registering `identity`. Its ASN.1 library throws plain errors
   * on some values it cannot write back (a UTCTime-tagged name attribute that is no time):
   * outside its try, so not an InteropError, but what it means is CertificateMalformed.
   */
  function referenceVerdict(identity: Uint8Array): string {
    try {
      const peer = model.registerPeer(identity);
      model.removePeer(peer);
      return "ok";
    } catch (error) {
      if (error instanceof InteropError) return error.code;
      if ((error as Error).message === "Wrong input string for conversion") return "CertificateMalformed";
      throw error;
    }
  }

  async function evmVerdict(identity: Uint8Array): Promise<string> {
    try {
      await membership.registerPeer.staticCall(identity);
      return "ok";
    } catch (error) {
      const data = (error as { data?: string }).data;
      const parsed = typeof data === "string" ? membership.interface.parseError(data) : null;
      if (!parsed) throw error;
      return parsed.name;
    }
  }

  async function compare(mutations: Iterable<[what: string, identity: Uint8Array]>): Promise<void> {
    const seen = new Map<string, number>();
    const disagreements: string[] = [];
    let count = 0;
    for (const [what, identity] of mutations) {
      const [expected, actual] = [referenceVerdict(identity), await evmVerdict(identity)];
      seen.set(actual, (seen.get(actual) ?? 0) + 1);
      count++;
      if (actual !== expected) disagreements.push(`${what}: EVM ${actual}, reference ${expected}`);
    }
    console.log(`      ${count} mutations: ${[...seen].map(([name, n]) => `${name} ${n}`).join(", ")}`);
    expect(disagreements).to.deep.equal([]);
  }

  it("judges every single-byte mutation of a peer's SerializedIdentity (two flips a byte) as the reference does", async function () {
    this.timeout(300_000);
    const identity = serializedIdentity(org1.peer);
    await compare(
      (function* () {
        for (let index = 0; index < identity.length; index++) {
          for (const flip of new Set([0x01 << index % 8, 0x80])) {
            const mutated = Buffer.from(identity);
            mutated[index]! ^= flip;
            yield [`byte ${index} ^ ${flip.toString(16)}`, mutated] as [string, Uint8Array];
          }
        }
      })(),
    );
  });

  it("judges every single-byte mutation of its certificate's DER (two flips a byte, re-armoured) as the reference does", async function () {
    this.timeout(300_000);
    const der = Buffer.from(certificateDer(org2.peer.certificatePem));
    await compare(
      (function* () {
        for (let index = 0; index < der.length; index++) {
          for (const flip of new Set([0x01 << index % 8, 0xff])) {
            const mutated = Buffer.from(der);
            mutated[index]! ^= flip;
            yield [`DER byte ${index} ^ ${flip.toString(16)}`, serializedIdentity({ mspId: "Org2MSP", certificatePem: pemOfDer(mutated) })] as [string, Uint8Array];
          }
        }
      })(),
    );
  });
});
