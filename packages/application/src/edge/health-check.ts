/**
 * One dependency's health probe for readiness. `check` resolves when the dependency answers and
 * rejects (or times out) when it does not. A `required` dependency that fails makes the service
 * not ready; an optional one only reports `degraded`.
 */
export interface HealthCheck {
  readonly name: string;
  readonly required: boolean;
  check(): Promise<void>;
}
