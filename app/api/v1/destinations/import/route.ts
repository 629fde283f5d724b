import { importDestinationRoute } from "@/lib/api/api-handlers";

export const dynamic = "force-dynamic";

export const POST = importDestinationRoute;
