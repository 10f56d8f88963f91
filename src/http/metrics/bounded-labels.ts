/** The label value everything beyond the bound is counted under. */
export const OTHER = 'other';

/**
 * Label values with a ceiling: the first `max` distinct values seen keep their own
 * label, later ones become `other`. Prometheus keeps one series per label set, so a label
 * taken from data (a tenant id) must not grow with the data.
 *
 * @example const tenants = new BoundedLabels(100); tenants.of(tenantId) // the id, or 'other'
 */
export class BoundedLabels {
  private readonly seen = new Set<string>();

  constructor(private readonly max: number) {}

  of(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.max) return OTHER;
    this.seen.add(value);
    return value;
  }
}
