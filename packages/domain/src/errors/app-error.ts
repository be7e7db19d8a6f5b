/**
 * Root of every error the service raises on purpose. Each concrete error carries a stable,
 * machine-readable `code` (UPPER_SNAKE) that clients and logs can rely on; the message is for
 * humans. Errors never know about HTTP: the api layer maps their kind to a status.
 */
export abstract class AppError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}
