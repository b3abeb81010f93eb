/** An endorsement as a peer makes it (node:crypto P-256, low S), checked by the reference verifier. */
import { generateKeyPairSync, sign } from "node:crypto";
import { expect } from "chai";
import { msp } from "@hyperledger/fabric-protos";
import { p256 } from "@noble/curves/p256";
import { endorsementVerifies, readDerSignature, readSerializedIdentity, SignatureError } from "../../core/interop/endorsement.js";

const N = p256.CURVE.n;
const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
const jwk = publicKey.export({ format: "jwk" });
const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, "base64url"), Buffer.from(jwk.y!, "base64url")]);

const identity = new msp.SerializedIdentity();
identity.setMspid("Org1MSP");
identity.setIdBytes(Buffer.from("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"));
const endorser = identity.serializeBinary();
const prp = Buffer.from("a proposal response payload");

const der = (r: bigint, s: bigint) => Buffer.from(new p256.Signature(r, s).toDERRawBytes());
/** What a peer sends: DER over sha256(prp ‖ endorser), S folded low. */
function endorse(message: Buffer): Buffer {
  const { r, s } = readDerSignature(sign("sha256", message, privateKey));
  return der(r, s > N >> 1n ? N - s : s);
}

describe("interop: endorsement signatures", () => {
  it("a low-S signature over prp ‖ endorser verifies", () => {
    expect(endorsementVerifies(prp, endorser, endorse(Buffer.concat([prp, endorser])), point)).to.equal(true);
  });

  it("a signature over the payload alone, or by another key, does not", () => {
    expect(endorsementVerifies(prp, endorser, endorse(prp), point)).to.equal(false);
    const other = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" });
    const otherPoint = Buffer.concat([Buffer.from([4]), Buffer.from(other.x!, "base64url"), Buffer.from(other.y!, "base64url")]);
    expect(endorsementVerifies(prp, endorser, endorse(Buffer.concat([prp, endorser])), otherPoint)).to.equal(false);
  });

  it("the high-S twin of a valid signature is refused by name", () => {
    const { r, s } = readDerSignature(endorse(Buffer.concat([prp, endorser])));
    expect(() => endorsementVerifies(prp, endorser, der(r, N - s), point)).to.throw(SignatureError, /high S/);
  });

  it("DER is read strictly: one spelling per signature", () => {
    const refused = (hex: string, reason: RegExp) => expect(() => readDerSignature(Buffer.from(hex, "hex")), hex).to.throw(SignatureError, reason);
    expect(readDerSignature(Buffer.from("3006020101020102", "hex"))).to.deep.equal({ r: 1n, s: 2n });
    refused("300702020001020101", /r: not minimally encoded/);
    refused("3006020181020101", /r: negative/);
    refused("300602010102010100", /SEQUENCE spanning/);
    refused("30080201010201010500", /bytes after/);
    refused("3006020100020101", /r: out of range/);
    refused("3006030101020101", /r: not an INTEGER/);
    refused(`3026022100${"ff".repeat(32)}020101`, /r: out of range/);
  });

  it("reads the endorser's MSP id and certificate from its SerializedIdentity", () => {
    expect(readSerializedIdentity(endorser)).to.deep.equal({ mspId: "Org1MSP", certificatePem: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n" });
  });
});
