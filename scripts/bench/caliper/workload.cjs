'use strict';
/**
 * Hyperledger Caliper workload module of the `fabric-caliper` bench part: it replays the
 * transactions scripts/bench/caliper.ts wrote for the round (one argument list per
 * transaction), worker w sending lists w, w + workers, w + 2·workers, … — so Caliper times
 * the same transactions our own driver sends. No Twinledger logic here: ids, hashes and
 * canonical identifiers are computed by the TypeScript side, with the project's core.
 */
const { readFileSync } = require('node:fs');

class ReplayWorkload {
    async initializeWorkloadModule(workerIndex, totalWorkers, _roundIndex, roundArguments, sutAdapter) {
        const all = JSON.parse(readFileSync(roundArguments.requests, 'utf8'));
        this.argumentLists = all.filter((_args, index) => index % totalWorkers === workerIndex);
        this.next = 0;
        this.sut = sutAdapter;
        this.round = roundArguments;
    }

    async submitTransaction() {
        if (this.next >= this.argumentLists.length) {
            throw new Error(`the round asked for more than the ${this.argumentLists.length} transactions written for this worker`);
        }
        const contractArguments = this.argumentLists[this.next++];
        return this.sut.sendRequests({
            contractId: this.round.contractId,
            contractFunction: this.round.contractFunction,
            contractArguments,
            invokerIdentity: this.round.invokerIdentity,
            invokerMspId: this.round.invokerMspId,
            readOnly: false,
        });
    }

    async cleanupWorkloadModule() {}
}

module.exports.createWorkloadModule = () => new ReplayWorkload();
