#!/usr/bin/env node
// The repository's `twinledger` command (package.json "bin"; `npx twinledger …` in a clone):
// runs the TypeScript CLI, scripts/cli/main.ts, through tsx's loader in this same Node
// process. Outside the repository the command is @twinledger/client's, compiled JavaScript.
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  console.error(
    `twinledger: Node ${process.versions.node} is too old (>= 22.13 needed); ` +
      "run it as `npx twinledger …` or `npm run -s cli -- …`, which use the project's Node 22",
  );
  process.exit(3);
}
let tsx;
try {
  tsx = await import("tsx/esm/api");
} catch (error) {
  // tsx is a devDependency: missing when this package was installed rather than cloned.
  if (error?.code !== "ERR_MODULE_NOT_FOUND") throw error;
  console.error(
    "twinledger: this is the repository's command, which runs the TypeScript sources and needs its devDependencies (`npm ci` in the clone); " +
      "to use Twinledger from another project: npm install @twinledger/client, then npx twinledger …",
  );
  process.exit(3);
}
tsx.register();
await import(new URL("../scripts/cli/main.ts", import.meta.url).href);
