/**
 * A child that dies with this process, even when this process is SIGKILLed (no exit handler runs then).
 * On Linux, util-linux's `setpriv --pdeathsig KILL` asks the kernel to SIGKILL the child the moment its parent
 * (this process) is gone, then execs the command, so the child keeps its pid. Where setpriv is missing, the command
 * is returned as it is, and only the exit handlers (killWithThisProcess) stop the child.
 */
import { existsSync } from 'node:fs';

const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => process.platform === 'linux' && existsSync(p));

/** Whether children started through {@link diesWithThisProcess} are killed by the kernel when this process dies. */
export const parentDeathSignalAvailable = SETPRIV !== undefined;

/** The command line that runs `command args…` as a child that cannot outlive this process. */
export function diesWithThisProcess(command: string, args: readonly string[]): { command: string; args: string[] } {
  if (!SETPRIV) return { command, args: [...args] };
  return { command: SETPRIV, args: ['--pdeathsig', 'KILL', '--', command, ...args] };
}
