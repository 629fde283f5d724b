export declare function clientAddress(
  forwardedFor: string | string[] | undefined,
  peer: string | undefined,
  trustedProxies: number,
): string | null;
export declare function trustedProxiesFrom(value: string | undefined): number;
export declare function trustForwardedHeaders(
  headers: Record<string, string | string[] | undefined>,
  peer: string | undefined,
  trustedProxies: number,
): void;
