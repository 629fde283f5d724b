import { z } from "zod";

/**
 * Injected failures, so tests and demos can see how Sluice copes with a bad day at X without
 * sleeping or waiting for luck. A rule fires for the next N matching requests, or with a
 * probability drawn from a seeded generator (the same seed gives the same sequence).
 */

export const FAULT_KINDS = ["500", "503", "429", "slow", "timeout", "drop", "undercount"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const faultRuleInputSchema = z
  .object({
    kind: z.enum(FAULT_KINDS),
    /** Fire for this many matching requests, then retire. */
    count: z.number().int().positive().optional(),
    /** Fire on each matching request with this probability (until cleared). */
    probability: z.number().min(0).max(1).optional(),
    /** Only requests whose path contains this text, e.g. "/measurement/conversions". */
    pathIncludes: z.string().optional(),
    /** For "slow": how long to wait before answering normally. */
    delayMs: z.number().int().min(0).max(600_000).optional(),
    /** For "503" (as `retry-after`) and "429" (reset = now + this). */
    retryAfterSeconds: z.number().int().min(0).optional(),
  })
  .refine((r) => (r.count === undefined) !== (r.probability === undefined), {
    message: "give exactly one of count or probability",
  });

export type FaultRuleInput = z.infer<typeof faultRuleInputSchema>;
export type FaultRule = FaultRuleInput & { id: number; fired: number };

/** mulberry32: tiny, fast, deterministic; quality is ample for fault sampling. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private rules: FaultRule[] = [];
  private nextId = 1;
  private random: () => number;

  constructor(private readonly randomSeed: number) {
    this.random = seededRandom(randomSeed);
  }

  add(input: FaultRuleInput): FaultRule {
    const rule: FaultRule = { ...input, id: this.nextId++, fired: 0 };
    this.rules.push(rule);
    return rule;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  clear(): void {
    this.rules = [];
    this.random = seededRandom(this.randomSeed);
  }

  /** The first rule that fires for this path, counted as used; null when none does. */
  take(path: string): FaultRule | null {
    for (const rule of this.rules) {
      if (rule.pathIncludes !== undefined && !path.includes(rule.pathIncludes)) continue;
      const fires = rule.count !== undefined ? rule.fired < rule.count : this.random() < (rule.probability ?? 0);
      if (!fires) continue;
      rule.fired += 1;
      if (rule.count !== undefined && rule.fired >= rule.count) this.rules = this.rules.filter((r) => r !== rule);
      return { ...rule };
    }
    return null;
  }
}
