"use client";

import { changeRoleAction, setUserDisabledAction, unlockUserAction } from "@/app/(app)/settings/users/actions";
import { ROLE_LABELS, ROLES, type RoleName } from "@/lib/auth/roles";
import type { UserView } from "@/lib/users/manage-users";
import { Alert } from "../ui/alert";
import { Badge } from "../ui/badge";
import { toneText } from "../ui/tone-text";
import { SubmitButton } from "../ui/submit-button";
import { Card, CardHeader } from "../ui/card";
import { DateTime } from "../ui/date-time";
import { Select } from "../ui/input";
import { useFormAction } from "../ui/use-form-action";
import { Table, Td, Th } from "../ui/table";

function RoleForm({ user }: { user: UserView }) {
  const [state, formAction, pending] = useFormAction(changeRoleAction);
  return (
    <form onSubmit={formAction} className="flex items-center gap-2">
      <input type="hidden" name="userId" value={user.id} />
      <Select
        name="role"
        defaultValue={user.role}
        aria-label={`Role of ${user.email}`}
        className="h-8 w-28"
        disabled={pending}
      >
        {ROLES.map((role: RoleName) => (
          <option key={role} value={role}>
            {ROLE_LABELS[role]}
          </option>
        ))}
      </Select>
      <SubmitButton variant="secondary" size="sm" disabled={pending}>
        Save
      </SubmitButton>
      {state && !state.ok ? (
        <span role="alert" className="text-xs text-danger">
          {state.message}
        </span>
      ) : null}
    </form>
  );
}

function DisableForm({ user, isMe }: { user: UserView; isMe: boolean }) {
  const [state, formAction, pending] = useFormAction(setUserDisabledAction);
  if (isMe) return <span className="text-xs text-muted-foreground">You</span>;
  return (
    <form onSubmit={formAction} className="flex flex-col items-end gap-1">
      <input type="hidden" name="userId" value={user.id} />
      <input type="hidden" name="disabled" value={user.disabled ? "false" : "true"} />
      <SubmitButton
        variant={user.disabled ? "secondary" : "ghost"}
        size="sm"
        disabled={pending}
        aria-label={`${user.disabled ? "Enable" : "Disable"} ${user.email}`}
      >
        {user.disabled ? "Enable" : "Disable"}
      </SubmitButton>
      {state && !state.ok ? (
        <span role="alert" className="text-xs text-danger">
          {state.message}
        </span>
      ) : null}
    </form>
  );
}

function UnlockForm({ user }: { user: UserView }) {
  // On success the page is revalidated: the Locked badge and this button go away.
  const [state, formAction, pending] = useFormAction(unlockUserAction);
  return (
    <form onSubmit={formAction} className="flex flex-col items-end gap-1">
      <input type="hidden" name="userId" value={user.id} />
      <SubmitButton variant="secondary" size="sm" disabled={pending} aria-label={`Unlock ${user.email}`}>
        Unlock
      </SubmitButton>
      {state && !state.ok ? (
        <span role="alert" className="text-xs text-danger">
          {state.message}
        </span>
      ) : null}
    </form>
  );
}

export function UsersTable({ users, currentUserId }: { users: UserView[]; currentUserId: string }) {
  return (
    <Card>
      <CardHeader
        title="Users"
        description={`${users.length} ${users.length === 1 ? "person has" : "people have"} access.`}
      />
      {users.length === 1 ? (
        <div className="px-5 pt-4">
          <Alert tone="info" title="Only you so far">
            Add the people who will build and watch syncs: editors and viewers.
          </Alert>
        </div>
      ) : null}
      <Table>
        <thead>
          <tr>
            <Th>Person</Th>
            <Th>Role</Th>
            <Th>Last sign-in</Th>
            <Th className="text-right">Access</Th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id}>
              <Td>
                <p className="font-medium">
                  {user.name}{" "}
                  {user.disabled ? (
                    <Badge tone="danger" className={toneText.danger}>
                      Disabled
                    </Badge>
                  ) : null}{" "}
                  {user.locked ? (
                    <Badge tone="warning" title="Too many failed sign-ins in the last 15 minutes">
                      Locked
                    </Badge>
                  ) : null}
                  {user.createdBySso ? (
                    <Badge title="Created by their first single sign-on; they have no password">SSO</Badge>
                  ) : null}
                </p>
                <p className="text-xs text-muted-foreground">{user.email}</p>
              </Td>
              <Td>
                <RoleForm user={user} />
              </Td>
              <Td className="text-muted-foreground">
                {user.lastSignInAt ? <DateTime value={user.lastSignInAt} relative /> : "Never"}
              </Td>
              <Td className="text-right">
                <div className="flex flex-col items-end gap-1.5">
                  {user.locked ? <UnlockForm user={user} /> : null}
                  <DisableForm user={user} isMe={user.id === currentUserId} />
                </div>
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}
