import type { Metadata } from "next";
import { AddUserForm } from "@/components/settings/add-user-form";
import { SettingsNav } from "@/components/settings/settings-nav";
import { UsersTable } from "@/components/settings/users-table";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { listUsers } from "@/lib/users/manage-users";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const me = await requirePageUser("OWNER");
  const users = await listUsers(getDb());
  return (
    <>
      <PageHeader title="Settings" description="Who can use this Sluice, and what they can do." />
      <SettingsNav current="/settings/users" isOwner />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_320px]">
        <UsersTable users={users} currentUserId={me.id} />
        <AddUserForm />
      </div>
    </>
  );
}
