// Minimal typings for the part of chrome-remote-interface 0.34 the journeys use (the package ships none).
declare module 'chrome-remote-interface' {
  interface CdpTarget {
    id: string;
    type: string;
    url: string;
    webSocketDebuggerUrl?: string;
  }
  interface CdpClient {
    send(method: string, params?: object): Promise<unknown>;
    on(event: string, listener: (params: any) => void): void;
    close(): Promise<void>;
  }
  interface CdpOptions {
    host?: string;
    port?: number;
    target?: string | CdpTarget | ((targets: CdpTarget[]) => CdpTarget | number);
    local?: boolean;
  }
  function CDP(options?: CdpOptions): Promise<CdpClient>;
  namespace CDP {
    export type Client = CdpClient;
    export type Target = CdpTarget;
    function List(options?: { host?: string; port?: number }): Promise<CdpTarget[]>;
  }
  export default CDP;
}
