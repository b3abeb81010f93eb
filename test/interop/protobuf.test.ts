/**
 * The strict protobuf reader against the encoder Fabric's protos ship (google-protobuf via
 * @hyperledger/fabric-protos): what a peer writes is read back; every non-canonical
 * spelling of the same message is refused.
 */
import { expect } from "chai";
import { peer } from "@hyperledger/fabric-protos";
import { ProtobufError, readMessage, readVarint, type Layout } from "../../core/interop/protobuf.js";

const CHAINCODE_EVENT: Layout = { 1: "bytes", 2: "bytes", 3: "bytes", 4: "bytes" };
const RESPONSE: Layout = { 1: "varint", 2: "bytes", 3: "bytes" };

function chaincodeEvent(): Uint8Array {
  const event = new peer.ChaincodeEvent();
  event.setChaincodeId("twinledger");
  event.setTxId("ab".repeat(32));
  event.setEventName("FactProof");
  event.setPayload(new Uint8Array([1, 2, 3]));
  return event.serializeBinary();
}

const text = (bytes: unknown) => Buffer.from(bytes as Uint8Array).toString("utf8");

describe("interop: strict protobuf reader", () => {
  it("reads a ChaincodeEvent as fabric-protos writes it", () => {
    const fields = readMessage(chaincodeEvent(), CHAINCODE_EVENT, "ChaincodeEvent");
    expect(text(fields.get(1))).to.equal("twinledger");
    expect(text(fields.get(3))).to.equal("FactProof");
    expect([...(fields.get(4) as Uint8Array)]).to.deep.equal([1, 2, 3]);
  });

  it("reads a Response status 200 as a varint", () => {
    const response = new peer.Response();
    response.setStatus(200);
    response.setMessage("ok");
    expect(readMessage(response.serializeBinary(), RESPONSE, "Response").get(1)).to.equal(200n);
  });

  it("refuses a repeated field (a second chaincode id appended)", () => {
    const bytes = Buffer.concat([chaincodeEvent(), Buffer.from([0x0a, 0x01, 0x78])]);
    expect(() => readMessage(bytes, CHAINCODE_EVENT, "ChaincodeEvent")).to.throw(ProtobufError, /out of order or repeated/);
  });

  it("refuses fields out of order", () => {
    const bytes = Buffer.from([0x12, 0x01, 0x61, 0x0a, 0x01, 0x62]);
    expect(() => readMessage(bytes, CHAINCODE_EVENT, "ChaincodeEvent")).to.throw(ProtobufError, /out of order/);
  });

  it("refuses an unknown field and a wrong wire type", () => {
    expect(() => readMessage(Buffer.from([0x2a, 0x00]), CHAINCODE_EVENT, "ChaincodeEvent")).to.throw(/unknown field 5/);
    expect(() => readMessage(Buffer.from([0x08, 0x01]), CHAINCODE_EVENT, "ChaincodeEvent")).to.throw(/wire type 0/);
  });

  it("refuses a length that runs past the end", () => {
    expect(() => readMessage(Buffer.from([0x0a, 0x05, 0x61]), CHAINCODE_EVENT, "ChaincodeEvent")).to.throw(/runs past the end/);
  });

  it("refuses non-minimal, overlong and truncated varints", () => {
    expect(() => readVarint(Uint8Array.from([0x80, 0x00]), 0)).to.throw(/not minimally encoded/);
    expect(() => readVarint(Uint8Array.from(Array(11).fill(0xff)), 0)).to.throw(/longer than 10 bytes/);
    expect(() => readVarint(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]), 0)).to.throw(/exceeds 64 bits/);
    expect(() => readVarint(Uint8Array.from([0x80]), 0)).to.throw(/runs past the end/);
    expect(readVarint(Uint8Array.from([0xc8, 0x01]), 0)).to.deep.equal([200n, 2]);
  });
});
