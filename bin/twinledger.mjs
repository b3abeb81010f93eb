#!/usr/bin/env node
// The installed `twinledger` command (package.json "bin"; `npx twinledger …`): runs the
// TypeScript CLI, scripts/cli/main.ts, through tsx's loader in this same Node process.
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  console.error(
    `twinledger: Node ${process.versions.node} is too old (>= 22.13 needed); ` +
      "run it as `npx twinledger …` or `npm run -s cli -- …`, which use the project's Node 22",
  );
  process.exit(3);
}
const { register } = await import("tsx/esm/api");
register();
await import(new URL("../scripts/cli/main.ts", import.meta.url).href);
