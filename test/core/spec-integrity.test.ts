import { expect } from "chai";
import { EVENTS, OPERATIONS, PRIMITIVES, utf8Length, isUri } from "../../core/index.js";

describe("core: the spec is self-consistent", () => {
  it("every event an operation emits is declared, and every declared event is emitted by some operation", () => {
    const emitted = new Set<string>(Object.values(OPERATIONS).flatMap((operation) => ("emits" in operation ? [...operation.emits] : [])));
    for (const name of emitted) expect(EVENTS, `event ${name}`).to.have.property(name);
    for (const name of Object.keys(EVENTS)) expect(emitted.has(name), `event ${name} is never emitted`).to.equal(true);
  });

  it("every operation's events belong to its own primitive", () => {
    for (const [name, operation] of Object.entries(OPERATIONS)) {
      if (!("emits" in operation)) continue;
      for (const event of operation.emits) expect(EVENTS[event as keyof typeof EVENTS].primitive, `${name} → ${event}`).to.equal(operation.primitive);
    }
  });

  it("parameter and event field names are unique within each operation and event", () => {
    for (const [name, operation] of Object.entries(OPERATIONS)) {
      const names = operation.params.map((param) => param.name);
      expect(new Set(names).size, name).to.equal(names.length);
    }
    for (const [name, event] of Object.entries(EVENTS)) {
      const names = event.fields.map((field) => field.name);
      expect(new Set(names).size, name).to.equal(names.length);
    }
  });

  it("every primitive has operations", () => {
    for (const primitive of PRIMITIVES) {
      expect(Object.values(OPERATIONS).some((operation) => operation.primitive === primitive), primitive).to.equal(true);
    }
  });

  it("URI limits count UTF-8 bytes, not characters", () => {
    expect(utf8Length("€")).to.equal(3);
    expect(isUri("€".repeat(170) + "ab")).to.equal(true); // 512 bytes
    expect(isUri("€".repeat(171))).to.equal(false); // 513 bytes, 171 characters
  });
});
