/** `npm run -s cli -- <command> …`: routes a command to its module. */
import { runId } from "./id.js";

type Command = (args: string[]) => number | Promise<number>;

const COMMANDS: Record<string, Command> = {
  id: runId,
};

const [name, ...args] = process.argv.slice(2);
const command = name === undefined ? undefined : COMMANDS[name];
if (command === undefined) {
  console.error(`usage: cli <command> …\ncommands: ${Object.keys(COMMANDS).join(", ")}`);
  process.exitCode = 2;
} else {
  process.exitCode = await command(args);
}
