import { listDestinationRunsRoute, startRunRoute } from "@/lib/api/api-handlers";

export const dynamic = "force-dynamic";

export const GET = listDestinationRunsRoute;
export const POST = startRunRoute;
