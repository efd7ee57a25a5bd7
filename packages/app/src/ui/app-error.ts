import { MutuaError } from "@mutua/sdk/errors";

/** An error of the app itself (its setup, the browser), with a code like every Mutua error. */
export class AppError extends MutuaError {
  constructor(code: string, message: string) {
    super(code, message);
  }
}
