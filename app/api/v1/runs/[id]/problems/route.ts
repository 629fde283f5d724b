import { listRunProblemsRoute } from "@/lib/api/api-handlers";

export const dynamic = "force-dynamic";

export const GET = listRunProblemsRoute;
