// Some of the SDK's dependencies (and a few of its own helpers) use Node's Buffer; browsers have none.
import { Buffer } from "buffer";

(globalThis as { Buffer?: typeof Buffer }).Buffer ??= Buffer;
