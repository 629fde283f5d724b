import { z } from "zod";

/**
 * Values the stand-in rejects as X would reject a bad one, chosen through the control API, so
 * tests and benchmarks can make X refuse particular conversions (a hash X deems invalid, an event
 * of another account) without crafting malformed data. Only fields whose errors X words with the
 * value in them (x-ads-api.md §1.6) can be chosen: that is what a sender can act on.
 */

export const REJECTABLE_PARAMETERS = [
  "event_id",
  "hashed_email",
  "hashed_phone_number",
  "twclid",
  "ip_address",
  "user_agent",
] as const;
export type RejectableParameter = (typeof REJECTABLE_PARAMETERS)[number];

export const valueRejectionsInputSchema = z.object({
  values: z.array(z.object({ parameter: z.enum(REJECTABLE_PARAMETERS), value: z.string().min(1) })).min(1),
});
export type ValueRejectionsInput = z.infer<typeof valueRejectionsInputSchema>;

export class ValueRejections {
  private readonly byParameter = new Map<string, Set<string>>();

  add(input: ValueRejectionsInput): void {
    for (const { parameter, value } of input.values) {
      const set = this.byParameter.get(parameter) ?? new Set<string>();
      set.add(value);
      this.byParameter.set(parameter, set);
    }
  }

  has(parameter: string, value: string): boolean {
    return this.byParameter.get(parameter)?.has(value) ?? false;
  }

  get size(): number {
    let n = 0;
    for (const set of this.byParameter.values()) n += set.size;
    return n;
  }

  list(): ValueRejectionsInput["values"] {
    return [...this.byParameter].flatMap(([parameter, values]) =>
      [...values].map((value) => ({ parameter: parameter as RejectableParameter, value })),
    );
  }

  clear(): void {
    this.byParameter.clear();
  }
}
