/** The outbound agent of the cluster's services: keep-alive connections, up to 256 at once per destination. */
import http from 'node:http';

export function keepAliveAgent(): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: 256 });
}
