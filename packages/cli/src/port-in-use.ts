import { InvalidArgumentError } from "@mutua/sdk";

/** A `.catch` for starting a server on `port`: a taken port becomes a sentence naming the flag that set it. */
export function explainPortInUse(flag: string, port: number) {
  return (error: unknown): never => {
    if (/EADDRINUSE/.test(String((error as Error).message))) throw new InvalidArgumentError(flag, `port ${port} is already in use`);
    throw error;
  };
}
