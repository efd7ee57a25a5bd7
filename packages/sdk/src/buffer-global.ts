// The browser entry's one side effect (why @mutua/sdk declares no "sideEffects": Vite 8 drops this module when the field
// lists it): some of the SDK's dependencies (Veramo, did-jwt) and a few of its own helpers
// use Node's Buffer, which browsers do not have. Installed only where none exists; Node's own is never replaced.
import { Buffer } from "buffer";

(globalThis as { Buffer?: typeof Buffer }).Buffer ??= Buffer;
