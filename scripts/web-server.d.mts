export declare function clientAddress(forwardedFor: string | string[] | undefined, peer: string | undefined, trustedProxies: number): string | null;
export declare function trustedProxiesFrom(value: string | undefined): number;
