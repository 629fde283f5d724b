export declare const WORKER_BUNDLE: string;
export declare const WORKER_NODE_OPTIONS: string[];
export declare function buildWorker(): Promise<string>;
export declare const WORKER_ENV: Record<string, string>;
export declare function workerEnv(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
