#!/usr/bin/env node
// `twinledger …`: the compiled CLI (the repository's scripts/cli/main.ts); it reads process.argv.
import "../dist/cli/main.js";
