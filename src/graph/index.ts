export * from "./domains-client";
export * from "./errors";
