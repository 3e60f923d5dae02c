import { Command } from 'commander';
import { registerAnalyzeCommand } from './commands/analyze.js';
import { registerChaosCommands } from './commands/chaos.js';
import { registerClusterCommands } from './commands/cluster.js';
import { registerDoctorCommand } from './commands/doctor.js';
import { registerKubeCommands } from './commands/kube.js';
import { registerLoadCommands } from './commands/load.js';
import { registerReportCommand } from './commands/report.js';
import { registerRunCommand } from './commands/run.js';

const program = new Command()
  .name('resilience')
  .description('Resilience test suite for microservice shops: journeys, k6 load and Chaos Mesh faults, on Kubernetes or the embedded local cluster')
  .showHelpAfterError();

registerDoctorCommand(program);
registerClusterCommands(program);
registerKubeCommands(program);
registerLoadCommands(program);
registerChaosCommands(program);
registerRunCommand(program);
registerReportCommand(program);
registerAnalyzeCommand(program);

program.parseAsync(process.argv).catch((err: Error) => {
  console.error(`resilience: ${err.message}`);
  process.exit(err.name === 'ManifestError' ? 2 : 1);
});
