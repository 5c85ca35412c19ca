export * from "./admin-client";
export * from "./errors";
export * from "./params";
export * from "../identity/retry";
export { HttpTransportError } from "../identity/http";
