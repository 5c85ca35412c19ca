export * from "./issues";
export * from "./settings";
export * from "./values";
export * from "./rules";
