/**
 * Requests the browser could not complete, from CDP's Network domain (both drivers have a CDP session): a journey's
 * failure names them, so a stylesheet blocked by the browser's host policy reads as such and not as a layout bug.
 */
import type { CdpSession, FailedRequest } from './driver.js';

export class NetworkLog {
  private readonly requests = new Map<string, { url: string; type: string }>();
  private readonly failed: FailedRequest[] = [];

  constructor(cdp: CdpSession) {
    cdp.on('Network.requestWillBeSent', (e: { requestId: string; request: { url: string }; type?: string }) => {
      this.requests.set(e.requestId, { url: e.request.url, type: e.type ?? 'Other' });
    });
    cdp.on('Network.loadingFailed', (e: { requestId: string; errorText: string; type?: string; canceled?: boolean; blockedReason?: string }) => {
      if (e.canceled) return; // a navigation away cancels what the old page still loaded: not a failure
      const req = this.requests.get(e.requestId);
      if (!req || req.url.startsWith('data:')) return;
      this.failed.push({
        url: req.url,
        reason: e.blockedReason ? `${e.errorText} (${e.blockedReason})` : e.errorText,
        type: e.type ?? req.type,
        // The host resolver rules answer every host not allowed with NOTFOUND.
        blockedByPolicy: e.errorText === 'net::ERR_NAME_NOT_RESOLVED' || Boolean(e.blockedReason),
      });
    });
  }

  all(): FailedRequest[] {
    return [...this.failed];
  }
}

/** A line per failed request, render-blocking ones (stylesheets, fonts) first. */
export function describeFailedRequests(failed: FailedRequest[]): string {
  const weight = (r: FailedRequest) => (r.type === 'Stylesheet' ? 0 : r.type === 'Font' ? 1 : r.type === 'Document' ? 2 : 3);
  return [...failed]
    .sort((a, b) => weight(a) - weight(b))
    .map((r) => `${r.type} ${r.url}: ${r.reason}${r.blockedByPolicy ? ' — blocked by the browser network policy (allow its host with E2E_ALLOW_HOSTS)' : ''}`)
    .join('\n');
}
