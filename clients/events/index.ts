export { afterPosition, watchEvents, type WatchOptions } from "./watch.js";
export { fileCheckpoint, memoryCheckpoint, type EventCheckpoint, type EventPosition } from "./checkpoint.js";
