export * from "./clouds";
export * from "./credentials";
export * from "./environment";
export { createHttpsAgent } from "./tls";
export { sharedTokenCredential } from "./shared-token";
