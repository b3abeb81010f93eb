export { afterPosition, watchEvents, type WatchOptions } from "./watch.js";
export { fileCheckpoint, memoryCheckpoint, positionOf, recordHandled, type EventCheckpoint, type EventPosition } from "./checkpoint.js";
