import { InvalidCaptureFieldError } from './errors/invalid-capture-field-error.js';

/** The largest dimension an embedding space may have. */
export const MAX_EMBEDDING_DIMENSION = 4096;

/**
 * A point in the embedding space of artifacts and subspace centroids: exactly `dimension` finite
 * numbers, not all zero (a zero vector has no direction, so no cosine similarity). Holds a frozen
 * copy of the numbers it was made from: changing the caller's array later changes nothing here.
 */
export class EmbeddingVector {
  readonly values: readonly number[];
  readonly #norm: number;

  private constructor(values: readonly number[], norm: number) {
    this.values = values;
    this.#norm = norm;
    Object.freeze(this);
  }

  /**
   * @param path the field name reported when `raw` is invalid (`embedding`, `centroid`).
   * @throws InvalidCaptureFieldError (`INVALID_EMBEDDING`) naming `path` when `raw` has another
   *   length than `dimension`, a value that is not a finite number, or only zeros.
   */
  static of(raw: readonly unknown[], dimension: number, path = 'embedding'): EmbeddingVector {
    if (!Number.isInteger(dimension) || dimension < 1 || dimension > MAX_EMBEDDING_DIMENSION) {
      throw new RangeError(`An embedding dimension is a whole number from 1 to ${MAX_EMBEDDING_DIMENSION}`);
    }
    const invalid = (reason: string): InvalidCaptureFieldError => new InvalidCaptureFieldError('INVALID_EMBEDDING', path, reason);
    if (!Array.isArray(raw) || raw.length !== dimension) throw invalid(`must have exactly ${dimension} numbers`);
    const values: number[] = new Array<number>(dimension);
    let sumOfSquares = 0;
    for (let i = 0; i < dimension; i += 1) {
      const value: unknown = raw[i];
      if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid('must contain finite numbers only');
      values[i] = value;
      sumOfSquares += value * value;
    }
    if (sumOfSquares === 0) throw invalid('must not be all zeros');
    return new EmbeddingVector(Object.freeze(values), Math.sqrt(sumOfSquares));
  }

  get dimension(): number {
    return this.values.length;
  }

  /**
   * Cosine similarity, from -1 (opposite) to 1 (same direction).
   * @throws RangeError when the vectors have different dimensions.
   */
  cosineSimilarity(other: EmbeddingVector): number {
    if (other.dimension !== this.dimension) throw new RangeError('Cosine similarity needs two vectors of one dimension');
    // Same length, checked above.
    const dot = this.values.reduce((sum, value, i) => sum + value * (other.values[i] as number), 0);
    return Math.max(-1, Math.min(1, dot / (this.#norm * other.#norm)));
  }

  equals(other: EmbeddingVector): boolean {
    return this.dimension === other.dimension && this.values.every((value, i) => value === other.values[i]);
  }
}
