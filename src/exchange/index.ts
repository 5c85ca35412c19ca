export * from "./admin-client";
export * from "./errors";
export * from "./params";
export * from "./retry";
export { HttpTransportError } from "../identity/http";
