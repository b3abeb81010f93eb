/**
 * The record store behind the EVM client's listings (clients/evm/record-store.ts): its pages
 * are those of sorting and filtering every record's latest state, and a layer's changes show in
 * the layer's pages only.
 */
import { expect } from "chai";
import fc from "fast-check";
import { RecordStore } from "../../clients/evm/record-store.js";

interface Row {
  id: string;
  holder: string;
}
const IDS = ["a", "b", "B", "c", "d-1", "d", "e", "é"];
const HOLDERS = ["h1", "h2", "h3"];
const change = fc.record({ id: fc.constantFrom(...IDS), holder: fc.constantFrom(...HOLDERS) });

function storeOf(rows: Row[], into = new RecordStore<Row>((row) => ({ holder: [row.holder] }))): RecordStore<Row> {
  rows.forEach((value, n) => into.push({ txId: `tx${n}`, timestamp: n, value }));
  return into;
}

/** The page by the definition: every id's latest row with that holder, ascending id, from the bookmark on. */
function expectedPage(rows: Row[], holder: string, pageSize: number, bookmark: string) {
  const latest = new Map(rows.map((row) => [row.id, row]));
  const mine = [...latest.values()].filter((row) => row.holder === holder && (bookmark === "" || row.id >= bookmark)).sort((x, y) => (x.id < y.id ? -1 : 1));
  return { items: mine.slice(0, pageSize), bookmark: mine[pageSize]?.id ?? "" };
}

describe("EVM record store (clients/evm/record-store.ts)", () => {
  it("pages a listing as sorting and filtering every record's latest state would, from any bookmark", () => {
    fc.assert(
      fc.property(fc.array(change, { maxLength: 40 }), fc.constantFrom(...HOLDERS), fc.integer({ min: 1, max: 5 }), fc.constantFrom("", ...IDS), (rows, holder, pageSize, bookmark) => {
        expect(storeOf(rows).page("holder", holder, pageSize, bookmark)).to.deep.equal(expectedPage(rows, holder, pageSize, bookmark));
      }),
      { numRuns: 400 },
    );
  });

  it("pages a layer as if its changes followed the kept ones, and leaves the kept store's pages as they were", () => {
    fc.assert(
      fc.property(fc.array(change, { maxLength: 30 }), fc.array(change, { maxLength: 8 }), fc.constantFrom(...HOLDERS), fc.integer({ min: 1, max: 5 }), fc.constantFrom("", ...IDS), (kept, recent, holder, pageSize, bookmark) => {
        const store = storeOf(kept);
        const layer = storeOf(recent, store.layer());
        expect(layer.page("holder", holder, pageSize, bookmark)).to.deep.equal(expectedPage([...kept, ...recent], holder, pageSize, bookmark));
        expect(store.page("holder", holder, pageSize, bookmark)).to.deep.equal(expectedPage(kept, holder, pageSize, bookmark));
      }),
      { numRuns: 400 },
    );
  });

  it("keeps each record's history in the order pushed, a layer's entries after the kept ones", () => {
    const store = storeOf([{ id: "a", holder: "h1" }, { id: "a", holder: "h2" }]);
    const layer = storeOf([{ id: "a", holder: "h3" }], store.layer());
    expect(layer.history("a")!.map((entry) => entry.value.holder)).to.deep.equal(["h1", "h2", "h3"]);
    expect(store.history("a")!.map((entry) => entry.value.holder)).to.deep.equal(["h1", "h2"]);
    expect(store.first("holder", "h2")).to.deep.equal({ id: "a", holder: "h2" });
    expect(store.first("holder", "h1")).to.equal(undefined);
  });
});
