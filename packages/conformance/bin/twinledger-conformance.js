#!/usr/bin/env node
// `twinledger-conformance …` is `twinledger conformance …`: the same command, router, exit codes.
process.argv.splice(2, 0, "conformance");
await import("@twinledger/client/cli/main");
