import { redirect } from "next/navigation";
import { requirePageUser } from "@/lib/server/auth";

export default async function HomePage() {
  await requirePageUser("VIEWER");
  redirect("/destinations");
}
