export declare const WORKER_BUNDLE: string;
export declare const WORKER_NODE_OPTIONS: string[];
export declare function buildWorker(): Promise<string>;
