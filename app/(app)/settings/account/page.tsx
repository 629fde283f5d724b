import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/settings/change-password-form";
import { SettingsNav } from "@/components/settings/settings-nav";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { ROLE_LABELS, hasRole } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/server/auth";
import { getEnv } from "@/lib/server/env";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const user = await requirePageUser("VIEWER");
  const hours = getEnv().SLUICE_SESSION_HOURS;
  return (
    <>
      <PageHeader title="Settings" description="Your own account." />
      <SettingsNav current="/settings/account" isOwner={hasRole(user.role, "OWNER")} />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_320px]">
        <ChangePasswordForm />
        <Card className="self-start">
          <CardHeader title={user.name} description={user.email} />
          <CardBody className="space-y-2 text-sm text-muted-foreground">
            <p>
              Role: <span className="font-medium text-foreground">{ROLE_LABELS[user.role]}</span>
            </p>
            <p>
              A session lasts {hours} {hours === 1 ? "hour" : "hours"} from sign-in. Signing out, or changing your
              password, ends your sessions on every device.
            </p>
          </CardBody>
        </Card>
      </div>
    </>
  );
}
