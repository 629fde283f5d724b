import { z } from "zod";

/**
 * The parts of X's success bodies the client relies on (x-ads-api.md §1.5, §4). Unknown keys are
 * allowed: X adds fields over time and that must not break Sluice.
 */

export const accountSchema = z.object({
  id: z.string(),
  name: z.string(),
  business_name: z.string().nullable().optional(),
  timezone: z.string(),
  approval_status: z.string(),
  deleted: z.boolean(),
  created_at: z.string(),
});

export const webEventTagSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  status: z.string(),
  website_tag_id: z.string(),
  click_window: z.number(),
  view_through_window: z.number(),
  deleted: z.boolean(),
  last_tracked_at: z.string().nullable().optional(),
});

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), next_cursor: z.string().nullable().optional() });
}

export const userAccessSchema = z.object({
  data: z.object({ user_id: z.string(), permissions: z.array(z.string()) }),
});

export const conversionsSuccessSchema = z.object({
  data: z.object({ conversions_processed: z.number().int(), debug_id: z.string() }),
});
