import type { ServerResponse } from "node:http";
import { z } from "zod";
import { faultRuleInputSchema } from "./faults";
import type { StandinRequest } from "./http-io";
import { sendJson } from "./http-io";
import { defaultSeed } from "./seed";
import { standinSeedSchema } from "./seed-schema";
import type { StandinState } from "./standin-state";
import { valueRejectionsInputSchema } from "./value-rejections";

/**
 * The stand-in's own API for tests and demos, under /_standin/ so it can never be mistaken for
 * X's. No authentication: the server only listens on 127.0.0.1. Faults never apply here.
 */

type ControlHandler = (state: StandinState, body: unknown, req: StandinRequest) => unknown;

const seedBody = z.union([z.object({ preset: z.literal("default") }), standinSeedSchema]);
const userBody = z.object({ user_id: z.string(), consumer_key: z.string().optional() });
const pixelBody = z.object({ pixel_id: z.string() });
const clockBody = z.object({ advance_seconds: z.number().positive() });
const rateLimitBody = z.object({
  conversions_per_window: z.number().int().positive().optional(),
  reads_per_window: z.number().int().positive().optional(),
});

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function rateLimits(state: StandinState) {
  return { conversions_per_window: state.conversionLimiter.limit, reads_per_window: state.readLimiter.limit };
}

const ROUTES: Record<string, ControlHandler> = {
  "GET /_standin/health": () => ({ ok: true }),
  "GET /_standin/seed": (state) => state.world.seed,
  "POST /_standin/seed": (state, body) => {
    const input = seedBody.parse(body);
    state.loadSeed("preset" in input ? defaultSeed() : input);
    return { ok: true };
  },
  "POST /_standin/reset": (state) => {
    state.reset();
    return { ok: true };
  },
  "GET /_standin/conversions": (state, _body, req) => {
    const q = req.url.searchParams;
    const filter = {
      pixelId: q.get("pixel_id") ?? undefined,
      eventId: q.get("event_id") ?? undefined,
      conversionId: q.get("conversion_id") ?? undefined,
    };
    return state.conversions.list(filter, Number(q.get("offset") ?? 0), Number(q.get("limit") ?? 1000));
  },
  "GET /_standin/requests": (state) => ({ requests: state.requestLog }),
  "GET /_standin/faults": (state) => ({ faults: state.faults.list() }),
  "POST /_standin/faults": (state, body) => state.faults.add(faultRuleInputSchema.parse(body)),
  "DELETE /_standin/faults": (state) => {
    state.faults.clear();
    return { ok: true };
  },
  "GET /_standin/rejections": (state) => ({ values: state.rejectedValues.list() }),
  "POST /_standin/rejections": (state, body) => {
    state.rejectedValues.add(valueRejectionsInputSchema.parse(body));
    return { values: state.rejectedValues.list() };
  },
  "DELETE /_standin/rejections": (state) => {
    state.rejectedValues.clear();
    return { ok: true };
  },
  "POST /_standin/tokens": (state, body) => {
    const input = userBody.parse(body);
    const user = state.world.user(input.user_id);
    if (!user) throw new ControlError(404, `no seeded user ${input.user_id}`);
    const consumerKey = input.consumer_key ?? state.world.seed.apps[0]?.consumerKey ?? "";
    const issued = state.issueAccessToken(user.id, consumerKey);
    return {
      oauth_token: issued.token,
      oauth_token_secret: issued.secret,
      user_id: user.id,
      screen_name: user.screenName,
    };
  },
  "POST /_standin/tokens/revoke": (state, body) => ({ revoked: state.revokeUserTokens(userBody.parse(body).user_id) }),
  "POST /_standin/pixel-tokens": (state, body) => {
    const { pixel_id } = pixelBody.parse(body);
    if (!state.world.pixel(pixel_id)) throw new ControlError(404, `no seeded pixel ${pixel_id}`);
    return { token: state.issuePixelToken(pixel_id), pixel_id };
  },
  "POST /_standin/clock": (state, body) => {
    state.advanceClock(clockBody.parse(body).advance_seconds * 1000);
    return { now: new Date(state.now()).toISOString() };
  },
  "GET /_standin/rate-limit": (state) => rateLimits(state),
  "POST /_standin/rate-limit": (state, body) => {
    const input = rateLimitBody.parse(body);
    if (input.conversions_per_window !== undefined) state.conversionLimiter.limit = input.conversions_per_window;
    if (input.reads_per_window !== undefined) state.readLimiter.limit = input.reads_per_window;
    return rateLimits(state);
  },
};

export function handleControlRoute(state: StandinState, req: StandinRequest, res: ServerResponse): void {
  const handler = ROUTES[`${req.method} ${req.url.pathname}`];
  if (!handler) return sendJson(res, 404, { error: `unknown control route ${req.method} ${req.url.pathname}` });
  try {
    const body: unknown = req.rawBody.trim() === "" ? {} : JSON.parse(req.rawBody);
    sendJson(res, 200, handler(state, body, req));
  } catch (error) {
    if (error instanceof ControlError) return sendJson(res, error.status, { error: error.message });
    if (error instanceof z.ZodError) return sendJson(res, 400, { error: "invalid body", issues: error.issues });
    if (error instanceof SyntaxError) return sendJson(res, 400, { error: "body is not valid JSON" });
    throw error;
  }
}
