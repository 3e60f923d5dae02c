// The `resilience run` command on its own, for tests that spawn it (cli/main.ts wires it for users).
import { Command } from 'commander';
import { registerRunCommand } from '../../cli/commands/run.js';

const program = new Command().name('resilience');
registerRunCommand(program);
await program.parseAsync(process.argv);
