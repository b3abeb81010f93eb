/** The ProposalResponsePayload walk against payloads built with fabric-protos' own encoder. */
import { expect } from "chai";
import { ledger, peer } from "@hyperledger/fabric-protos";
import { readProposalResponsePayload } from "../../core/interop/proposal-response.js";
import { ProtobufError } from "../../core/interop/protobuf.js";

function prp(options: { status?: number; writes?: boolean; event?: boolean } = {}): Uint8Array {
  const kv = new ledger.rwset.kvrwset.KVRWSet();
  const read = new ledger.rwset.kvrwset.KVRead();
  read.setKey("binding~gs1~0950600013435");
  kv.addReads(read);
  if (options.writes) {
    const write = new ledger.rwset.kvrwset.KVWrite();
    write.setKey("x");
    write.setValue(new Uint8Array([1]));
    kv.addWrites(write);
  }
  const ns = new ledger.rwset.NsReadWriteSet();
  ns.setNamespace("twinledger");
  ns.setRwset(kv.serializeBinary());
  const lifecycle = new ledger.rwset.NsReadWriteSet();
  lifecycle.setNamespace("_lifecycle");
  lifecycle.setRwset(new ledger.rwset.kvrwset.KVRWSet().serializeBinary());
  const results = new ledger.rwset.TxReadWriteSet();
  results.setDataModel(ledger.rwset.TxReadWriteSet.DataModel.KV);
  results.setNsRwsetList([lifecycle, ns]);

  const event = new peer.ChaincodeEvent();
  event.setChaincodeId("twinledger");
  event.setTxId("cd".repeat(32));
  event.setEventName("FactProof");
  event.setPayload(new Uint8Array([9, 9]));
  const response = new peer.Response();
  response.setStatus(options.status ?? 200);
  const id = new peer.ChaincodeID();
  id.setName("twinledger");
  id.setVersion("1");
  const action = new peer.ChaincodeAction();
  action.setResults(results.serializeBinary());
  if (options.event !== false) action.setEvents(event.serializeBinary());
  action.setResponse(response);
  action.setChaincodeId(id);
  const payload = new peer.ProposalResponsePayload();
  payload.setProposalHash(new Uint8Array(32).fill(7));
  payload.setExtension$(action.serializeBinary());
  return payload.serializeBinary();
}

describe("interop: ProposalResponsePayload walk", () => {
  it("reads proposal hash, status, chaincode, event and that nothing was written", () => {
    const answer = readProposalResponsePayload(prp());
    expect([...answer.proposalHash]).to.deep.equal(Array(32).fill(7));
    expect(answer).to.deep.include({ status: 200, chaincodeName: "twinledger", writtenNamespaces: [] });
    expect(answer.event).to.deep.include({ chaincodeId: "twinledger", txId: "cd".repeat(32), name: "FactProof" });
    expect([...answer.event!.payload]).to.deep.equal([9, 9]);
  });

  it("names the namespace a simulation wrote to", () => {
    expect(readProposalResponsePayload(prp({ writes: true })).writtenNamespaces).to.deep.equal(["twinledger"]);
  });

  it("reports another status and a missing event as they are", () => {
    expect(readProposalResponsePayload(prp({ status: 500 })).status).to.equal(500);
    expect(readProposalResponsePayload(prp({ event: false })).event).to.equal(undefined);
  });

  it("refuses every truncation of a real payload", () => {
    const bytes = prp();
    let refused = 0;
    for (let length = 0; length < bytes.length; length++) {
      try {
        readProposalResponsePayload(bytes.subarray(0, length));
      } catch (error) {
        expect(error).to.be.instanceOf(ProtobufError);
        refused++;
      }
    }
    expect(refused).to.equal(bytes.length);
  });
});
