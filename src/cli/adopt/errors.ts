/** A command of the adoption path that cannot go on; the message names the flag, file or variable and the fix. */
export class AdoptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AdoptError";
  }
}
