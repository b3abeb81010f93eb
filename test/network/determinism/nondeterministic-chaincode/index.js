/**
 * Test-only: the chaincode every Fabric developer is warned against. `putRandom(key)` writes
 * a random value, so two peers endorse different write sets — the Gateway's endorsement
 * mismatch, provoked on purpose to show the determinism suite's counter sees one.
 */
"use strict";
const { randomUUID } = require("node:crypto");
const { Contract } = require("fabric-contract-api");

class NondeterministicContract extends Contract {
  constructor() {
    super("probe");
  }

  async putRandom(ctx, key) {
    await ctx.stub.putState(key, Buffer.from(randomUUID(), "utf8"));
  }
}

module.exports.contracts = [NondeterministicContract];
