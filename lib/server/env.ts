import "server-only";
export { getEnv } from "../config/env";
