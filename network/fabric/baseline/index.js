/**
 * Bench-only baseline chaincode: the smallest fabric-contract-api contract, one transaction
 * `put(key, value)` that does a bare putState. No decorators: every prototype method is a
 * transaction with string arguments. fabric-contract-api resolves from the root node_modules.
 */
"use strict";
const { Contract } = require("fabric-contract-api");

class BaselineContract extends Contract {
  constructor() {
    super("baseline");
  }

  async put(ctx, key, value) {
    await ctx.stub.putState(key, Buffer.from(value, "utf8"));
  }
}

module.exports.contracts = [BaselineContract];
