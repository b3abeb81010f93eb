export * from "./spec/errors.js";
export * from "./spec/roles.js";
export * from "./spec/lifecycles.js";
export * from "./spec/rules.js";
export * from "./spec/types.js";
export * from "./spec/operations.js";
export * from "./spec/events.js";
export * from "./canonical-json.js";
