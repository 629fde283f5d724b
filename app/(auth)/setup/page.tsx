import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SetupOwnerForm } from "@/components/auth/setup-owner-form";
import { getDb } from "@/lib/server/db";
import { countUsers } from "@/lib/users/manage-users";

export const metadata: Metadata = { title: "Create the owner account" };
export const dynamic = "force-dynamic";

export default async function SetupPage() {
  if ((await countUsers(getDb())) > 0) redirect("/sign-in");
  return <SetupOwnerForm />;
}
